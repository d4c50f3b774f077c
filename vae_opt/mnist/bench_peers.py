"""Other Bayesian-optimization libraries on the same objective, budget and box: the peers.

* ``skopt``: scikit-optimize's ``gp_minimize`` with expected improvement (its Matern GP, its own
  acquisition optimizer), the method's 2 random initial points.
* ``botorch``: BoTorch's ``SingleTaskGP`` with ``LogExpectedImprovement``, 2 random initial
  points, ``optimize_acqf`` from BOTORCH_PEER.raw_samples points and BOTORCH_PEER.restarts starts.

Both come from the optional extra ``pip install -e .[peers]``. Without them ``available`` says so
and the benchmark leaves them out with one line. Each adapter returns the ``OptimizationResult``
of BO (every point and value in evaluation order), so that they are scored like the others.
Every method runs single-threaded, as GPyOpt does here (``gpyopt_backend``): the matrices are
tiny, and on a shared machine thread pools only contend.
"""

from __future__ import annotations

import importlib.util
import time

import numpy as np
from threadpoolctl import threadpool_limits

from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.bench_config import BOTORCH_PEER, PEER_METHODS, SKOPT_PEER
from vae_opt.optimization import Objective, OptimizationResult, evaluate
from vae_opt.validation import check_bounds, check_positive_int

PEERS: tuple[str, ...] = PEER_METHODS
_MODULES = {"skopt": ("skopt",), "botorch": ("botorch", "torch")}


def available(peer: str) -> bool:
    """Whether the packages a peer needs are installed (the `peers` extra)."""
    return all(importlib.util.find_spec(name) is not None for name in _MODULES[peer])


def missing_note(peers: list[str]) -> str:
    """One line naming the peers left out, and how to install them."""
    return (f"[benchmark] skipping {', '.join(peers)}: not installed "
            "(pip install -e '.[peers]' adds scikit-optimize and BoTorch)")


def _result(X: np.ndarray, Y: np.ndarray, seconds: float, method: str, seed: int,
            bounds: tuple[float, float]) -> OptimizationResult:
    return OptimizationResult(
        X=np.asarray(X, dtype=np.float64), Y=np.asarray(Y, dtype=np.float64).reshape(-1, 1),
        seconds=seconds, settings={"method": method, "seed": seed, "bounds": list(bounds),
                                   "dim": int(np.shape(X)[1]), "n_evaluations": len(X)})


def skopt_search(objective: Objective, n_evaluations: int, dim: int,
                 bounds: tuple[float, float] = OPTIMIZATION.bounds, seed: int = 0
                 ) -> OptimizationResult:
    """scikit-optimize's ``gp_minimize`` (EI) for `n_evaluations` evaluations of `objective`."""
    from skopt import gp_minimize  # optional: the `peers` extra

    n_evaluations, dim = check_positive_int(n_evaluations, "n_evaluations"), check_positive_int(dim, "dim")
    low, high = check_bounds(bounds)
    start = time.perf_counter()
    with threadpool_limits(limits=1):
        result = gp_minimize(
            lambda x: float(evaluate(objective, np.asarray([x], dtype=np.float64))[0]),
            [(low, high)] * dim, n_calls=n_evaluations,
            n_initial_points=min(SKOPT_PEER.initial_points, n_evaluations),
            acq_func=SKOPT_PEER.acquisition, random_state=seed)
    return _result(np.asarray(result.x_iters), np.asarray(result.func_vals),
                   time.perf_counter() - start, "skopt", seed, (low, high))


def botorch_search(objective: Objective, n_evaluations: int, dim: int,
                   bounds: tuple[float, float] = OPTIMIZATION.bounds, seed: int = 0
                   ) -> OptimizationResult:
    """BoTorch: a ``SingleTaskGP`` (inputs scaled to the unit cube, outputs standardised) refitted
    at every step, each next point maximising ``LogExpectedImprovement`` of -objective."""
    # optional, the `peers` extra: BoTorch and PyTorch
    import torch
    from botorch.acquisition import LogExpectedImprovement
    from botorch.fit import fit_gpytorch_mll
    from botorch.models import SingleTaskGP
    from botorch.models.transforms import Normalize, Standardize
    from botorch.optim import optimize_acqf
    from gpytorch.mlls import ExactMarginalLogLikelihood

    n_evaluations, dim = check_positive_int(n_evaluations, "n_evaluations"), check_positive_int(dim, "dim")
    low, high = check_bounds(bounds)
    box = torch.tensor([[low] * dim, [high] * dim], dtype=torch.float64)
    threads = torch.get_num_threads()
    start = time.perf_counter()
    torch.set_num_threads(1)
    try:
        with threadpool_limits(limits=1), torch.random.fork_rng():
            torch.manual_seed(seed)
            n_initial = min(BOTORCH_PEER.initial_points, n_evaluations)
            X = np.random.default_rng(seed).uniform(low, high, size=(n_initial, dim))
            Y = evaluate(objective, X)
            while len(X) < n_evaluations:
                train_x = torch.tensor(X, dtype=torch.float64)
                train_y = -torch.tensor(Y, dtype=torch.float64).unsqueeze(-1)  # BoTorch maximises
                model = SingleTaskGP(train_x, train_y, input_transform=Normalize(dim, bounds=box),
                                     outcome_transform=Standardize(1))
                fit_gpytorch_mll(ExactMarginalLogLikelihood(model.likelihood, model))
                acquisition = LogExpectedImprovement(model, best_f=train_y.max())
                candidate, _ = optimize_acqf(acquisition, bounds=box, q=1,
                                             num_restarts=BOTORCH_PEER.restarts,
                                             raw_samples=BOTORCH_PEER.raw_samples)
                t = candidate.detach().numpy().reshape(1, dim)
                X, Y = np.vstack([X, t]), np.concatenate([Y, evaluate(objective, t)])
    finally:
        torch.set_num_threads(threads)
    return _result(X, Y, time.perf_counter() - start, "botorch", seed, (low, high))


SEARCHES = {"skopt": skopt_search, "botorch": botorch_search}
