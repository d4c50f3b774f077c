"""How well does the method work? BO against random search, gradient search and a conditional VAE.

Every method spends the same budget, the number of evaluations BO makes (2 initial points +
``max_iter``), and is scored the same way:

* ``bo``: the method (``optimize``) on the decode-and-classify objective: the softmax VAE's
  decoder, then the separate classifier.
* ``random``: that objective at points drawn uniformly from the same box.
* ``gradient``: Adam on the *predictor* objective (the only differentiable one) from 4 random
  starts, floor(budget / 4) evaluations each (4 x 13 = 52 in the full setting). It picks its
  samples by the predictor objective; those samples are then scored by the decode-and-classify
  objective, so that its best objective and regret compare with the others.
* ``cvae``: images drawn from the conditional VAE with the target's label. They have no latent
  point in the VAE, hence no objective value: ``best_objective`` and ``regret`` are NaN and the
  method is scored by success only. Its samples are ranked by the classifier's p(target | x).

Each method's "best sample" is the one its own ranking puts first (lowest objective; for the CVAE
highest p(target | x)), and its top-10 are the ten it ranks highest. The judge, a network
trained apart from the classifier, gives the verdict that the classifier cannot give on samples
chosen to please it. Regret is the best objective minus the minimum of the decode-and-classify
objective over a grid of spacing 0.05 on the box; it can be slightly negative between grid points.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, TextIO

import keras
import numpy as np

from vae_opt.config import (BENCHMARK, BENCHMARK_QUICK, GRADIENT_SEARCH, LOG_EPS, OPTIMIZATION,
                            REGRET_GRID_SPACING)
from vae_opt.evaluation import assigned_to
from vae_opt.models import decode
from vae_opt.objectives import (LatentObjective, LogProbs, decode_classify_log_probs,
                                latent_grid, nll_prior, objective_surfaces)
from vae_opt.optimization import OptimizationResult, optimize
from vae_opt.validation import check_bounds, check_positive_int, check_target
from vae_opt.search import gradient_search, random_search

METHODS: tuple[str, ...] = ("bo", "random", "gradient", "cvae")
CONVERGENCE_METHODS: tuple[str, ...] = ("bo", "random", "gradient")
COLUMNS: tuple[str, ...] = (
    "method", "target", "seed", "success_classifier", "success_judge", "judge_top10_fraction",
    "best_objective", "regret", "evaluations_to_first_success", "n_evaluations",
    "gradient_evaluations", "seconds",
)
_PANEL_COLUMNS = 5  # convergence panels per row: 2 x 5 for ten targets
_PANEL_INCHES = (3.2, 2.6)


Scored = tuple[dict, np.ndarray, np.ndarray]  # a run's row, its trace and its best image


@dataclass
class BenchmarkModels:
    """The networks the benchmark uses: the softmax VAE's decoder and predictor, and the rest."""

    decoder: keras.Model
    predictor: keras.Model
    classifier: keras.Model
    judge: keras.Model
    cvae: keras.Model


@dataclass
class Run:
    """One method on one target with one seed: its results row and its convergence trace."""

    row: dict
    trace: np.ndarray  # decode-and-classify objective of the best sample so far, per evaluation
    best_image: np.ndarray | None = None  # the sample the method ranks first, (28, 28, 1)


def pretrained_models() -> BenchmarkModels:
    """The committed models, loaded once per process."""
    from vae_opt.pretrained import load_pretrained

    softmax = load_pretrained("softmax")
    return BenchmarkModels(softmax.get_layer("decoder"), softmax.get_layer("predictor"),
                           load_pretrained("classifier"), load_pretrained("judge"),
                           load_pretrained("cvae"))


def check_settings(targets: Iterable[int], seeds: Iterable[int],
                   max_iter: int) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """Targets (digits 0-9) and seeds (integers >= 0), duplicates dropped, and max_iter > 0."""
    targets = tuple(dict.fromkeys(check_target(t) for t in targets))
    if not targets:
        raise ValueError("give at least one target digit (0-9)")
    seeds = tuple(dict.fromkeys(seeds))
    if not seeds:
        raise ValueError("give at least one seed")
    if any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 0 for s in seeds):
        raise ValueError(f"seeds must be integers >= 0, got {list(seeds)}")
    return targets, tuple(int(s) for s in seeds), check_positive_int(max_iter, "max_iter")


def objective_minima(log_probs: LogProbs, bounds: tuple[float, float],
                     spacing: float = REGRET_GRID_SPACING) -> np.ndarray:
    """Minimum of the objective over a grid of `spacing` on bounds^2, for each of the 10 targets."""
    low, high = check_bounds(bounds)
    size = int(round((high - low) / spacing)) + 1  # 161 points per axis for 0.05 on [-4, 4]
    return objective_surfaces(log_probs, latent_grid((low, high), size)).min(axis=1)


def _probabilities(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """Class probabilities (n, 10) of a classifier on images (n, 28, 28, 1)."""
    return np.asarray(model(images, training=False), dtype=np.float64)


def _best_so_far(ranking: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """After each evaluation, the score of the sample ranked best among those evaluated so far."""
    best = np.zeros(len(ranking), dtype=int)
    for i in range(1, len(ranking)):
        best[i] = i if ranking[i] < ranking[best[i - 1]] else best[i - 1]
    return scores[best]


def _score(images: np.ndarray, ranking: np.ndarray, scores: np.ndarray, target: int,
           minimum: float, models: BenchmarkModels) -> Scored:
    """The metrics of one run from its samples (evaluation order), own ranking (lower is better)
    and decode-and-classify objective values."""
    judged = assigned_to(models.judge, images, target)
    classified = assigned_to(models.classifier, images, target)
    order = np.argsort(ranking, kind="stable")
    best = int(order[0])
    successes = np.flatnonzero(judged)
    row = {
        "success_classifier": bool(classified[best]),
        "success_judge": bool(judged[best]),
        "judge_top10_fraction": float(np.mean(judged[order[:BENCHMARK.top_k]])),
        "best_objective": float(scores[best]),
        "regret": float(scores[best] - minimum),
        "evaluations_to_first_success": int(successes[0]) + 1 if len(successes) else None,
        "n_evaluations": len(images),
    }
    return row, _best_so_far(ranking, scores), images[best]


def _latent_run(result: OptimizationResult, log_probs: LogProbs, target: int, minimum: float,
                models: BenchmarkModels) -> Scored:
    """Score a latent-space search: its samples are decoded, ranked by its own objective Y."""
    scores = -log_probs(result.X)[:, target] + nll_prior(result.X)[:, 0]
    return _score(decode(models.decoder, result.X), result.Y[:, 0], scores, target, minimum,
                  models)


def _cvae_run(target: int, seed: int, n: int, models: BenchmarkModels) -> Scored:
    """Draw n CVAE images of `target` and score them, ranked by the classifier's p(target | x)."""
    from vae_opt.cvae import generate

    start = time.perf_counter()
    images = generate(models.cvae, target, n, seed)
    seconds = time.perf_counter() - start
    ranking = -np.log(_probabilities(models.classifier, images)[:, target] + LOG_EPS)
    row, trace, best = _score(images, ranking, np.full(n, np.nan), target, np.nan, models)
    row.update(gradient_evaluations=0, seconds=seconds)
    return row, trace, best


def _report(row: dict, stream: TextIO) -> None:
    """One progress line per finished run."""
    print(f"[benchmark] {row['method']:8s} target {row['target']} seed {row['seed']}: success "
          f"judge={row['success_judge']} classifier={row['success_classifier']}, best objective "
          f"{row['best_objective']:.3f}, {row['seconds']:.1f} s", file=stream, flush=True)


def _run_methods(
    target: int, seed: int, max_iter: int, log_probs: LogProbs, minimum: float,
    models: BenchmarkModels, bounds: tuple[float, float],
) -> dict[str, Scored]:
    """Every method on one target with one seed, at BO's budget: {method: (row, trace, image)}."""
    bo, _ = optimize(target, LatentObjective(log_probs, target), max_iter=max_iter, seed=seed,
                     bounds=bounds)
    budget = len(bo.Y)  # 2 + max_iter, fewer if GPyOpt stopped on a repeated point
    searches = {
        "bo": bo,
        "random": random_search(LatentObjective(log_probs, target), budget, bounds, seed),
        "gradient": gradient_search(models.predictor, target, bounds=bounds, seed=seed,
                                    steps=max(1, budget // GRADIENT_SEARCH.n_starts)),
    }
    runs = {}
    for method, result in searches.items():
        row, trace, best = _latent_run(result, log_probs, target, minimum, models)
        row.update(gradient_evaluations=result.settings.get("gradient_evaluations", 0),
                   seconds=result.seconds)
        runs[method] = row, trace, best
    runs["cvae"] = _cvae_run(target, seed, budget, models)
    return runs


def run_benchmark(
    targets: Iterable[int] = BENCHMARK.targets, seeds: Iterable[int] = BENCHMARK.seeds,
    max_iter: int = BENCHMARK.max_iter, *,
    models: BenchmarkModels | None = None, bounds: tuple[float, float] = OPTIMIZATION.bounds,
    grid_spacing: float = REGRET_GRID_SPACING, stream: TextIO = sys.stderr,
) -> list[Run]:
    """Run every method on every target and seed; `models` defaults to the pretrained ones.

    The objective's grid minimum, which regret needs, is computed once for all targets.
    """
    targets, seeds, max_iter = check_settings(targets, seeds, max_iter)
    models = models or pretrained_models()
    log_probs = decode_classify_log_probs(models.decoder, models.classifier)
    minima = objective_minima(log_probs, bounds, grid_spacing)
    runs = []
    for target in targets:
        for seed in seeds:
            results = _run_methods(target, seed, max_iter, log_probs, minima[target], models,
                                   bounds)
            for method, (row, trace, best) in results.items():
                row = {"method": method, "target": target, "seed": seed, **row}
                _report(row, stream)
                runs.append(Run(row, trace, best))
    return runs


def write_results_csv(runs: list[Run], path: Path) -> None:
    """One row per method x target x seed; a missing value is an empty cell, NaN is 'nan'."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for run in runs:
            writer.writerow({k: "" if run.row[k] is None else run.row[k] for k in COLUMNS})


def _number(value: float, digits: int = 3) -> str:
    """A table cell: the value rounded, or 'n/a' for NaN and 'never' for infinity."""
    if math.isnan(value):
        return "n/a"
    return "never" if math.isinf(value) else f"{value:.{digits}f}"


def _summary_line(method: str, target: str, rows: list[dict]) -> str:
    """One Markdown table row of means (rates) over the given runs."""
    mean = lambda key: float(np.mean([float(r[key]) for r in rows]))  # noqa: E731
    first = [math.inf if r["evaluations_to_first_success"] is None
             else r["evaluations_to_first_success"] for r in rows]
    cells = [method, target, str(len(rows)), _number(mean("success_classifier"), 2),
             _number(mean("success_judge"), 2), _number(mean("judge_top10_fraction"), 2),
             _number(mean("best_objective")), _number(mean("regret")),
             _number(float(np.median(first)), 1), _number(mean("seconds"), 2)]
    return "| " + " | ".join(cells) + " |"


def summary_markdown(runs: list[Run]) -> str:
    """Per method and target, and over all targets, the benchmark's figures as a Markdown table."""
    rows = [run.row for run in runs]
    lines = [
        "# Benchmark: conditional generation of each digit",
        "",
        "Rates and means are over seeds (and targets in the 'all' rows). Objective and regret are",
        "those of the decode-and-classify objective (gradient search: at the samples it picked by",
        "the predictor objective); the CVAE has no latent point in the VAE: n/a for it.",
        "Evaluations to first success: median over runs of the first evaluation whose image the",
        "judge assigns to the target ('never' when at least half of the runs never reach one).",
        "",
        "| method | target | runs | success (classifier) | success (judge) | judge top-10 "
        "| best objective | regret | evaluations to first success | seconds |",
        "|" + "---|" * 10,
    ]
    for method in METHODS:
        mine = [r for r in rows if r["method"] == method]
        for target in sorted({r["target"] for r in mine}):
            of_target = [r for r in mine if r["target"] == target]
            lines.append(_summary_line(method, str(target), of_target))
        if mine:
            lines.append(_summary_line(f"**{method}**", "all", mine))
    return "\n".join(lines) + "\n"


def _padded(traces: list[np.ndarray]) -> np.ndarray:
    """Traces of equal length; a run that stopped early keeps its last best value."""
    length = max(len(t) for t in traces)
    return np.stack([np.pad(t, (0, length - len(t)), mode="edge") for t in traces])


def plot_convergence(runs: list[Run], path: Path) -> None:
    """Best objective so far vs evaluations, mean line and min-max band over seeds, per target."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    targets = sorted({run.row["target"] for run in runs})
    ncols = min(_PANEL_COLUMNS, len(targets))
    nrows = math.ceil(len(targets) / ncols)
    fig = Figure(figsize=(_PANEL_INCHES[0] * ncols, _PANEL_INCHES[1] * nrows), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, target in zip(axes, targets):
        for method in CONVERGENCE_METHODS:
            traces = [r.trace for r in runs
                      if r.row["method"] == method and r.row["target"] == target]
            if not traces:
                continue
            values = _padded(traces)
            n = np.arange(1, values.shape[1] + 1)
            line, = ax.plot(n, values.mean(axis=0), label=method)
            ax.fill_between(n, values.min(axis=0), values.max(axis=0), color=line.get_color(),
                            alpha=0.2)
        ax.set_title(f"target {target}")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("evaluations")
        ax.set_ylabel("best objective so far")
    for ax in axes[len(targets):]:
        ax.set_visible(False)
    axes[0].legend(title="mean over seeds,\nband min to max", fontsize="small",
                   title_fontsize="small")
    fig.savefig(path)


def plot_best_samples(runs: list[Run], path: Path) -> None:
    """The sample each method ranks first, for every target (rows) at the first seed: a glance
    at what 'success' looks like. Green title: the judge assigns it to the target."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    seed = min(run.row["seed"] for run in runs)
    shown = {(r.row["target"], r.row["method"]): r for r in runs if r.row["seed"] == seed}
    targets = sorted({target for target, _ in shown})
    fig = Figure(figsize=(1.4 * len(METHODS) + 0.6, 1.45 * len(targets) + 0.5),
                 layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(targets), len(METHODS), squeeze=False)
    for i, target in enumerate(targets):
        for j, method in enumerate(METHODS):
            ax, run = axes[i, j], shown.get((target, method))
            ax.set_xticks([]), ax.set_yticks([])
            if run is None or run.best_image is None:
                continue
            ax.imshow(run.best_image.squeeze(), cmap="gray_r", vmin=0, vmax=1)
            ax.set_title(method, fontsize=8, color="green" if run.row["success_judge"] else "red")
            if j == 0:
                ax.set_ylabel(f"target {target}")
    fig.suptitle(f"best sample of each method, seed {seed} (green: judge agrees)", fontsize=9)
    fig.savefig(path, dpi=90)


OUTPUT_FILES = ("results.csv", "summary.md", "convergence.png", "best_samples.png")


def write_outputs(runs: list[Run], out_dir: str | Path) -> dict[str, Path]:
    """Write results.csv, summary.md, convergence.png and best_samples.png into out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / name for name in OUTPUT_FILES}
    write_results_csv(runs, paths["results.csv"])
    paths["summary.md"].write_text(summary_markdown(runs))
    plot_convergence(runs, paths["convergence.png"])
    plot_best_samples(runs, paths["best_samples.png"])
    return paths


def _cmd_benchmark(args: argparse.Namespace) -> None:
    """The `benchmark` subcommand: run, write the outputs, print the summary."""
    base = BENCHMARK_QUICK if args.quick else BENCHMARK
    runs = run_benchmark(base.targets if args.targets is None else args.targets,
                         base.seeds if args.seeds is None else args.seeds,
                         base.max_iter if args.max_iter is None else args.max_iter)
    paths = write_outputs(runs, args.out)
    print(paths["summary.md"].read_text())
    print("wrote " + ", ".join(str(p) for p in paths.values()))


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register the `benchmark` subcommand on an argparse subparsers object."""
    quick = BENCHMARK_QUICK
    p = subparsers.add_parser(
        "benchmark", help="compare BO with random search, gradient search and a CVAE on each digit")
    p.add_argument("--quick", action="store_true",
                   help=f"targets {', '.join(map(str, quick.targets))}, seeds "
                        f"{', '.join(map(str, quick.seeds))}, {quick.max_iter} BO iterations")
    p.add_argument("--targets", type=int, nargs="+", help="digits to generate; default: 0-9")
    p.add_argument("--seeds", type=int, nargs="+", help="default: 0 1 2 3 4")
    p.add_argument("--max-iter", type=int, help=f"BO iterations; default: {BENCHMARK.max_iter}")
    p.add_argument("--out", type=Path, default=BENCHMARK.output_dir,
                   help=f"output directory; default: {BENCHMARK.output_dir}")
    p.set_defaults(func=_cmd_benchmark)
    return p
