"""Bayesian optimization of a latent objective with GPyOpt, wrapped thinly.

GPyOpt 1.2.6 is archived; this module is the only place that touches it. Its randomness (the
initial design, GP restarts, acquisition starts) draws on NumPy's global generator, so a seed
is applied right before construction and again before the run.

GP fitting works on matrices of a few dozen rows, where the thread pools of OpenBLAS and of
GPy's OpenMP kernels cost more than they save: with another process busy on the same cores,
one 50-iteration run took minutes instead of seconds. GPyOpt therefore runs single-threaded.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from vae_opt.config import LATENT_DIM, OPTIMIZATION
from vae_opt.validation import check_bounds, check_choice, check_positive_int, check_target

Objective = Callable[[np.ndarray], np.ndarray]


def domain(bounds: tuple[float, float], latent_dim: int = LATENT_DIM) -> list[dict]:
    """GPyOpt's description of the box bounds^latent_dim, one variable t1, t2, ... per axis."""
    low, high = check_bounds(bounds)
    return [{"name": f"t{i + 1}", "type": "continuous", "domain": (low, high)}
            for i in range(latent_dim)]


ACQUISITIONS = ("EI", "MPI", "LCB")
MODELS = ("GP", "sparseGP", "warpedGP", "InputWarpedGP", "RF")


class _Progress:
    """Wraps an objective to print one line per evaluation: count, value, best so far."""

    def __init__(self, objective: Objective, total: int | None, stream=None):
        self.objective, self.total, self.stream = objective, total, stream
        self.count, self.best = 0, np.inf

    def __call__(self, t: np.ndarray) -> np.ndarray:
        y = np.asarray(self.objective(t), dtype=np.float64).reshape(-1, 1)
        for value in y[:, 0]:
            self.count += 1
            self.best = min(self.best, value)
            total = f"/{self.total}" if self.total else ""
            print(f"  evaluation {self.count}{total}: f = {value:8.3f}   best = {self.best:8.3f}",
                  file=self.stream or sys.stderr, flush=True)
        return y


def _default(target: int) -> Objective:
    from vae_opt.pretrained import default_objective

    return default_objective(target)


def optimizer_for(
    target: int,
    objective: Objective | None = None,
    *,
    bounds: tuple[float, float] = OPTIMIZATION.bounds,
    latent_dim: int = LATENT_DIM,
    initial_points: int = OPTIMIZATION.initial_points,
    acquisition: str = OPTIMIZATION.acquisition,
    jitter: float = OPTIMIZATION.jitter,
    exact_feval: bool = OPTIMIZATION.exact_feval,
    model: str = OPTIMIZATION.model,
    seed: int | None = None,
    progress: bool = False,
    **gpyopt_options,
):
    """A GPyOpt ``BayesianOptimization`` minimising f(t, target) over t in bounds^latent_dim.

    Defaults are the method's: GP surrogate, EI with jitter 0.01, 2 random initial points,
    noisy evaluations. ``objective`` defaults to the decode-and-classify objective on the
    pretrained softmax model's decoder and the separate classifier. Other GPyOpt constructor
    options pass through ``gpyopt_options``. The initial points are evaluated here.
    """
    import GPyOpt

    target = check_target(target)
    check_positive_int(initial_points, "initial_points")
    check_choice(acquisition, ACQUISITIONS, "acquisition", hint="GPyOpt offers")
    check_choice(model, MODELS, "model", hint="GPyOpt offers")
    space = domain(bounds, latent_dim)
    objective = _default(target) if objective is None else objective
    f = _Progress(objective, None) if progress else objective
    if seed is not None:
        np.random.seed(seed)
    with threadpool_limits(limits=1):
        return GPyOpt.methods.BayesianOptimization(
            f=lambda t: np.asarray(f(t), dtype=np.float64).reshape(-1, 1),
            domain=space,
            model_type=model,
            acquisition_type=acquisition,
            acquisition_jitter=jitter,
            initial_design_numdata=initial_points,
            exact_feval=exact_feval,
            **gpyopt_options,
        )


@dataclass
class OptimizationResult:
    """Every evaluated latent point X with its objective value Y, and the best of them."""

    target: int
    X: np.ndarray
    Y: np.ndarray
    seconds: float
    settings: dict = field(default_factory=dict)

    @property
    def x_best(self) -> np.ndarray:
        return self.X[int(np.argmin(self.Y[:, 0]))]

    @property
    def y_best(self) -> float:
        return float(np.min(self.Y[:, 0]))

    def best(self, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """The k evaluated points with the lowest objective values, best first: (X_k, Y_k)."""
        order = np.argsort(self.Y[:, 0], kind="stable")[:k]
        return self.X[order], self.Y[order, 0]

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(X=self.X.tolist(), Y=self.Y[:, 0].tolist(), x_best=self.x_best.tolist(),
                 y_best=self.y_best)
        return d

    def save_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2) + "\n")


def run(optimizer, max_iter: int = OPTIMIZATION.max_iter, seed: int | None = None,
        target: int | None = None, settings: dict | None = None) -> OptimizationResult:
    """Run ``max_iter`` BO iterations on a GPyOpt optimizer and collect its evaluations."""
    max_iter = check_positive_int(max_iter, "max_iter")
    if seed is not None:
        np.random.seed(seed)
    start = time.perf_counter()
    with threadpool_limits(limits=1):
        optimizer.run_optimization(max_iter=max_iter)
    seconds = time.perf_counter() - start
    return OptimizationResult(
        target=-1 if target is None else target,
        X=np.asarray(optimizer.X, dtype=np.float64),
        Y=np.asarray(optimizer.Y, dtype=np.float64).reshape(-1, 1),
        seconds=seconds,
        settings=settings or {},
    )


def optimize(
    target: int,
    objective: Objective | None = None,
    *,
    max_iter: int = OPTIMIZATION.max_iter,
    seed: int | None = 0,
    bounds: tuple[float, float] = OPTIMIZATION.bounds,
    progress: bool = False,
    **options,
) -> tuple[OptimizationResult, object]:
    """Build the optimizer for `target`, run it, and return ``(result, optimizer)``.

    The same seed gives the same evaluated points. ``options`` go to ``optimizer_for``.
    """
    max_iter = check_positive_int(max_iter, "max_iter")
    start = time.perf_counter()
    if progress:
        total = options.get("initial_points", OPTIMIZATION.initial_points) + max_iter
        objective = _Progress(_default(target) if objective is None else objective, total)
    optimizer = optimizer_for(target, objective, bounds=bounds, seed=seed, **options)
    settings = {"max_iter": max_iter, "seed": seed, "bounds": list(check_bounds(bounds)),
                **{k: v for k, v in options.items() if isinstance(v, (int, float, str, bool))}}
    result = run(optimizer, max_iter, seed=None if seed is None else seed + 1, target=target,
                 settings=settings)
    result.seconds = time.perf_counter() - start
    return result, optimizer
