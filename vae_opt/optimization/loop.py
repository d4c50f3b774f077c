"""The in-process optimization loop: ask, evaluate the objective, tell, until the budget is spent.

An objective is any callable from latent points (n, d) to values (n,) or (n, 1), lower is better.
Ctrl-C ends the loop and keeps every evaluation made so far (``result.interrupted``).
"""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

import numpy as np

from vae_opt.optimization.checks import check_choice, check_positive_int
from vae_opt.optimization.optimizer import Optimizer
from vae_opt.optimization.result import OptimizationResult
from vae_opt.optimization.settings import DEFAULT_MAX_ITER, BOSettings, bo_settings, resolve
from vae_opt.optimization.space import DEFAULT_BOUNDS, Space, declared_space

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


def optimize(
    objective: Objective,
    *,
    bounds: tuple[float, float] | None = None,
    dim: int | None = None,
    space: Space | None = None,
    seed: int = 0,
    settings: "str | dict | BOSettings | None" = None,
    max_iter: int = DEFAULT_MAX_ITER,
    batch: int = 1,
    progress: bool = False,
    on_nonfinite: str = "raise",
) -> OptimizationResult:
    """Minimise `objective` over [low, high]^dim (``bounds``, default [-4, 4]): the initial
    design, then `max_iter` BO steps.

    The objective is all this knows of the problem: ``dim`` defaults to its ``latent_dim``, and
    the structure it declares (attributes ``prior_weight``, ``floor``; see ``space.Space``) to
    none; or give the whole ``space`` (then not ``bounds`` or ``dim``). ``settings`` default to
    the one default for the dimension (``settings.default_settings``); the result stores them
    resolved (``result.settings["bo"]``), with the space, so ``optimizer_after`` continues it.
    ``batch`` points are proposed and evaluated together. A non-finite value stops the run with
    an error naming the point (``on_nonfinite="raise"``) or is recorded as failed and left out
    of the GP (``"fail"``). Same seed, same settings: same points.
    """
    max_iter = check_positive_int(max_iter, "max_iter")
    batch = check_positive_int(batch, "batch")
    check_choice(on_nonfinite, NONFINITE, "on_nonfinite")
    if space is None:
        space = declared_space(objective, dim, DEFAULT_BOUNDS if bounds is None else bounds)
    elif dim is not None or bounds is not None:
        raise ValueError("give dim and bounds in the space, not beside it")
    settings = resolve(settings, space)
    budget = settings.initial_points + max_iter
    optimizer = Optimizer(space=space, settings=settings, seed=seed, budget=budget)
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
                  "batch": batch, "bounds": list(optimizer.bounds), "dim": optimizer.dim,
                  "bo": optimizer.settings.to_dict(), "space": optimizer.space.to_dict()},
        interrupted=interrupted, failed=optimizer.failed,
    )


def optimizer_after(result: OptimizationResult) -> Optimizer:
    """The optimizer as it stood at the end of a run (same resolved settings and space, every
    evaluation told): to draw its surrogate, or to go on asking. Results written before the
    settings were stored in full name registered settings; those are looked up by name."""
    stored = result.settings
    try:
        space = (Space.from_dict(stored["space"]) if "space" in stored
                 else Space(stored["dim"], tuple(stored["bounds"])))
        settings = bo_settings(stored["bo"] if "bo" in stored else stored["settings"])
    except KeyError as error:
        raise ValueError(f"the result does not say how it was made (no {error} in its "
                         "settings); only results of optimize() can be continued") from None
    optimizer = Optimizer(space=space, settings=settings, seed=stored.get("seed", 0))
    optimizer.tell(result.X, result.Y)
    if result.failed is not None and len(result.failed):
        optimizer.fail(result.failed)
    return optimizer
