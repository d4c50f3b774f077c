"""The benchmark by dimension's summary per d and method (summary.md, summary.json), from its
runs (vae_opt.mnist.bench_report.Run)."""

from __future__ import annotations

import math

import numpy as np

from vae_opt.bench.report import number_cell


def summarise(runs: list) -> list[dict]:
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
