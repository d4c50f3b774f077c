"""The molecule suite's report, from its results lines only: runs.csv (one row per run),
summary.md (per task and method mean ± sd over seeds of top-1, top-10 mean, top-10 AUC,
distinct molecules and seconds, then `bo` against each other method paired by seed with the
Wilcoxon signed-rank test) and best-so-far-TASK.png (best so far against calls, every method).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
from scipy.stats import wilcoxon

from vae_opt.bench.metrics import best_so_far
from vae_opt.molecules.adapters import heavy_atoms
from vae_opt.files import write_text_atomic

METRICS = (("best", "top-1"), ("top10_mean", "top-10 mean"), ("top10_auc", "top-10 AUC"),
           ("second_half_mean", "mean, 2nd half"), ("distinct", "distinct"),
           ("seconds", "s / run"))
COLUMNS = ("task", "method", "seed", "budget", "pool", "calls", "best", "top10_mean",
           "top10_auc", "distinct", "seconds", "iterations", "seconds_per_iteration",
           "best_smiles")
REFERENCE = "bo"
PAIRED_ON = "top10_auc"


def best_smiles(record: dict) -> str:
    """The SMILES of a run's best call ('' when the line holds no molecules)."""
    values, smiles = record.get("values") or [], record.get("smiles") or []
    if not values or len(smiles) != len(values):
        return ""
    return smiles[int(np.argmax([-math.inf if v is None else v for v in values]))]


def runs_csv(records: list[dict]) -> str:
    """One row per run, the numbers of COLUMNS."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for r in records:
        row = {**r, "best_smiles": best_smiles(r)}
        writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in row.items()
                         if k in COLUMNS})
    return out.getvalue()


def second_half_mean(record: dict) -> float | None:
    """The mean value of a run's second half of calls: where the method spends its budget once
    it has learned (None for a run of fewer than 2 calls)."""
    values = [v for v in (record.get("values") or []) if v is not None]
    return float(np.mean(values[len(values) // 2:])) if len(values) >= 2 else None


def mean_sd(values: list[float], digits: int = 3) -> str:
    """'mean ± sd' over seeds (sd with ddof 1; just the mean for one value)."""
    values = [v for v in values if isinstance(v, (int, float))]
    if not values:
        return "n/a"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{np.mean(values):.{digits}f} ± {np.std(values, ddof=1):.{digits}f}"


def _by(records: list[dict], key: str) -> list[str]:
    """The distinct values of a field, in order of first appearance."""
    return list(dict.fromkeys(r[key] for r in records))


def method_table(records: list[dict], task: str) -> list[str]:
    """The per-method table of one task: mean ± sd over seeds."""
    lines = ["| method | seeds | budget | " + " | ".join(title for _, title in METRICS) + " |",
             "|---|---|---|" + "---|" * len(METRICS)]
    mine = [r for r in records if r["task"] == task]
    for method in _by(mine, "method"):
        rows = [r for r in mine if r["method"] == method]
        seeds = ",".join(str(r["seed"]) for r in sorted(rows, key=lambda r: r["seed"]))
        budgets = "/".join(map(str, sorted({r["budget"] for r in rows})))
        cells = [mean_sd([second_half_mean(r) if key == "second_half_mean" else r.get(key)
                          for r in rows], 1 if key in ("distinct", "seconds") else 3)
                 for key, _ in METRICS]
        lines.append(f"| {method} | {seeds} | {budgets} | " + " | ".join(cells) + " |")
    return lines


def paired(records: list[dict], task: str, other: str, key: str = PAIRED_ON) -> dict | None:
    """`bo` against `other` on one task, paired by (seed, budget): the differences, wins,
    losses and the two-sided Wilcoxon signed-rank p-value (None for fewer than 2 pairs)."""
    diff = np.array(_differences(records, task, other, key))
    if not len(diff):
        return None
    p = math.nan
    if len(diff) >= 2 and np.any(diff != 0):
        p = float(wilcoxon(diff, alternative="two-sided").pvalue)
    return {"n": len(diff), "mean_difference": float(diff.mean()),
            "ahead": int(np.sum(diff > 0)), "behind": int(np.sum(diff < 0)), "p": p}


def paired_table(records: list[dict], task: str) -> list[str]:
    """`bo` against every other method of a task (top-10 AUC, paired by seed)."""
    mine = [r for r in records if r["task"] == task]
    if REFERENCE not in _by(mine, "method"):
        return []
    lines = [f"| {REFERENCE} against | pairs | mean difference | ahead / behind | Wilcoxon p |",
             "|---|---|---|---|---|"]
    for other in _by(mine, "method"):
        result = paired(records, task, other) if other != REFERENCE else None
        if result:
            p = "n/a" if math.isnan(result["p"]) else f"{result['p']:.3f}"
            lines.append(f"| {other} | {result['n']} | {result['mean_difference']:+.3f} | "
                         f"{result['ahead']} / {result['behind']} | {p} |")
    return lines if len(lines) > 2 else []


def goals_markdown(records: list[dict]) -> list[str]:
    """The issue's goals, measured on the MPO tasks present: `bo` against screening and prior
    draws (seeds ahead by top-10 AUC; 5 of 5 is the most five seeds can show) and against
    Graph GA (mean top-10 AUC); and on all MPO runs pooled, the paired Wilcoxon test."""
    mpo = [t for t in _by(records, "task") if t.endswith("_mpo")]
    rows, pooled, matched = [], {}, 0
    for task in mpo:
        cells = []
        for other in ("screening", "prior", "graph_ga"):
            result = paired(records, task, other)
            if result is None:
                cells.append("n/a")
                continue
            pooled.setdefault(other, []).extend(_differences(records, task, other))
            cells.append(f"{result['ahead']} / {result['n']} ({result['mean_difference']:+.3f})")
            matched += other == "graph_ga" and result["mean_difference"] >= 0
        rows.append(f"| {task} | " + " | ".join(cells) + " |")
    if not rows:
        return []
    lines = ["## Goals (MPO tasks, top-10 AUC)", "",
             "Seeds where `bo` is ahead, of the pairs, and the mean difference `bo` minus the "
             "other method.", "", "| task | vs screening | vs prior | vs graph_ga |",
             "|---|---|---|---|", *rows, "",
             f"`bo` matches or beats Graph GA (mean top-10 AUC) on {matched} of {len(mpo)} MPO "
             "tasks.", ""]
    for other, diff in pooled.items():
        p = wilcoxon(diff).pvalue if len(diff) >= 2 and np.any(np.array(diff) != 0) else math.nan
        lines.append(f"* all MPO pairs, `bo` against {other}: {int(np.sum(np.array(diff) > 0))} "
                     f"of {len(diff)} ahead, mean {np.mean(diff):+.3f}, Wilcoxon p = {p:.2g}")
    return lines + [""]


def tripp_markdown(records: list[dict], target: float = 5.71) -> list[str]:
    """Tripp et al.'s protocol (suite molecules-tripp): per task and method the best of the
    calls, how many seeds reach `target` (plain latent-space BO in Tripp et al. 2020), and the
    heavy atoms of the best molecule (a long chain scores high on raw penalized logP)."""
    mine = [r for r in records if r.get("suite") == "molecules-tripp"]
    if not mine:
        return []
    lines = [f"## Tripp et al.'s protocol: best penalized logP in the calls (target {target})",
             "", "| task | method | seeds | best | seeds >= target | heavy atoms of the best |",
             "|---|---|---|---|---|---|"]
    for task in _by(mine, "task"):
        for method in _by([r for r in mine if r["task"] == task], "method"):
            rows = [r for r in mine if r["task"] == task and r["method"] == method]
            atoms = [heavy_atoms(best_smiles(r)) for r in rows if best_smiles(r)]
            lines.append(f"| {task} | {method} | {len(rows)} | {mean_sd([r['best'] for r in rows])}"
                         f" | {sum(r['best'] >= target for r in rows)} / {len(rows)} | "
                         f"{min(atoms, default=0)}-{max(atoms, default=0)} |")
    return lines + [""]


def _differences(records: list[dict], task: str, other: str, key: str = PAIRED_ON
                 ) -> list[float]:
    """`bo` minus `other` in `key` on one task, one value per shared (seed, budget)."""
    def values(method: str) -> dict:
        return {(r["seed"], r["budget"]): r.get(key) for r in records
                if r["task"] == task and r["method"] == method}

    ours, theirs = values(REFERENCE), values(other)
    return [ours[k] - theirs[k] for k in sorted(set(ours) & set(theirs))
            if ours[k] is not None and theirs[k] is not None]


def _pool_sentence(records: list[dict]) -> str:
    if records and not any(r.get("pool_charged", True) for r in records):
        return ("Every run starts from the same pre-scored pool, which is not charged: the "
                "calls are new molecules only.")
    return "Every run scores the same starting pool first, counted against its budget."


def summary_markdown(records: list[dict]) -> str:
    """summary.md: the goals, then per task the method table and the paired comparisons."""
    suites = ", ".join(f"`{s}`" for s in _by(records, "suite")) if records else "none"
    text = [f"# Molecule benchmark (suite {suites})", "",
            "Mean ± sd over seeds (sd with ddof 1). " + _pool_sentence(records) + " Paired comparisons: `bo` minus the other "
            "method's top-10 AUC, paired by seed; p is the two-sided Wilcoxon signed-rank test "
            "(scipy.stats.wilcoxon, exact for these sizes). With 5 pairs the smallest p it can "
            "give is 0.0625: 5 of 5 seeds ahead is the strongest evidence five seeds hold.", ""]
    text += goals_markdown(records) + tripp_markdown(records)
    for task in _by(records, "task"):
        text += [f"## {task}", ""] + method_table(records, task) + [""]
        table = paired_table(records, task)
        text += (table + [""]) if table else []
    return "\n".join(text)


def figure(records: list[dict], task: str):
    """Best so far against calls on one task: per method the mean over seeds, min-max shaded."""
    import matplotlib  # matplotlib: only for the figures

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # matplotlib

    fig, ax = plt.subplots(figsize=(6.5, 4))
    mine = [r for r in records if r["task"] == task]
    for i, method in enumerate(_by(mine, "method")):
        curves = [best_so_far(r["values"], r.get("direction", "maximize")) for r in mine
                  if r["method"] == method and r.get("values")]
        if not curves:
            continue
        n = max(len(c) for c in curves)  # a run that stopped early keeps its last value
        stack = np.array([np.pad(c, (0, n - len(c)), mode="edge") for c in curves])
        calls = np.arange(1, n + 1)
        ax.plot(calls, stack.mean(0), color=f"C{i}", label=f"{method} ({len(curves)})")
        ax.fill_between(calls, stack.min(0), stack.max(0), color=f"C{i}", alpha=0.15, lw=0)
    ax.set(xlabel="oracle calls", ylabel="best so far", title=task)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def write_report(records: list[dict], out_dir: Path) -> dict[str, Path]:
    """runs.csv, summary.md and best-so-far-TASK.png in out_dir."""
    import matplotlib.pyplot as plt  # matplotlib: closing the figures

    out_dir = Path(out_dir)
    paths = {"runs.csv": write_text_atomic(out_dir / "runs.csv", runs_csv(records), force=True),
             "summary.md": write_text_atomic(out_dir / "summary.md", summary_markdown(records),
                                             force=True)}
    for task in _by(records, "task"):
        name = f"best-so-far-{task}.png"
        fig = figure(records, task)
        fig.savefig(out_dir / name, dpi=120)
        plt.close(fig)
        paths[name] = out_dir / name
    return paths
