"""How does BO in latent space scale with d, against random search? The benchmark by dimension.

For each latent dimension d (2, 8, 16: the softmax joint models of that size), every method runs
on every target digit and seed with the budget of that d (52, 100, 150 evaluations), exactly as
in the main benchmark (``runner``): BO with the settings for d (``config.default_settings``),
uniform random search in the box, random draws from the prior, gradient search, and the CVAE.

* Success: the judge assigns the method's best sample to the target.
* Evaluations to success: the first evaluation after which the method's best sample so far is
  judged the target, i.e. what a user who stopped there would hold (never: counted as the budget
  in means, a lower bound).
* Regret: best objective minus the target's reference minimum, the lowest value any method found
  at that d, including gradient search from many starts (no grid reaches 8 or 16 dimensions).

    python -m vae_opt.benchmark.dimensions --out docs/dimensions
    python -m vae_opt.benchmark.dimensions --out docs/dimensions/study --dims 8 16 \\
        --seeds 100 101 --bo-settings prior-shell recommended prior-shell-init-2 prior-shell-ard
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path
from typing import Iterable, TextIO

import numpy as np

from vae_opt.baselines import gradient_search
from vae_opt.benchmark.runner import Run, check_methods, cvae_run, latent_run, search
from vae_opt.benchmark.study_candidates import CANDIDATES
from vae_opt.config import (DIMENSIONS, DIMENSIONS_QUICK, NUM_CLASSES, OPTIMIZATION,
                            DimensionBenchmarkConfig, default_settings)
from vae_opt.files import check_output_dir, write_atomic, write_text_atomic
from vae_opt.pretrained import Bundle, bundle
from vae_opt.paths import model_path
from vae_opt.validation import check_seeds, check_target

COLUMNS = ("dim", "budget", "method", "settings", "target", "seed", "success_judge",
           "success_classifier", "evaluations_to_success", "best_objective",
           "reference_minimum", "regret", "n_evaluations", "seconds")
OUTPUT_FILES = ("results.csv", "summary.md", "summary.json", "dimensions.png")


def reference_minimum(models: Bundle, target: int, config: DimensionBenchmarkConfig,
                      bounds: tuple[float, float] = OPTIMIZATION.bounds) -> float:
    """The lowest decode-and-classify objective reached by gradient search from many starts
    (Adam on the predictor objective, every visited point scored by the objective)."""
    result = gradient_search(models.objective(target, "predictor"), models.predictor,
                             n_starts=config.reference_starts, steps=config.reference_steps,
                             bounds=bounds, seed=config.reference_seed)
    return float(np.min(models.objective(target)(result.X)))


def _bo_label(settings: str, dim: int) -> str:
    """'bo' for the settings a run of this d uses by default, 'bo:<name>' for another."""
    return "bo" if settings == default_settings(dim) else f"bo:{settings}"


def _check_bo_settings(names: Iterable[str] | None) -> tuple[str, ...] | None:
    if names is None:
        return None
    names = tuple(dict.fromkeys(names))
    unknown = [n for n in names if n not in CANDIDATES]
    if unknown or not names:
        raise ValueError(f"unknown BO settings {', '.join(map(repr, unknown))}; choose from "
                         f"{', '.join(CANDIDATES)}" if unknown else "give at least one BO setting")
    return names


def run_dimension(dim: int, budget: int, models: Bundle, config: DimensionBenchmarkConfig,
                  methods: tuple[str, ...], bo_settings: tuple[str, ...] | None = None,
                  stream: TextIO = sys.stderr) -> list[Run]:
    """Every method on every target and seed of `config` in this d, with regret filled in."""
    if models.latent_dim != dim:
        raise ValueError(f"the model for d = {dim} has a {models.latent_dim}-d latent space")
    bounds = OPTIMIZATION.bounds
    settings = (bo_settings or (default_settings(dim),)) if "bo" in methods else ()
    for name in settings:
        if budget <= CANDIDATES[name].initial_points:
            raise ValueError(f"d = {dim}: a budget of {budget} leaves BO ({name}) no iteration "
                             f"after its {CANDIDATES[name].initial_points} initial points")
    runs: list[Run] = []
    for target in config.targets:
        for seed in config.seeds:
            scored = {}  # label: (row, trace, image), settings
            for method in methods:
                if method == "cvae":
                    scored[method] = cvae_run(target, seed, budget, models), ""
                elif method != "bo":
                    result = search(method, target, seed, budget, models, bounds,
                                    default_settings(dim))  # settings unused: not BO
                    scored[method] = latent_run(result, models.objective(target), math.nan,
                                                 models), ""
            for name in settings:
                result = search("bo", target, seed, budget, models, bounds, CANDIDATES[name])
                scored[_bo_label(name, dim)] = latent_run(result, models.objective(target),
                                                           math.nan, models), name
            for method, ((row, trace, image), name) in scored.items():
                row = {"dim": dim, "budget": budget, "method": method, "target": target,
                       "seed": seed, "settings": name, **row}
                print(f"[dimensions] d={dim:2d} {method:18s} target {target} seed {seed}: judge "
                      f"{'yes' if row['success_judge'] else 'no '}, success after "
                      f"{row['evaluations_to_success'] or 'never'}, best objective "
                      f"{row['best_objective']:.3f}, {row['seconds']:.1f} s", file=stream,
                      flush=True)
                runs.append(Run(row, trace, image))
    _fill_regret(runs, models, config)
    return runs


def _fill_regret(runs: list[Run], models: Bundle, config: DimensionBenchmarkConfig) -> None:
    """Each run's regret against its target's reference minimum (NaN for the CVAE)."""
    for target in {run.row["target"] for run in runs}:
        mine = [run for run in runs if run.row["target"] == target]
        found = [run.row["best_objective"] for run in mine
                 if np.isfinite(run.row["best_objective"])]
        reference = min([reference_minimum(models, target, config), *found])
        for run in mine:
            run.row["reference_minimum"] = reference
            run.row["regret"] = run.row["best_objective"] - reference


def run_dimensions(config: DimensionBenchmarkConfig = DIMENSIONS,
                   methods: Iterable[str] | None = None, bo_settings: Iterable[str] | None = None,
                   stream: TextIO = sys.stderr) -> list[Run]:
    """The benchmark at every d of `config`, each with its own pretrained model and budget."""
    for target in config.targets:
        check_target(target)
    check_seeds(config.seeds)
    methods = check_methods(methods or config.methods, stream)
    bo_settings = _check_bo_settings(bo_settings)
    kinds = dict(config.models)
    runs: list[Run] = []
    for dim, budget in config.budgets:
        if dim not in kinds:
            raise ValueError(f"no pretrained model for d = {dim}; choose from {sorted(kinds)}")
        models = bundle(model_path(kinds[dim]))
        runs += run_dimension(dim, budget, models, config, methods, bo_settings, stream)
    return runs


def shell_pilot(models: Bundle, quantiles: Iterable[float], seeds: Iterable[int],
                draws: int = 30_000) -> dict[float, float]:
    """How the shell's inner radius changes what the judge thinks of the objective's best point,
    without any optimizer: for each seed, `draws` prior draws; for each digit and inner quantile
    q, the draw with the lowest objective among those with |t| >= chi_d quantile q, judged.
    Returns {q: share of (digit, seed) judged a success}."""
    from scipy.stats import chi

    from vae_opt.evaluation import assigned_to
    from vae_opt.networks.vae import decode

    dim, quantiles = models.latent_dim, tuple(quantiles)
    hits: dict[float, list[bool]] = {q: [] for q in quantiles}
    for seed in seeds:
        t = np.random.default_rng(seed).standard_normal((draws, dim))
        norms = np.linalg.norm(t, axis=1)
        for target in range(NUM_CLASSES):
            values = models.objective(target)(t)[:, 0]
            for q in quantiles:
                allowed = np.flatnonzero(norms >= chi.ppf(q, dim))
                best = allowed[np.argmin(values[allowed])]
                image = decode(models.decoder, t[best][None, :])
                hits[q].append(bool(assigned_to(models.judge, image, target)[0]))
    return {q: float(np.mean(v)) for q, v in hits.items()}


# --- the report ------------------------------------------------------------------------------


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


def _cell(value: float, digits: int) -> str:
    if math.isnan(value):
        return "n/a"
    return "never" if math.isinf(value) else f"{value:.{digits}f}"


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
            f"{100 * s['success_judge']:.0f} % | {_cell(s['median_evaluations_to_success'], 1)} | "
            f"{_cell(s['mean_evaluations_to_success'], 1)} | {_cell(s['mean_regret'], 3)} | "
            f"{s['seconds']:.2f} |")
    lines += ["", "Random search / BO, evaluations to success (mean; median):", ""]
    for dim in sorted({s["dim"] for s in stats}):
        by = {s["method"]: s for s in stats if s["dim"] == dim}
        if "bo" in by and "random" in by:
            mean = by["random"]["mean_evaluations_to_success"] / by["bo"]["mean_evaluations_to_success"]
            median = (by["random"]["median_evaluations_to_success"]
                      / by["bo"]["median_evaluations_to_success"])
            lines.append(f"- d = {dim}: {mean:.1f}x (mean); {_cell(median, 1)}x (median)")
    return "\n".join(lines) + "\n"


def write_outputs(runs: list[Run], out_dir: str | Path) -> dict[str, Path]:
    """results.csv, summary.md, summary.json, the success curves (dimensions.png) and each BO
    setting's best samples (best_samples.png for the default, best_samples-NAME.png), into
    out_dir."""
    import matplotlib.pyplot as plt

    from vae_opt.plotting import plot_dimension_best_samples, plot_dimension_success

    out_dir = check_output_dir(out_dir)
    paths = {name: out_dir / name for name in OUTPUT_FILES}
    stats = summarise(runs)

    def write_csv(tmp: Path) -> None:
        with open(tmp, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
            writer.writeheader()
            for run in runs:
                writer.writerow({k: "" if run.row.get(k) is None else run.row[k] for k in COLUMNS})

    write_atomic(paths["results.csv"], write_csv, force=True)
    write_text_atomic(paths["summary.md"], summary_markdown(stats), force=True)
    write_text_atomic(paths["summary.json"], json.dumps(stats, indent=1) + "\n", force=True)
    figures = [("dimensions.png", plot_dimension_success(runs))]
    for method in dict.fromkeys(run.row["method"] for run in runs):
        if method.startswith("bo"):  # each BO setting's best samples: bo, bo:<settings>, ...
            name = "best_samples.png" if method == "bo" else f"best_samples-{method[3:]}.png"
            paths[name] = out_dir / name
            figures.append((name, plot_dimension_best_samples(runs, method)))
    for name, fig in figures:
        write_atomic(paths[name], lambda tmp, fig=fig: fig.savefig(tmp, format="png", dpi=90),
                     force=True)
        plt.close(fig)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m vae_opt.benchmark.dimensions",
        description="Benchmark BO against random search, prior draws, gradient search and the "
                    "CVAE in latent spaces of 2, 8 and 16 dimensions.")
    parser.add_argument("--out", type=Path, default=DIMENSIONS.output_dir)
    parser.add_argument("--quick", action="store_true",
                        help="d = 2 and 8, one target and seed, small budgets (a smoke run)")
    parser.add_argument("--dims", type=int, nargs="+", help="a subset of the dimensions")
    parser.add_argument("--targets", type=int, nargs="+")
    parser.add_argument("--seeds", type=int, nargs="+")
    parser.add_argument("--methods", nargs="+", help="a subset of bo, random, prior, gradient, cvae")
    parser.add_argument("--bo-settings", nargs="+", metavar="NAME",
                        help="BO settings to compare (default: the settings for each d)")
    parser.add_argument("--shell-pilot", type=float, nargs="+", metavar="Q",
                        help="instead: the pilot that chose the shell (inner chi quantiles Q), "
                             "on 30,000 prior draws per seed (default seeds 100 101 102)")
    args = parser.parse_args(argv)
    if args.shell_pilot:
        _pilot(args, parser)
        return
    config = DIMENSIONS_QUICK if args.quick else DIMENSIONS
    budgets = config.budgets
    if args.dims:
        known = dict(DIMENSIONS.budgets)
        bad = [d for d in args.dims if d not in known]
        if bad:
            parser.error(f"no model for d = {bad[0]}; choose from {', '.join(map(str, known))}")
        budgets = tuple((d, dict(budgets).get(d, known[d])) for d in args.dims)
    from dataclasses import replace
    config = replace(config, budgets=budgets, targets=tuple(args.targets or config.targets),
                     seeds=tuple(args.seeds if args.seeds is not None else config.seeds))
    try:
        check_output_dir(args.out)
        runs = run_dimensions(config, args.methods, args.bo_settings)
    except ValueError as error:
        parser.error(str(error))
    paths = write_outputs(runs, args.out)
    print(summary_markdown(summarise(runs)))
    print("wrote " + ", ".join(str(p) for p in paths.values()), file=sys.stderr)


def _pilot(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Run shell_pilot at each d and write its table as out/shell_pilot.md."""
    dims = args.dims or [d for d, _ in DIMENSIONS.budgets]
    kinds = dict(DIMENSIONS.models)
    if any(d not in kinds for d in dims) or any(not 0 <= q < 1 for q in args.shell_pilot):
        parser.error(f"--dims from {', '.join(map(str, kinds))}; quantiles Q in [0, 1)")
    seeds = args.seeds if args.seeds is not None else [100, 101, 102]
    out = check_output_dir(args.out)
    lines = ["# The shell pilot: the judge on the best of prior draws with |t| >= chi quantile q",
             "", f"`python -m vae_opt.benchmark.dimensions --shell-pilot "
             f"{' '.join(map(str, args.shell_pilot))} --dims {' '.join(map(str, dims))} --seeds "
             f"{' '.join(map(str, seeds))}`: 30,000 draws per seed, 10 digits.", "",
             "| d | " + " | ".join(f"q = {q}" for q in args.shell_pilot) + " |",
             "|---|" + "---|" * len(args.shell_pilot)]
    for dim in dims:
        shares = shell_pilot(bundle(model_path(kinds[dim])), args.shell_pilot, seeds)
        lines.append(f"| {dim} | " + " | ".join(f"{100 * v:.0f} %" for v in shares.values()) + " |")
    text = "\n".join(lines) + "\n"
    write_text_atomic(out / "shell_pilot.md", text, force=True)
    print(text)


if __name__ == "__main__":
    main()
