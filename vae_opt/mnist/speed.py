"""`vae-opt speed`: how fast the objective and one optimization run on this machine.

Prints figures rather than asserting them: speed depends on the machine, so it is measured
by a benchmark, not by a timed unit test.
"""

from __future__ import annotations

import time

import numpy as np

from vae_opt.backend import keras
from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.config import FIGURE_GRID_SIZE, LOG_EPS
from vae_opt.mnist.objectives import LatentObjective, latent_grid
from vae_opt.optimization import optimize
from vae_opt.mnist.pretrained import Bundle


def _best_seconds(fn, repeats: int) -> float:
    """Median wall time of `repeats` calls of fn (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def predict_route(decoder: keras.Model, classifier: keras.Model, target: int) -> LatentObjective:
    """The slow reference: the same objective with log p(y | t) through ``Model.predict``."""
    def log_probs(t: np.ndarray) -> np.ndarray:
        return np.log(classifier.predict(decoder.predict(t, verbose=0), verbose=0) + LOG_EPS)

    log_probs.latent_dim = decoder.input_shape[-1]  # type: ignore[attr-defined]
    return LatentObjective(log_probs, target)


def measure(models: Bundle, repeats: int = 20, max_iter: int = OPTIMIZATION.max_iter,
            settings: str | None = None) -> dict[str, float]:
    """Single-point times of both routes, the 80 x 80 grid, and one BO run (``settings``, by
    default the package's default), in seconds."""
    fast = models.objective(4)
    slow = predict_route(models.decoder, models.classifier, target=4)
    point = np.full((1, models.latent_dim), 0.5)
    if not np.allclose(fast(point), slow(point), atol=1e-3):
        raise RuntimeError("the compiled and Model.predict routes of the objective disagree")
    grid = latent_grid(OPTIMIZATION.bounds, FIGURE_GRID_SIZE, models.latent_dim)
    figures = {
        "point_predict_s": _best_seconds(lambda: slow(point), max(3, repeats // 4)),
        "point_direct_s": _best_seconds(lambda: fast(point), repeats),
        "grid_80x80_s": _best_seconds(lambda: fast(grid), 3),
    }
    result = optimize(fast, max_iter=max_iter, seed=0, settings=settings)
    figures["settings"] = result.settings["settings"]
    figures["bo_seconds"] = result.seconds
    figures["bo_evaluations"] = len(result.Y)
    figures["speedup"] = figures["point_predict_s"] / figures["point_direct_s"]
    return figures


def format_speed(figures: dict[str, float]) -> str:
    return "\n".join([
        f"decode-and-classify objective, one point, Model.predict route: "
        f"{1000 * figures['point_predict_s']:.2f} ms",
        f"decode-and-classify objective, one point, direct compiled call: "
        f"{1000 * figures['point_direct_s']:.3f} ms  ({figures['speedup']:.0f}x faster)",
        f"80 x 80 grid of the objective (6400 points): {figures['grid_80x80_s']:.3f} s",
        f"one Bayesian optimization ({figures['settings']} settings), "
        f"{figures['bo_evaluations']} evaluations: "
        f"{figures['bo_seconds']:.1f} s",
    ])
