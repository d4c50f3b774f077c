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

The outputs are written by ``dimensions_report``; the pilot that chose the prior shell's mass is
``shell_pilot``.

    python -m vae_opt.benchmark.dimensions --out docs/dimensions
    python -m vae_opt.benchmark.dimensions --out docs/dimensions/study --dims 8 16 \\
        --seeds 100 101 --bo-settings prior-shell recommended prior-shell-init-2 prior-shell-ard
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterable, TextIO

import numpy as np

from vae_opt.mnist.baselines import gradient_search
from vae_opt.benchmark.dimensions_report import summarise, summary_markdown, write_outputs
from vae_opt.benchmark.runner import Run, bo_iterations, check_methods, run_methods
from vae_opt.benchmark.study_candidates import CANDIDATES
from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.bench_config import DIMENSIONS, DIMENSIONS_QUICK, DimensionBenchmarkConfig
from vae_opt.optimization.settings import default_settings
from vae_opt.files import check_output_dir
from vae_opt.mnist.pretrained import Bundle, bundle
from vae_opt.paths import model_path
from vae_opt.validation import check_seeds, check_target


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
        bo_iterations(budget, CANDIDATES[name])  # refused before any run
    others = tuple(m for m in methods if m != "bo")
    runs: list[Run] = []
    for target in config.targets:
        for seed in config.seeds:
            scored = {method: (result, "") for method, result in run_methods(
                target, seed, budget, math.nan, models, bounds, default_settings(dim),
                others).items()}  # label: (row, trace, image), settings
            for name in settings:
                bo = run_methods(target, seed, budget, math.nan, models, bounds,
                                 CANDIDATES[name], ("bo",))["bo"]
                scored[_bo_label(name, dim)] = bo, name
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
    args = parser.parse_args(argv)
    config = DIMENSIONS_QUICK if args.quick else DIMENSIONS
    budgets = config.budgets
    if args.dims:
        known = dict(DIMENSIONS.budgets)
        bad = [d for d in args.dims if d not in known]
        if bad:
            parser.error(f"no model for d = {bad[0]}; choose from {', '.join(map(str, known))}")
        budgets = tuple((d, dict(budgets).get(d, known[d])) for d in args.dims)
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


if __name__ == "__main__":
    main()
