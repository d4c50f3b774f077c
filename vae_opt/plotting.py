"""The figures of the method. Each function returns a matplotlib Figure; `save_figure` writes PNG."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm, LogNorm
from matplotlib.ticker import NullFormatter, ScalarFormatter

from vae_opt.config import NUM_CLASSES

LATENT_TITLES = {"off": "VAE (predictor off)", "softmax": "VAE + classifier (softmax)",
                 "linear": "VAE + regressor (linear)"}
_NICE_TICKS = (2, 3, 5, 10, 20, 30, 50, 100, 200, 500, 1000)


def save_figure(fig: plt.Figure, directory: str | Path, name: str) -> Path:
    """Write `fig` as `directory/name.png` (folder created if needed) and return the path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.png"
    fig.savefig(path, dpi=100, bbox_inches="tight")
    return path


def plot_latent_spaces(t_means: dict[str, np.ndarray], labels: np.ndarray) -> plt.Figure:
    """Test images' t_mean under each model, coloured by digit, side by side, one colour bar."""
    fig, axes = plt.subplots(1, len(t_means), figsize=(5 * len(t_means), 4.6), squeeze=False)
    cmap = plt.get_cmap("tab10", NUM_CLASSES)
    norm = BoundaryNorm(np.arange(-0.5, NUM_CLASSES), NUM_CLASSES)
    for ax, (kind, t_mean) in zip(axes[0], t_means.items()):
        points = ax.scatter(t_mean[:, 0], t_mean[:, 1], c=labels, cmap=cmap, norm=norm, s=2)
        ax.set(title=LATENT_TITLES.get(kind, kind), xlabel="$t_1$", ylabel="$t_2$")
        ax.set_aspect("equal", adjustable="datalim")
    fig.colorbar(points, ax=list(axes[0]), ticks=range(NUM_CLASSES), label="digit", shrink=0.9)
    return fig


def plot_objective_surfaces(surfaces: np.ndarray, axis: np.ndarray, title: str) -> plt.Figure:
    """f(t, target) for targets 0-9 as a 2 x 5 grid of filled contours on a log colour scale.

    ``surfaces`` has shape (10, len(axis) ** 2), as ``objectives.objective_surfaces`` returns.
    """
    size = len(axis)
    fig, axes = plt.subplots(2, 5, figsize=(17, 7), sharex=True, sharey=True)
    norm = LogNorm(vmin=surfaces.min(), vmax=surfaces.max())
    levels = np.geomspace(surfaces.min(), surfaces.max(), 30)
    for target, ax in enumerate(axes.ravel()):
        values = surfaces[target].reshape(size, size)
        contours = ax.contourf(axis, axis, values, levels=levels, norm=norm, cmap="viridis_r")
        best = np.unravel_index(np.argmin(values), values.shape)
        ax.plot(axis[best[1]], axis[best[0]], "r*", markersize=10)
        ax.set_title(f"target {target}")
        ax.set_aspect("equal")
    for ax in axes[1]:
        ax.set_xlabel("$t_1$")
    for ax in axes[:, 0]:
        ax.set_ylabel("$t_2$")
    bar = fig.colorbar(contours, ax=axes.ravel().tolist(), label="f(t, target)  (log scale)",
                       shrink=0.9)
    bar.set_ticks([v for v in _NICE_TICKS if surfaces.min() <= v <= surfaces.max()])
    bar.ax.yaxis.set_major_formatter(ScalarFormatter())
    bar.ax.yaxis.set_minor_formatter(NullFormatter())
    fig.suptitle(f"{title}   (red star: grid minimum)")
    return fig


def plot_acquisition(optimizer) -> plt.Figure:
    """GPyOpt's own plot after a run: GP posterior mean, posterior sd and acquisition (EI)."""
    with plt.ioff():  # GPyOpt calls plt.show() when given no file; keep the figure for us
        shown = plt.show
        plt.show = lambda *args, **kwargs: None
        try:
            optimizer.plot_acquisition(label_x="$t_1$", label_y="$t_2$")
        finally:
            plt.show = shown
    return plt.gcf()


def plot_best_samples(
    images: np.ndarray, values: np.ndarray, target: int, assigned: np.ndarray | None = None
) -> plt.Figure:
    """The best decoded samples in a row, titled with their objective values (best first).

    ``assigned`` marks the samples the separate classifier puts in class `target` (green title)
    or not (red); the figure's title gives the count.
    """
    n = len(images)
    fig, axes = plt.subplots(1, n, figsize=(1.5 * n, 2.1), squeeze=False)
    for i, ax in enumerate(axes[0]):
        ax.imshow(images[i].squeeze(), cmap="gray_r", vmin=0, vmax=1)
        color = "black" if assigned is None else ("green" if assigned[i] else "red")
        ax.set_title(f"{values[i]:.2f}", fontsize=10, color=color)
        ax.axis("off")
    title = f"target {target}: {n} best samples, titled with f(t, target)"
    if assigned is not None:
        title += f" — classifier assigns {int(np.sum(assigned))}/{n} to {target}"
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig
