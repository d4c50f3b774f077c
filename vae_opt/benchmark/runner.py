"""Running and scoring the benchmark: every method on every target and seed, at BO's budget.

* ``bo``: ``optimize`` on the decode-and-classify objective (the softmax VAE's decoder, then
  the separate classifier), with the chosen BO settings.
* ``random``: that objective at points drawn uniformly from the same box.
* ``prior``: that objective at draws of the prior N(0, I) (clipped to the box); not run unless
  asked for, since in 2-d the box and the prior differ little (the dimension benchmark runs it).
* ``gradient``: Adam on the *predictor* objective (the only differentiable one) from 4 random
  starts, floor(budget / 4) evaluations each. Its samples are then scored by the
  decode-and-classify objective, so that its best objective and regret compare with the others.
* ``cvae``: images drawn from the conditional VAE with the target's label. They have no latent
  point in the VAE, hence no objective value (NaN); ranked by the classifier's p(target | x).
* ``skopt``, ``botorch``: other libraries' BO on the same objective (``peers``), when the
  optional `peers` extra is installed; asked for without it, they are skipped with one line.

Every method spends the same budget: BO's initial points + max_iter evaluations, or ``budget``
when given (then BO makes budget - initial points iterations, whatever its settings).

Each method's "best sample" is the one its own ranking puts first. The judge, a network trained
apart from the classifier, gives the verdict. Regret is the best objective minus the minimum of
the decode-and-classify objective over a grid of spacing 0.05 on the box.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Iterable, TextIO

import numpy as np

from vae_opt.mnist.baselines import gradient_search, prior_search, random_search
from vae_opt.benchmark.peers import PEERS, SEARCHES, available, missing_note
from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.bench_config import ASKED_METHODS, BENCHMARK, BENCHMARK_METHODS
from vae_opt.mnist.config import GRADIENT_SEARCH, REGRET_GRID_SPACING
from vae_opt.optimization.settings import BOSettings, DEFAULT_SETTINGS, bo_settings
from vae_opt.mnist.evaluation import assigned_to
from vae_opt.mnist.networks.cvae import generate
from vae_opt.mnist.networks.vae import decode
from vae_opt.mnist.objectives import LatentObjective, LogProbs, latent_grid, objective_surfaces
from vae_opt.optimization import OptimizationResult, optimize
from vae_opt.mnist.pretrained import Bundle, bundle
from vae_opt.validation import check_bounds, check_positive_int, check_seeds, check_target

METHODS: tuple[str, ...] = BENCHMARK_METHODS  # always there
ALL_METHODS: tuple[str, ...] = METHODS + ASKED_METHODS + PEERS  # with those run when asked for
LATENT_METHODS: tuple[str, ...] = ("bo", "random", "prior", "gradient") + PEERS  # latent traces
Scored = tuple[dict, np.ndarray, np.ndarray]  # a run's row, its trace and its best image


@dataclass
class Run:
    """One method on one target with one seed: its results row and its convergence trace."""

    row: dict
    trace: np.ndarray  # decode-and-classify objective of the best sample so far, per evaluation
    best_image: np.ndarray | None = None  # the sample the method ranks first, (28, 28, 1)


def objective_minima(log_probs: LogProbs, bounds: tuple[float, float],
                     spacing: float = REGRET_GRID_SPACING) -> np.ndarray:
    """Minimum of the objective over a grid of `spacing` on bounds^2, for each of the 10 targets."""
    low, high = check_bounds(bounds)
    size = int(round((high - low) / spacing)) + 1  # 161 points per axis for 0.05 on [-4, 4]
    return objective_surfaces(log_probs, latent_grid((low, high), size)).min(axis=1)


def best_so_far(ranking: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """After each evaluation, the score of the sample ranked best among those evaluated so far."""
    best = np.zeros(len(ranking), dtype=int)
    for i in range(1, len(ranking)):
        best[i] = i if ranking[i] < ranking[best[i - 1]] else best[i - 1]
    return scores[best]


def score(images: np.ndarray, ranking: np.ndarray, scores: np.ndarray, target: int,
          minimum: float, models: Bundle) -> Scored:
    """The metrics of one run from its samples (evaluation order), own ranking (lower is better)
    and decode-and-classify objective values."""
    judged = assigned_to(models.judge, images, target)
    classified = assigned_to(models.classifier, images, target)
    order = np.argsort(ranking, kind="stable")
    best = int(order[0])
    successes = np.flatnonzero(judged)
    # What a user who stopped after k evaluations would hold: the best-ranked sample so far.
    best_successes = np.flatnonzero(best_so_far(ranking, judged.astype(float)))
    row = {
        "success_classifier": bool(classified[best]),
        "success_judge": bool(judged[best]),
        "judge_top10_fraction": float(np.mean(judged[order[:BENCHMARK.top_k]])),
        "best_objective": float(scores[best]),
        "regret": float(scores[best] - minimum),
        "evaluations_to_first_success": int(successes[0]) + 1 if len(successes) else None,
        "evaluations_to_success": (int(best_successes[0]) + 1 if len(best_successes)
                                   else None),
        "n_evaluations": len(images),
    }
    return row, best_so_far(ranking, scores), images[best]


def latent_run(result: OptimizationResult, objective: LatentObjective, minimum: float,
               models: Bundle) -> Scored:
    """Score a latent-space search: its samples decoded, ranked by its own values Y."""
    scores = objective(result.X)[:, 0]
    row, trace, best = score(decode(models.decoder, result.X), result.Y[:, 0], scores,
                             objective.target, minimum, models)
    row.update(gradient_evaluations=result.settings.get("gradient_evaluations", 0),
               seconds=result.seconds)
    return row, trace, best


def cvae_run(target: int, seed: int, n: int, models: Bundle) -> Scored:
    """Draw n CVAE images of `target` and score them, ranked by the classifier's p(target | x)."""
    start = time.perf_counter()
    images = generate(models.cvae, target, n, seed)
    seconds = time.perf_counter() - start
    ranking = -np.asarray(models.classifier(images, training=False))[:, target]
    row, trace, best = score(images, ranking, np.full(n, np.nan), target, np.nan, models)
    row.update(gradient_evaluations=0, seconds=seconds)
    return row, trace, best


def check_methods(methods: Iterable[str], stream: TextIO = sys.stderr) -> tuple[str, ...]:
    """Methods in ALL_METHODS order, unknown names refused; peers that are not installed are
    left out with one line on `stream`."""
    methods = tuple(dict.fromkeys(methods))
    unknown = [m for m in methods if m not in ALL_METHODS]
    if unknown or not methods:
        raise ValueError(f"unknown benchmark method(s) {', '.join(map(repr, unknown))}; "
                         f"choose from {', '.join(ALL_METHODS)}" if unknown else
                         f"give at least one method of {', '.join(ALL_METHODS)}")
    missing = [m for m in methods if m in PEERS and not available(m)]
    if missing:
        print(missing_note(missing), file=stream, flush=True)
    return tuple(m for m in ALL_METHODS if m in methods and m not in missing)


def bo_iterations(budget: int, settings: "str | BOSettings") -> int:
    """BO's iterations in `budget` evaluations, after its initial points; an error if none."""
    chosen = bo_settings(settings)
    if check_positive_int(budget, "budget") <= chosen.initial_points:
        raise ValueError(f"a budget of {budget} leaves BO ({chosen.name}) no iteration after its "
                         f"{chosen.initial_points} initial points")
    return budget - chosen.initial_points


def search(method: str, target: int, seed: int, budget: int, models: Bundle,
           bounds: tuple[float, float], settings: "str | BOSettings") -> OptimizationResult:
    """The evaluations of one latent-space method (not the CVAE) at `budget`; `settings` are
    BO's (a name or a BOSettings), unused by the others."""
    objective = models.objective(target)
    if method == "bo":
        return optimize(objective, bounds=bounds, seed=seed, settings=settings,
                        max_iter=bo_iterations(budget, settings))
    if method in ("random", "prior"):
        sampled = random_search if method == "random" else prior_search
        return sampled(objective, budget, models.latent_dim, bounds, seed)
    if method == "gradient":
        return gradient_search(models.objective(target, "predictor"), models.predictor,
                               steps=max(1, budget // GRADIENT_SEARCH.n_starts),
                               bounds=bounds, seed=seed)
    return SEARCHES[method](objective, budget, models.latent_dim, bounds, seed)


def run_methods(target: int, seed: int, budget: int, minimum: float, models: Bundle,
                bounds: tuple[float, float], settings: "str | BOSettings",
                methods: tuple[str, ...] = METHODS) -> dict[str, Scored]:
    """The methods on one target with one seed, `budget` evaluations each:
    {method: (row, trace, image)}."""
    runs = {}
    for method in methods:
        if method == "cvae":
            runs[method] = cvae_run(target, seed, budget, models)
        else:
            result = search(method, target, seed, budget, models, bounds, settings)
            runs[method] = latent_run(result, models.objective(target), minimum, models)
    return runs


def _report(row: dict, stream: TextIO) -> None:
    print(f"[benchmark] {row['method']:8s} target {row['target']} seed {row['seed']}: success "
          f"judge={row['success_judge']} classifier={row['success_classifier']}, best objective "
          f"{row['best_objective']:.3f}, {row['seconds']:.1f} s", file=stream, flush=True)


def run_benchmark(
    targets: Iterable[int] = BENCHMARK.targets, seeds: Iterable[int] = BENCHMARK.seeds,
    max_iter: int = BENCHMARK.max_iter, *, models: Bundle | None = None,
    bounds: tuple[float, float] = OPTIMIZATION.bounds, settings: str = DEFAULT_SETTINGS,
    grid_spacing: float = REGRET_GRID_SPACING, stream: TextIO = sys.stderr,
    methods: Iterable[str] = METHODS, budget: int | None = None,
) -> list[Run]:
    """Run the methods on every target and seed; `models` defaults to the pretrained ones.

    Every method makes `budget` evaluations, by default BO's: its initial points + max_iter.
    The objective's grid minimum, which regret needs, is computed once for all targets.
    """
    targets = tuple(dict.fromkeys(check_target(t) for t in targets))
    if not targets:
        raise ValueError("give at least one target digit (0-9)")
    seeds, max_iter = check_seeds(seeds), check_positive_int(max_iter, "max_iter")
    methods = check_methods(methods, stream)
    initial = bo_settings(settings).initial_points
    budget = initial + max_iter if budget is None else check_positive_int(budget, "budget")
    if "bo" in methods:
        bo_iterations(budget, settings)
    models = models or bundle()
    minima = objective_minima(models.objective(targets[0]).log_probs, bounds, grid_spacing)
    runs = []
    for target in targets:
        for seed in seeds:
            results = run_methods(target, seed, budget, minima[target], models, bounds, settings,
                                  methods)
            for method, (row, trace, best) in results.items():
                row = {"method": method, "target": target, "seed": seed, "settings": settings,
                       **row}
                _report(row, stream)
                runs.append(Run(row, trace, best))
    return runs
