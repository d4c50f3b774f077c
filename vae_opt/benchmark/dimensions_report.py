"""The benchmark by dimension's outputs: one CSV row per run, a Markdown and JSON summary per d
and method, the success curves and each BO setting's best samples."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from vae_opt.benchmark.report import number_cell, write_runs_csv
from vae_opt.benchmark.runner import Run
from vae_opt.files import check_output_dir, write_text_atomic

COLUMNS = ("dim", "budget", "method", "settings", "target", "seed", "success_judge",
           "success_classifier", "evaluations_to_success", "best_objective",
           "reference_minimum", "regret", "n_evaluations", "seconds")


def summarise(runs: list[Run]) -> list[dict]:
    """Per d and method: success rate, evaluations to success, regret and time (over runs)."""
    rows = [run.row for run in runs]
    stats = []
    for dim in sorted({r["dim"] for r in rows}):
        for method in dict.fromkeys(r["method"] for r in rows if r["dim"] == dim):
            mine = [r for r in rows if r["dim"] == dim and r["method"] == method]
            budget = mine[0]["budget"]
            first = np.array([r["evaluations_to_success"] or math.inf for r in mine], float)
            regret = np.array([r["regret"] for r in mine], float)
            stats.append({
                "dim": dim, "method": method, "budget": budget, "runs": len(mine),
                "success_judge": float(np.mean([r["success_judge"] for r in mine])),
                "ever_success": float(np.mean(np.isfinite(first))),
                "median_evaluations_to_success": float(np.median(first)),
                "mean_evaluations_to_success": float(np.mean(np.minimum(first, budget))),
                "mean_regret": float(np.mean(regret)), "median_regret": float(np.median(regret)),
                "mean_best_objective": float(np.mean([r["best_objective"] for r in mine])),
                "seconds": float(np.mean([r["seconds"] for r in mine])),
            })
    return stats


def summary_markdown(stats: list[dict], title: str = "Benchmark by latent dimension") -> str:
    """The summary as a Markdown table, with the speed-up of BO over random search per d."""
    lines = [f"# {title}", "",
             "Success: the judge assigns the best sample to the target. Evaluations to success: "
             "the first evaluation after which the method's best sample so far is judged the "
             "target (median over runs, 'never' if half never get there; mean with 'never' "
             "counted as the budget, a lower bound). Regret: best objective minus the best value "
             "any method found for the target at that d (incl. gradient search from many starts).",
             "", "| d | budget | method | runs | success (judge) | evaluations to success: "
             "median | mean | mean regret | s/run |", "|" + "---|" * 9]
    for s in stats:
        lines.append(
            f"| {s['dim']} | {s['budget']} | {s['method']} | {s['runs']} | "
            f"{100 * s['success_judge']:.0f} % | {number_cell(s['median_evaluations_to_success'], 1)} | "
            f"{number_cell(s['mean_evaluations_to_success'], 1)} | {number_cell(s['mean_regret'], 3)} | "
            f"{s['seconds']:.2f} |")
    lines += ["", "Random search / BO, evaluations to success (mean; median):", ""]
    for dim in sorted({s["dim"] for s in stats}):
        by = {s["method"]: s for s in stats if s["dim"] == dim}
        if "bo" in by and "random" in by:
            mean = by["random"]["mean_evaluations_to_success"] / by["bo"]["mean_evaluations_to_success"]
            median = (by["random"]["median_evaluations_to_success"]
                      / by["bo"]["median_evaluations_to_success"])
            lines.append(f"- d = {dim}: {mean:.1f}x (mean); {number_cell(median, 1)}x (median)")
    return "\n".join(lines) + "\n"


def write_outputs(runs: list[Run], out_dir: str | Path) -> dict[str, Path]:
    """results.csv, summary.md, summary.json, the success curves (dimensions.png) and each BO
    setting's best samples (best_samples.png for the default, best_samples-NAME.png), into
    out_dir."""
    from vae_opt.benchmark.plots import plot_dimension_best_samples, plot_dimension_success
    from vae_opt.plotting import save_and_close

    out_dir = check_output_dir(out_dir)
    stats = summarise(runs)
    paths = {"results.csv": write_runs_csv(runs, out_dir / "results.csv", COLUMNS)}
    for name, text in (("summary.md", summary_markdown(stats)),
                       ("summary.json", json.dumps(stats, indent=1) + "\n")):
        paths[name] = write_text_atomic(out_dir / name, text, force=True)
    figures = {"dimensions": plot_dimension_success(runs)}
    for method in dict.fromkeys(run.row["method"] for run in runs):
        if method.startswith("bo"):  # each BO setting's best samples: bo, bo:<settings>, ...
            name = "best_samples" if method == "bo" else f"best_samples-{method[3:]}"
            figures[name] = plot_dimension_best_samples(runs, method)
    paths.update(save_and_close(figures, out_dir))
    return paths
