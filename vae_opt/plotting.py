"""The figures of the method, in one style. Each function returns a matplotlib Figure;
``save_figure`` writes it as PNG (atomically)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm, LogNorm
from matplotlib.ticker import MaxNLocator, NullFormatter, ScalarFormatter

from vae_opt.mnist.config import FIGURE_GRID_SIZE, NUM_CLASSES
from vae_opt.files import write_atomic
from vae_opt.latent import latent_grid

STYLE = {"figure.dpi": 100, "font.size": 10, "axes.titlesize": 10, "axes.grid": False,
         "image.cmap": "viridis", "savefig.bbox": "tight"}
plt.rcParams.update(STYLE)

LATENT_TITLES = {"off": "VAE (predictor off)", "softmax": "VAE + classifier (softmax)",
                 "linear": "VAE + regressor (linear)"}
_NICE_TICKS = (2, 3, 5, 10, 20, 30, 50, 100, 200, 500, 1000)


def save_figure(fig: plt.Figure, directory: str | Path, name: str, dpi: float | None = None
                ) -> Path:
    """Write `fig` as `directory/name.png` (folder created if needed) and return the path."""
    path = Path(directory) / f"{name}.png"
    return write_atomic(path, lambda tmp: fig.savefig(tmp, format="png", dpi=dpi), force=True)


def save_and_close(figures: dict[str, plt.Figure], directory: str | Path, dpi: float = 90
                   ) -> dict[str, Path]:
    """Write each figure as `directory/NAME.png` and close it: {NAME.png: path}."""
    paths = {}
    for name, fig in figures.items():
        paths[f"{name}.png"] = save_figure(fig, directory, name, dpi)
        plt.close(fig)
    return paths


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


def plot_acquisition(optimizer, size: int = 80) -> plt.Figure:
    """After a run: the GP's posterior mean and standard deviation and the acquisition over the
    box (2-d only), with the evaluated points (white) and the next suggestion (magenta)."""
    from vae_opt.optimization import gpyopt_backend as backend  # GPyOpt: only for this figure

    axis = np.linspace(*optimizer.bounds, size)
    grid = latent_grid(optimizer.bounds, size, optimizer.dim)
    model = optimizer.model()
    mean, std = backend.posterior(model, grid)
    panels = {"posterior mean": mean, "posterior sd": std,
              f"acquisition ({optimizer.settings.acquisition})": backend.acquisition(model, grid)}
    suggestion = grid[np.argmax(panels[list(panels)[-1]])]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.4))
    for ax, (title, values) in zip(axes, panels.items()):
        image = ax.contourf(axis, axis, values.reshape(size, size), levels=30)
        fig.colorbar(image, ax=ax, shrink=0.85)
        ax.plot(*optimizer.X.T, "w.", markersize=6, markeredgecolor="k")
        ax.set(title=title, xlabel="$t_1$", ylabel="$t_2$", aspect="equal")
    axes[-1].plot(*suggestion, "o", color="magenta", markersize=9)
    return fig


def plot_best_so_far(curves: dict[str, np.ndarray], title: str = "") -> plt.Figure:
    """Best value so far against evaluations, one line per run or method: any latent dimension."""
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for label, values in curves.items():
        values = np.minimum.accumulate(np.asarray(values, dtype=float))
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(xlabel="evaluations", ylabel="best value so far", title=title)
    ax.legend(fontsize="small")
    return fig


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


def _campaign_posterior(ax: plt.Axes, campaign, size: int) -> None:
    """The surrogate's posterior mean of the loss, with told, failed and pending points on it."""
    from vae_opt.optimization.gpyopt_backend import posterior  # GPyOpt: only for this figure

    axis = np.linspace(*campaign.settings.bounds, size)
    grid = latent_grid(campaign.settings.bounds, size)
    mean, _ = posterior(campaign.optimizer().model(), grid)
    image = ax.contourf(axis, axis, mean.reshape(size, size), levels=30, cmap="viridis")
    plt.colorbar(image, ax=ax, label="posterior mean of the loss")
    markers = {"told": dict(c="white", edgecolors="black", s=28, label="told"),
               "failed": dict(c="red", marker="x", s=36, label="failed"),
               "pending": dict(facecolors="none", edgecolors="orange", s=40, label="pending")}
    for status, style in markers.items():
        t = np.array([p.t for p in campaign.points(status)]).reshape(-1, 2)
        if len(t):
            ax.scatter(t[:, 0], t[:, 1], **style)
    best = campaign.best()
    ax.scatter(*best.t, marker="*", s=260, c="gold", edgecolors="black",
               label=f"best (point {best.id})")
    ax.set(xlabel="$t_1$", ylabel="$t_2$", xlim=campaign.settings.bounds,
           ylim=campaign.settings.bounds, aspect="equal",
           title="measured points over the surrogate's mean")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=4, fontsize=7, frameon=False)


def _campaign_curve(ax: plt.Axes, campaign) -> None:
    """Each told loss in the order told, and the best loss so far."""
    loss = campaign.loss(campaign.history())
    n = np.arange(1, len(loss) + 1)
    ax.plot(n, loss, "o", ms=3, color="grey", label="loss of each told value")
    ax.step(n, campaign.best_so_far(), where="post", color="C0", lw=2, label="best so far")
    ax.set(xlabel="told values", ylabel="loss = s * value + w * nll_prior(t)",
           title="best so far")
    ax.legend(fontsize=8)


def plot_campaign(campaign, grid_size: int = FIGURE_GRID_SIZE) -> plt.Figure:
    """`vae-opt campaign show --plot`: the measured points over the surrogate's posterior mean
    of the loss (d = 2 only; the GP rebuilt from the file, as the next `ask` fits it) and the
    best-so-far curve. Needs at least one told value."""
    if campaign.best() is None:
        raise ValueError(f"{campaign.path} has no told value yet: nothing to plot")
    if campaign.settings.dim == 2:
        fig, (left, right) = plt.subplots(1, 2, figsize=(11.5, 4.6),
                                          gridspec_kw={"width_ratios": [1.15, 1]})
        _campaign_posterior(left, campaign, grid_size)
    else:
        fig, right = plt.subplots(figsize=(6, 4.2))
        fig.text(0.5, -0.02, f"the latent space is {campaign.settings.dim}-d: the surrogate's "
                 "posterior mean is drawn for d = 2 only", ha="center", fontsize=9)
    _campaign_curve(right, campaign)
    fig.suptitle(f"campaign {campaign.path.name}", fontsize=10)
    fig.tight_layout()
    return fig
