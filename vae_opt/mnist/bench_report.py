"""The MNIST suites' reports, from their results lines only: results.csv (one row per run),
summary.md (and summary.json for the dimensions) and the figures; plus the two references of
regret (the 2-d objective's grid minimum, gradient search from many starts at any d)."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vae_opt.mnist.baselines import gradient_search
from vae_opt.bench.report import number_cell
from vae_opt.mnist.bench_config import DimensionBenchmarkConfig
from vae_opt.mnist.config import REGRET_GRID_SPACING
from vae_opt.files import write_text_atomic
from vae_opt.mnist import bench_campaign, dims_summary, settings_table
from vae_opt.mnist.bench_methods import decode_image
from vae_opt.mnist.bench_plots import (plot_benchmark_best_samples, plot_convergence,
                                       plot_dimension_best_samples, plot_dimension_success)
from vae_opt.mnist.objectives import LogProbs, latent_grid, objective_surfaces
from vae_opt.plotting import save_and_close
from vae_opt.validation import check_bounds

COLUMNS = ("method", "target", "seed", "settings", "success_classifier", "success_judge",
           "judge_top10_fraction", "best_objective", "regret", "evaluations_to_first_success",
           "n_evaluations", "gradient_evaluations", "seconds")
DIMS_COLUMNS = ("dim", "budget", "method", "settings", "target", "seed", "success_judge",
                "success_classifier", "evaluations_to_success", "best_objective",
                "reference_minimum", "regret", "n_evaluations", "seconds")
LATENT = ("bo", "random", "prior", "gradient", "skopt", "botorch")  # methods with a trace


@dataclass
class Run:
    """A results line as the figures take it: its row, trace and best image."""

    row: dict
    trace: np.ndarray
    best_image: np.ndarray | None


def runs_of(records: list[dict]) -> list[Run]:
    """The records as Runs (NaN for a missing number)."""
    def row(r: dict) -> dict:
        out = {k: v for k, v in r.items() if k not in ("trace", "best_image", "values")}
        for key in ("best_objective", "regret"):
            out[key] = math.nan if out.get(key) is None else out[key]
        return out
    return [Run(row(r), np.array([math.nan if v is None else v for v in r.get("trace", [])],
                                 float),
                decode_image(r["best_image"]) if "best_image" in r else None) for r in records]


def objective_minima(log_probs: LogProbs, bounds: tuple[float, float],
                     spacing: float = REGRET_GRID_SPACING) -> np.ndarray:
    """Minimum of the objective over a grid of `spacing` on bounds^2, for each of the 10 targets."""
    low, high = check_bounds(bounds)
    size = int(round((high - low) / spacing)) + 1  # 161 points per axis for 0.05 on [-4, 4]
    return objective_surfaces(log_probs, latent_grid((low, high), size)).min(axis=1)


def reference_minimum(models, target: int, config: DimensionBenchmarkConfig) -> float:
    """The lowest objective gradient search reaches from config.reference_starts starts (Adam on
    the predictor objective, every visited point scored by the decode-and-classify one)."""
    result = gradient_search(models.objective(target, "predictor"), models.predictor,
                             n_starts=config.reference_starts, steps=config.reference_steps,
                             seed=config.reference_seed)
    return float(np.min(models.objective(target)(result.X)))


def runs_csv(runs: list[Run], columns: tuple[str, ...]) -> str:
    """One CSV row per run; a missing value is an empty cell, NaN is 'nan'."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for run in runs:
        writer.writerow({k: "" if run.row.get(k) is None else run.row[k] for k in columns})
    return out.getvalue()


def _line(method: str, target: str, rows: list[dict]) -> str:
    """One Markdown row of means (rates) over the given runs."""
    def mean(key: str) -> float:
        return float(np.mean([float(r[key]) for r in rows]))

    first = [math.inf if r["evaluations_to_first_success"] is None
             else r["evaluations_to_first_success"] for r in rows]
    cells = [method, target, str(len(rows)), number_cell(mean("success_classifier"), 2),
             number_cell(mean("success_judge"), 2), number_cell(mean("judge_top10_fraction"), 2),
             number_cell(mean("best_objective")), number_cell(mean("regret")),
             number_cell(float(np.median(first)), 1), number_cell(mean("seconds"), 2)]
    return "| " + " | ".join(cells) + " |"


def mnist_markdown(runs: list[Run]) -> str:
    """Per method and target, and over all targets, the benchmark's figures as Markdown."""
    rows = [run.row for run in runs]
    settings = sorted({f"{r['method']} = {r['settings']}" for r in rows if r["settings"]})
    lines = [
        "# Benchmark: conditional generation of each digit", "",
        f"BO settings: {', '.join(settings) or 'n/a'}. Rates and means are over seeds (and "
        "targets in the 'all' rows). Objective and regret are those of the decode-and-classify "
        "objective (gradient search: at the samples it picked by the predictor objective); the "
        "CVAE has no latent point in the VAE: n/a for it. Evaluations to first success: median "
        "over runs of the first evaluation whose image the judge assigns to the target ('never' "
        "when at least half of the runs never reach one).", "",
        "| method | target | runs | success (classifier) | success (judge) | judge top-10 "
        "| best objective | regret | evaluations to first success | seconds |",
        "|" + "---|" * 10]
    for method in dict.fromkeys(r["method"] for r in rows):
        mine = [r for r in rows if r["method"] == method]
        for target in sorted({r["target"] for r in mine}):
            lines.append(_line(method, str(target), [r for r in mine if r["target"] == target]))
        lines.append(_line(f"**{method}**", "all", mine))
    return "\n".join(lines) + "\n"


def write_mnist(records: list[dict], out_dir: Path) -> dict[str, Path]:
    """results.csv, summary.md, settings.md (the settings study's table: regret, share within
    0.5 nats, per method), convergence.png and best_samples.png of the mnist suite."""

    runs = runs_of(records)
    budget = "/".join(map(str, sorted({r["budget"] for r in records})))
    paths = {name: write_text_atomic(out_dir / name, text, force=True) for name, text in (
        ("results.csv", runs_csv(runs, COLUMNS)), ("summary.md", mnist_markdown(runs)),
        ("settings.md", settings_table.markdown(settings_table.summary([r.row for r in runs]),
                                               "every method", budget)))}
    methods = tuple(dict.fromkeys(r.row["method"] for r in runs
                                  if r.row["method"].split(":")[0] in LATENT))
    paths.update(save_and_close({"convergence": plot_convergence(runs, methods),
                                 "best_samples": plot_benchmark_best_samples(runs)}, out_dir))
    return paths


def with_regret(runs: list[Run]) -> list[Run]:
    """Dimension runs with regret against their task's reference: the lower of gradient search
    from many starts and the best objective any method found for it (CVAE: NaN)."""
    for task in {run.row["task"] for run in runs}:
        mine = [run for run in runs if run.row["task"] == task]
        found = [r.row["best_objective"] for r in mine if np.isfinite(r.row["best_objective"])]
        reference = min([mine[0].row.get("reference_gradient", math.inf), *found])
        for run in mine:
            run.row.update(reference_minimum=reference,
                           regret=run.row["best_objective"] - reference)
    return runs


def write_dims(records: list[dict], out_dir: Path) -> dict[str, Path]:
    """results.csv, summary.md, summary.json, dimensions.png and each BO's best samples."""

    runs = with_regret(runs_of(records))
    stats = dims_summary.summarise(runs)
    paths = {name: write_text_atomic(out_dir / name, text, force=True) for name, text in (
        ("results.csv", runs_csv(runs, DIMS_COLUMNS)),
        ("summary.md", dims_summary.summary_markdown(stats)),
        ("summary.json", json.dumps(stats, indent=1) + "\n"))}
    figures = {"dimensions": plot_dimension_success(runs)}
    for method in dict.fromkeys(run.row["method"] for run in runs):
        if method.startswith("bo"):  # each BO's best samples: bo, bo:<settings>, ...
            figures["best_samples" if method == "bo" else f"best_samples-{method[3:]}"] = (
                plot_dimension_best_samples(runs, method))
    paths.update(save_and_close(figures, out_dir))
    return paths


def write_campaign(records: list[dict], out_dir: Path) -> dict[str, Path]:
    """results.csv and summary.md of the campaign-batches suite."""

    runs = runs_of(records)
    return {name: write_text_atomic(out_dir / name, text, force=True) for name, text in (
        ("results.csv", runs_csv(runs, bench_campaign.COLUMNS)),
        ("summary.md", bench_campaign.summary_markdown([run.row for run in runs])))}


def write_profile(records: list[dict], out_dir: Path) -> dict[str, Path]:
    """profile.md of the bo-profile suite: seconds per part and counts, per candidate."""
    from vae_opt.mnist.bo_profile import table  # GPyOpt

    return {"profile.md": write_text_atomic(out_dir / "profile.md", table(records), force=True)}


REPORTS = {"mnist": write_mnist, "mnist-dims": write_dims, "campaign-batches": write_campaign,
           "bo-profile": write_profile}
