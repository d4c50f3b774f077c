"""The in-process optimization loop: ask, evaluate the objective, tell, until the budget is spent.

An objective is any callable from latent points (n, d) to values (n,) or (n, 1), lower is better.
Ctrl-C ends the loop and keeps every evaluation made so far (``result.interrupted``).
"""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

import numpy as np

from vae_opt.config import OPTIMIZATION, BOSettings
from vae_opt.optimization.optimizer import Optimizer, check_settings
from vae_opt.optimization.result import OptimizationResult
from vae_opt.validation import check_choice, check_positive_int

Objective = Callable[[np.ndarray], np.ndarray]
NONFINITE = ("raise", "fail")


def evaluate(objective: Objective, t: np.ndarray) -> np.ndarray:
    """The objective's values at t as (n,) floats, or a ValueError saying what it returned."""
    raw = objective(t)
    y = np.asarray(raw) if raw is not None else np.asarray(None)
    if y.dtype.kind not in "fiub":
        raise ValueError(f"the objective must return numbers; at t = {np.round(t, 4).tolist()} "
                         f"it returned {type(raw).__name__} {str(raw)[:60]}")
    if y.size != len(t):
        raise ValueError(f"the objective must return one value per point, shape ({len(t)}, 1); "
                         f"for {len(t)} point(s) it returned shape {y.shape}")
    return y.astype(np.float64).reshape(-1)


class Progress:
    """One line per evaluation: count, value, best so far."""

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total, self.stream, self.count, self.best = total, stream, 0, np.inf

    def __call__(self, values: np.ndarray, failed: bool = False) -> None:
        for value in values:
            self.count += 1
            self.best = self.best if failed else min(self.best, value)
            shown = "failed (not finite)" if failed else f"{value:8.3f}"
            print(f"  evaluation {self.count}/{self.total}: f = {shown}   best = {self.best:8.3f}",
                  file=self.stream or sys.stderr, flush=True)


def _dim_of(objective: Objective, dim: int | None) -> int:
    if dim is None:
        dim = getattr(objective, "latent_dim", None)
    if dim is None:
        raise ValueError("give dim= (the number of latent coordinates): the objective does not "
                         "say it through a `latent_dim` attribute")
    return check_positive_int(dim, "dim")


def optimize(
    objective: Objective,
    *,
    bounds: tuple[float, float] = OPTIMIZATION.bounds,
    dim: int | None = None,
    seed: int = 0,
    settings: "str | BOSettings" = "blog",
    max_iter: int = OPTIMIZATION.max_iter,
    batch: int = 1,
    progress: bool = False,
    on_nonfinite: str = "raise",
) -> OptimizationResult:
    """Minimise `objective` over [low, high]^dim: the initial design, then `max_iter` BO steps.

    The objective is all this knows of the problem; ``dim`` defaults to its ``latent_dim``.
    ``batch`` points are proposed and evaluated together. A non-finite value stops the run with
    an error naming the point (``on_nonfinite="raise"``) or is recorded as failed and left out
    of the GP (``"fail"``). Same seed, same settings: same points.
    """
    max_iter = check_positive_int(max_iter, "max_iter")
    batch = check_positive_int(batch, "batch")
    check_choice(on_nonfinite, NONFINITE, "on_nonfinite")
    settings = check_settings(settings)
    budget = settings.initial_points + max_iter
    optimizer = Optimizer(_dim_of(objective, dim), bounds, settings, seed, budget=budget)
    report = Progress(budget) if progress else None
    start, interrupted = time.perf_counter(), False
    try:
        while optimizer.n_proposed < budget:
            t = optimizer.ask(min(batch, budget - optimizer.n_proposed))
            y = evaluate(objective, t)
            finite = np.isfinite(y)
            if not finite.all() and on_nonfinite == "fail":
                optimizer.fail(t[~finite])
                t, y = t[finite], y[finite]
                if report:
                    report(np.full(int(np.sum(~finite)), np.nan), failed=True)
            optimizer.tell(t, y)
            if report:
                report(y)
    except KeyboardInterrupt:
        interrupted = True
    if not interrupted and len(optimizer.Y) == 0:
        raise ValueError(f"no evaluation succeeded: the objective's value was not finite at all "
                         f"{len(optimizer.failed)} points evaluated; check the objective at one "
                         "point of the box before searching")
    return OptimizationResult(
        X=optimizer.X, Y=optimizer.Y, seconds=time.perf_counter() - start,
        settings={"settings": optimizer.settings.name, "seed": seed, "max_iter": max_iter,
                  "batch": batch, "bounds": list(optimizer.bounds), "dim": optimizer.dim},
        interrupted=interrupted, failed=optimizer.failed,
    )


def optimizer_after(result: OptimizationResult) -> Optimizer:
    """The optimizer as it stood at the end of a run (same settings, every evaluation told):
    to draw its surrogate, or to go on asking."""
    settings = result.settings
    optimizer = Optimizer(settings["dim"], tuple(settings["bounds"]), settings["settings"],
                          settings["seed"])
    optimizer.tell(result.X, result.Y)
    return optimizer
