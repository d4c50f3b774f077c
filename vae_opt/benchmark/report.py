"""The benchmark's outputs: one CSV row per run, a Markdown summary, and its two figures."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from vae_opt.benchmark.runner import ALL_METHODS, LATENT_METHODS, Run
from vae_opt.files import check_output_dir, write_atomic, write_text_atomic

COLUMNS: tuple[str, ...] = (
    "method", "target", "seed", "settings", "success_classifier", "success_judge",
    "judge_top10_fraction", "best_objective", "regret", "evaluations_to_first_success",
    "n_evaluations", "gradient_evaluations", "seconds",
)


OUTPUT_FILES = ("results.csv", "summary.md", "convergence.png", "best_samples.png")


def write_runs_csv(runs: list[Run], path: Path, columns: tuple[str, ...] = COLUMNS) -> Path:
    """One row per run (atomically); a missing value is an empty cell, NaN is 'nan'."""
    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns)
            writer.writeheader()
            for run in runs:
                writer.writerow({k: "" if run.row.get(k) is None else run.row[k] for k in columns})

    return write_atomic(path, write, force=True)


def number_cell(value: float, digits: int = 3) -> str:
    """A table cell: the value rounded, or 'n/a' for NaN and 'never' for infinity."""
    if math.isnan(value):
        return "n/a"
    return "never" if math.isinf(value) else f"{value:.{digits}f}"


def _summary_line(method: str, target: str, rows: list[dict]) -> str:
    """One Markdown table row of means (rates) over the given runs."""
    def mean(key: str) -> float:
        return float(np.mean([float(r[key]) for r in rows]))

    first = [math.inf if r["evaluations_to_first_success"] is None
             else r["evaluations_to_first_success"] for r in rows]
    cells = [method, target, str(len(rows)), number_cell(mean("success_classifier"), 2),
             number_cell(mean("success_judge"), 2), number_cell(mean("judge_top10_fraction"), 2),
             number_cell(mean("best_objective")), number_cell(mean("regret")),
             number_cell(float(np.median(first)), 1), number_cell(mean("seconds"), 2)]
    return "| " + " | ".join(cells) + " |"


def summary_markdown(runs: list[Run]) -> str:
    """Per method and target, and over all targets, the benchmark's figures as a Markdown table."""
    rows = [run.row for run in runs]
    settings = sorted({str(r.get("settings")) for r in rows if r["method"] == "bo"})
    lines = [
        "# Benchmark: conditional generation of each digit",
        "",
        f"BO settings: {', '.join(settings) or 'n/a'}. Rates and means are over seeds (and "
        "targets in the 'all' rows). Objective and regret are those of the decode-and-classify "
        "objective (gradient search: at the samples it picked by the predictor objective); the "
        "CVAE has no latent point in the VAE: n/a for it. Evaluations to first success: median "
        "over runs of the first evaluation whose image the judge assigns to the target ('never' "
        "when at least half of the runs never reach one).",
        "",
        "| method | target | runs | success (classifier) | success (judge) | judge top-10 "
        "| best objective | regret | evaluations to first success | seconds |",
        "|" + "---|" * 10,
    ]
    for method in ALL_METHODS:
        mine = [r for r in rows if r["method"] == method]
        for target in sorted({r["target"] for r in mine}):
            lines.append(_summary_line(method, str(target), [r for r in mine if r["target"] == target]))
        if mine:
            lines.append(_summary_line(f"**{method}**", "all", mine))
    return "\n".join(lines) + "\n"


def write_outputs(runs: list[Run], out_dir: str | Path) -> dict[str, Path]:
    """Write results.csv, summary.md, convergence.png and best_samples.png into out_dir."""
    from vae_opt.benchmark.plots import plot_benchmark_best_samples, plot_convergence
    from vae_opt.plotting import save_and_close

    out_dir = check_output_dir(out_dir)
    paths = {"results.csv": write_runs_csv(runs, out_dir / "results.csv"),
             "summary.md": write_text_atomic(out_dir / "summary.md", summary_markdown(runs),
                                             force=True)}
    # Every latent method that ran gets a line; those that did not are skipped.
    convergence = plot_convergence(runs, LATENT_METHODS)
    paths.update(save_and_close({"convergence": convergence,
                                 "best_samples": plot_benchmark_best_samples(runs)}, out_dir))
    return paths
