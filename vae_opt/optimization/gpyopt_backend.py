"""The one place that touches GPyOpt 1.2.6 (archived): its patches, and one proposal step.

GPyOpt draws its randomness (GP restarts, acquisition anchor points) from NumPy's global
generator. ``global_seed`` is the only place that sets it, and it restores the caller's state
afterwards, so a proposal depends on its seed alone.

GP fits here are on matrices of a few dozen rows, where BLAS and OpenMP thread pools cost more
than they save (with another process busy, a 50-iteration run took minutes instead of seconds),
so every GPyOpt call runs single-threaded.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

import numpy as np
import scipy.optimize
from threadpoolctl import threadpool_limits

from vae_opt.config import BOSettings

ACQUISITIONS = ("EI", "MPI", "LCB")
MODELS = ("GP", "sparseGP", "warpedGP", "InputWarpedGP")
_patched = False


def _estimate_lipschitz(model, bounds, storehistory: bool = True) -> float:
    """Local penalization's Lipschitz constant: the largest norm of the GP mean's gradient.

    GPyOpt's own ``estimate_L`` indexes ``minimize(...).fun`` as an array; SciPy 1.17 returns a
    float there, so every batch larger than one failed. Same estimate, read either way.
    """
    def minus_gradient_norm(x, *_):
        mean_gradient, _ = model.predictive_gradients(np.atleast_2d(x))
        return -np.sqrt(np.sum(mean_gradient**2, axis=1))

    low, high = np.array(bounds, dtype=float).T
    samples = np.vstack([np.random.uniform(low, high, size=(500, len(low))), model.X])
    x0 = samples[np.argmin(minus_gradient_norm(samples))]
    result = scipy.optimize.minimize(lambda x: float(np.ravel(minus_gradient_norm(x))[0]), x0,
                                     method="L-BFGS-B", bounds=bounds, options={"maxiter": 200})
    lipschitz = -float(np.ravel(result.fun)[0])
    return lipschitz if lipschitz >= 1e-7 else 10.0  # a flat model: GPyOpt's fallback


def gpyopt():
    """The GPyOpt module with its known traps patched (once per process)."""
    global _patched
    import GPyOpt
    from GPyOpt.core.evaluators import batch_local_penalization

    if not _patched:
        # numpy 2 removed np.linalg.linalg; GPyOpt's run loop names its LinAlgError there, so any
        # error during a GP update became "module 'numpy.linalg' has no attribute 'linalg'".
        if not hasattr(np.linalg, "linalg"):
            np.linalg.linalg = np.linalg
        batch_local_penalization.estimate_L = _estimate_lipschitz
        _patched = True
    return GPyOpt


@contextlib.contextmanager
def global_seed(seed: int) -> Iterator[None]:
    """Run GPyOpt with NumPy's global generator seeded, single-threaded; restore it after."""
    saved = np.random.get_state()
    np.random.seed(seed)
    try:
        with threadpool_limits(limits=1):
            yield
    finally:
        np.random.set_state(saved)


def domain(bounds: tuple[float, float], dim: int) -> list[dict]:
    """GPyOpt's description of the box [low, high]^dim, one variable t1, t2, ... per axis."""
    return [{"name": f"t{i + 1}", "type": "continuous", "domain": tuple(bounds)}
            for i in range(dim)]


def build(X: np.ndarray, Y: np.ndarray, bounds: tuple[float, float], settings: BOSettings,
          batch: int = 1):
    """A GPyOpt ``BayesianOptimization`` over the evaluations (X, Y), with no objective attached:
    it only proposes. Call inside ``global_seed``."""
    GPyOpt = gpyopt()
    return GPyOpt.methods.BayesianOptimization(
        f=None, domain=domain(bounds, X.shape[1]), X=X, Y=Y,
        model_type=settings.model, acquisition_type=settings.acquisition,
        acquisition_jitter=settings.jitter, exact_feval=settings.exact_feval,
        normalize_Y=settings.normalize_y, optimize_restarts=settings.restarts, ARD=settings.ard,
        evaluator_type="local_penalization" if batch > 1 else "sequential", batch_size=batch,
    )


def fitted(X: np.ndarray, Y: np.ndarray, bounds: tuple[float, float], settings: BOSettings,
           batch: int = 1, warm: np.ndarray | None = None):
    """``build``, then fit its GP to (X, Y): ready to predict and to propose.

    ``warm`` holds GP hyper-parameters of an earlier fit to start from (see ``gp_parameters``).
    Fitting from scratch at every step often settles on "everything is noise" and stalls the
    search; GPyOpt's own loop avoids that by keeping its model, which this reproduces.
    """
    bo = build(X, Y, bounds, settings, batch)
    if warm is not None:
        bo.model._create_model(X, Y)
        if bo.model.model.param_array.shape == warm.shape:
            bo.model.model[:] = warm
    bo._update_model(bo.normalization_type)
    return bo


def gp_parameters(bo) -> np.ndarray:
    """The fitted GP's hyper-parameters, to warm-start the next fit."""
    return np.array(bo.model.model.param_array, copy=True)


def propose(bo, n: int) -> np.ndarray:
    """The next n points of a fitted optimizer: (n, d)."""
    points = np.atleast_2d(bo._compute_next_evaluations())
    return points[:n]


def posterior(bo, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GP posterior mean and standard deviation at t, in the objective's own units: (n,), (n,)."""
    mean, std = bo.model.predict(t)
    mean, std = np.ravel(mean), np.ravel(std)
    if bo.normalize_Y:  # GPyOpt fits (Y - mean) / std, or Y - mean when std is 0
        scale = float(np.std(bo.Y)) or 1.0
        mean, std = mean * scale + float(np.mean(bo.Y)), std * scale
    return mean, std


def acquisition(bo, t: np.ndarray) -> np.ndarray:
    """The acquisition function (larger is more promising) at t: (n,)."""
    return -np.ravel(bo.acquisition.acquisition_function(t))
