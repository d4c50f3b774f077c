"""The benchmarks' figures, in the package's one style (vae_opt.plotting): convergence and best
samples of the main benchmark, success curves and best samples of the benchmark by dimension."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

import vae_opt.plotting  # noqa: F401  (applies the style)


def _padded(traces: list[np.ndarray]) -> np.ndarray:
    """Traces of equal length; a run that stopped early keeps its last best value."""
    length = max(len(t) for t in traces)
    return np.stack([np.pad(t, (0, length - len(t)), mode="edge") for t in traces])


def plot_convergence(runs, methods: tuple[str, ...] = ("bo", "random", "gradient")) -> plt.Figure:
    """Benchmark: best objective so far vs evaluations, mean line and min-max band over seeds,
    one panel per target."""
    targets = sorted({run.row["target"] for run in runs})
    ncols = min(5, len(targets))
    nrows = math.ceil(len(targets) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.6 * nrows), squeeze=False,
                             layout="constrained")
    axes = axes.ravel()
    for ax, target in zip(axes, targets):
        for method in methods:
            traces = [r.trace for r in runs
                      if r.row["method"] == method and r.row["target"] == target]
            if not traces:
                continue
            values = _padded(traces)
            n = np.arange(1, values.shape[1] + 1)
            line, = ax.plot(n, values.mean(axis=0), label=method)
            ax.fill_between(n, values.min(axis=0), values.max(axis=0), color=line.get_color(),
                            alpha=0.2)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set(title=f"target {target}", xlabel="evaluations", ylabel="best objective so far")
    for ax in axes[len(targets):]:
        ax.set_visible(False)
    axes[0].legend(title="mean over seeds,\nband min to max", fontsize="small",
                   title_fontsize="small")
    return fig


def _sample_grid(shown: dict, rows: list, columns: list, title_of, row_label: str,
                 cell: tuple[float, float]) -> plt.Figure:
    """Best samples of benchmark runs in a grid: shown[(row, column)] is a Run; each image is
    titled title_of(run, column), green when the judge assigns it to its target, else red."""
    fig, axes = plt.subplots(len(rows), len(columns), squeeze=False, layout="constrained",
                             figsize=(cell[0] * len(columns) + 0.6, cell[1] * len(rows) + 0.5))
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            ax, run = axes[i, j], shown.get((row, column))
            ax.set_xticks([]), ax.set_yticks([])
            if run is None or run.best_image is None:
                continue
            ax.imshow(run.best_image.squeeze(), cmap="gray_r", vmin=0, vmax=1)
            ax.set_title(title_of(run, column), fontsize=8,
                         color="green" if run.row["success_judge"] else "red")
            if j == 0:
                ax.set_ylabel(row_label.format(row))
    return fig


def plot_benchmark_best_samples(runs) -> plt.Figure:
    """Benchmark: the sample each method ranks first, per target (rows) at the first seed.
    Green title: the judge assigns it to the target."""
    seed = min(run.row["seed"] for run in runs)
    shown = {(r.row["target"], r.row["method"]): r for r in runs if r.row["seed"] == seed}
    targets = sorted({target for target, _ in shown})
    methods = list(dict.fromkeys(method for _, method in shown))
    fig = _sample_grid(shown, targets, methods, lambda run, method: method, "target {}",
                       (1.4, 1.45))
    fig.suptitle(f"best sample of each method, seed {seed} (green: judge agrees)", fontsize=9)
    return fig


def _method_label(row: dict) -> str:
    """A benchmark row's method, BO with its settings: 'bo (prior-shell)'."""
    return f"bo ({row['settings']})" if row["method"].startswith("bo") else row["method"]


def plot_dimension_success(runs) -> plt.Figure:
    """Benchmark by dimension: the share of runs whose best sample so far has been judged the
    target, against evaluations, one panel per latent dimension d and one line per method
    (the same colour in every panel; the legend gives the share at the end of the budget)."""
    rows = [run.row for run in runs]
    dims = sorted({r["dim"] for r in rows})
    labels = list(dict.fromkeys(_method_label(r) for r in rows))
    colors = dict(zip(labels, plt.rcParams["axes.prop_cycle"].by_key()["color"] * 2))
    fig, axes = plt.subplots(1, len(dims), figsize=(4.2 * len(dims), 4.2), squeeze=False,
                             layout="constrained", sharey=True)
    for ax, dim in zip(axes[0], dims):
        mine = [r for r in rows if r["dim"] == dim]
        budget = mine[0]["budget"]
        n = np.arange(1, budget + 1)
        for label in labels:
            chosen = [r for r in mine if _method_label(r) == label]
            if not chosen:
                continue
            first = np.array([r["evaluations_to_success"] or np.inf for r in chosen], float)
            final = np.mean([r["success_judge"] for r in chosen])
            ax.step(n, np.mean(first[:, None] <= n[None, :], axis=0), where="post",
                    color=colors[label], label=f"{label}: {100 * final:.0f} %")
        ax.set(title=f"d = {dim}, budget {budget}", xlabel="evaluations", xscale="log",
               ylim=(0, 1.02))
        ax.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2,
                  title="judged success at the end", title_fontsize="x-small")
    axes[0, 0].set_ylabel("runs whose best sample has\nbeen judged the target")
    return fig


def plot_dimension_best_samples(runs, method: str = "bo") -> plt.Figure:
    """Benchmark by dimension: `method`'s best sample per target (columns) at each d (rows), at
    the first seed, titled with its objective. Green title: the judge assigns it to the target."""
    seed = min(run.row["seed"] for run in runs)
    shown = {(r.row["dim"], r.row["target"]): r for r in runs
             if r.row["seed"] == seed and r.row["method"] == method}
    dims = sorted({dim for dim, _ in shown})
    targets = sorted({target for _, target in shown})
    fig = _sample_grid(shown, dims, targets, lambda run, _: f"{run.row['best_objective']:.2f}",
                       "d = {}", (1.1, 1.25))
    fig.suptitle(f"{method}'s best sample for each digit, seed {seed}, titled with its objective "
                 "(green: the judge agrees)", fontsize=9)
    return fig
