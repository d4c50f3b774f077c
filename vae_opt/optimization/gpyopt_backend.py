"""The one place that touches GPyOpt 1.2.6 (archived): its patches, and one proposal step.

GPyOpt draws its randomness (GP restarts, acquisition anchor points) from NumPy's global
generator. ``global_seed`` is the only place that sets it, and it restores the caller's state
afterwards, so a proposal depends on its seed alone.

GP fits here are on matrices of a few dozen rows, where BLAS and OpenMP thread pools cost more
than they save (with another process busy, a 50-iteration run took minutes instead of seconds),
so every GPyOpt call runs single-threaded.

Two patches only save time and change no proposal (docs/bo-settings.md has the profile): GPyOpt's
L-BFGS wrapper evaluated the acquisition twice per step (once for its value, once for value and
gradient), and EI recomputed the GP mean at every told point on every call (``get_fmin``).
A third lets settings choose how many anchor points start the acquisition's L-BFGS runs and
from how many random samples they are picked (GPyOpt's fixed 5 and 1000 are the defaults).
What else settings add to GPyOpt's GP and EI lives in ``gpyopt_additions``.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

import numpy as np
import scipy.optimize
from threadpoolctl import ThreadpoolController

from vae_opt.optimization import gpyopt_additions as additions
from vae_opt.optimization.settings import ACQUISITIONS, MODELS, BOSettings  # noqa: F401
_patched = False
_controller: ThreadpoolController | None = None
ORIGINALS: dict = {}  # GPyOpt's own methods that the patches replaced (the tests compare them)


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


def _lbfgs_optimize(self, x0, f=None, df=None, f_df=None):
    """GPyOpt's ``OptLbfgs.optimize`` with one acquisition evaluation per L-BFGS step.

    GPyOpt's own passes L-BFGS ``x -> (f(x), f_df(x)[1])``, computing the acquisition twice; its
    value is the same either way, so the steps, and the proposals, are too.
    """
    if f_df is None:
        res = scipy.optimize.fmin_l_bfgs_b(f, x0=x0, bounds=self.bounds, approx_grad=True,
                                           maxiter=self.maxiter)
    else:
        def value_and_gradient(x):
            value, gradient = f_df(x)
            return value[0], gradient[0]
        res = scipy.optimize.fmin_l_bfgs_b(value_and_gradient, x0=x0, bounds=self.bounds,
                                           maxiter=self.maxiter)
    if res[2]["task"] == b"ABNORMAL_TERMINATION_IN_LNSRCH":  # as GPyOpt: keep x0 if lost
        return np.atleast_2d(x0), np.atleast_2d(f(x0))
    return np.atleast_2d(res[0]), np.atleast_2d(res[1])


def _anchored_optimize(self, f=None, df=None, f_df=None, duplicate_manager=None):
    """GPyOpt's ``AcquisitionOptimizer.optimize`` (max-objective anchors), with the number of
    anchor points and of the random samples they are picked from read from the instance, and
    the search kept to the prior's shell when the instance has one (``additions.shell_optimize``)."""
    # GPyOpt: imported when the first acquisition is optimized, not with the package
    from GPyOpt.optimization.acquisition_optimizer import (ObjectiveAnchorPointsGenerator,
                                                           apply_optimizer, choose_optimizer)

    self.f, self.df, self.f_df = f, df, f_df
    if getattr(self, "shell", None) is not None and f_df is not None:
        return additions.shell_optimize(self, f, f_df, self.shell)
    self.optimizer = choose_optimizer(self.optimizer_name, self.context_manager.noncontext_bounds)
    generator = ObjectiveAnchorPointsGenerator(self.space, "random", f,
                                               num_samples=getattr(self, "num_samples", 1000))
    anchors = generator.get(num_anchor=getattr(self, "num_anchor", 5),
                            duplicate_manager=duplicate_manager,
                            context_manager=self.context_manager)
    optimized = [apply_optimizer(self.optimizer, a, f=f, df=None, f_df=f_df,
                                 duplicate_manager=duplicate_manager,
                                 context_manager=self.context_manager, space=self.space)
                 for a in anchors]
    return min(optimized, key=lambda point: point[1])


def gpyopt():
    """The GPyOpt module with its known traps patched (once per process)."""
    global _patched
    # GPyOpt (slow, with GPy and SciPy): imported on first use, never with the package
    import GPyOpt
    from GPyOpt.core.evaluators import batch_local_penalization
    from GPyOpt.optimization import acquisition_optimizer, optimizer

    if not _patched:
        # numpy 2 removed np.linalg.linalg; GPyOpt's run loop names its LinAlgError there, so any
        # error during a GP update became "module 'numpy.linalg' has no attribute 'linalg'".
        if not hasattr(np.linalg, "linalg"):
            np.linalg.linalg = np.linalg
        ORIGINALS.update(estimate_L=batch_local_penalization.estimate_L)
        batch_local_penalization.estimate_L = _estimate_lipschitz
        ORIGINALS.update(lbfgs=optimizer.OptLbfgs.optimize,
                         anchors=acquisition_optimizer.AcquisitionOptimizer.optimize)
        optimizer.OptLbfgs.optimize = _lbfgs_optimize
        acquisition_optimizer.AcquisitionOptimizer.optimize = _anchored_optimize
        _patched = True
    return GPyOpt


@contextlib.contextmanager
def global_seed(seed: int) -> Iterator[None]:
    """Run GPyOpt with NumPy's global generator seeded, single-threaded; restore it after.

    The thread pools are found once per process, after GPyOpt (and with it GPy and SciPy's
    BLAS) is loaded: ``threadpool_limits`` alone searches the loaded libraries at every call,
    3 ms each, twice per proposal (a fifth of a run's time).
    """
    global _controller
    if _controller is None:
        gpyopt()
        _controller = ThreadpoolController()
    saved = np.random.get_state()
    np.random.seed(seed)
    try:
        with _controller.limit(limits=1):
            yield
    finally:
        np.random.set_state(saved)


def domain(bounds: tuple[float, float], dim: int) -> list[dict]:
    """GPyOpt's description of the box [low, high]^dim, one variable t1, t2, ... per axis."""
    return [{"name": f"t{i + 1}", "type": "continuous", "domain": tuple(bounds)}
            for i in range(dim)]


def build(X: np.ndarray, Y: np.ndarray, bounds: tuple[float, float], settings: BOSettings,
          batch: int = 1, floor: tuple[tuple[float, float], list[dict]] | None = None,
          shell: tuple[float, float] | None = None, prior_weight: float = 0.0):
    """A GPyOpt ``BayesianOptimization`` over the evaluations (X, Y), with no objective attached:
    it only proposes. ``floor`` (``gpyopt_additions.floor_region``: a box and the ball in it)
    restricts the proposals as settings.floor says, ``shell`` (radii) to the prior's shell.
    Call inside ``global_seed``."""
    GPyOpt = gpyopt()
    box, constraints = floor or (bounds, None)
    bo = GPyOpt.methods.BayesianOptimization(
        f=None, domain=domain(box, X.shape[1]), X=X, Y=Y,
        constraints=constraints if settings.floor == "constraint" else None,
        model_type=settings.model, acquisition_type=settings.acquisition,
        acquisition_jitter=settings.jitter, exact_feval=settings.exact_feval,
        normalize_Y=settings.normalize_y, optimize_restarts=settings.restarts, ARD=settings.ard,
        evaluator_type="local_penalization" if batch > 1 else "sequential", batch_size=batch,
    )
    bo.acquisition_optimizer.num_anchor = settings.anchor_points
    bo.acquisition_optimizer.num_samples = settings.anchor_samples
    bo.acquisition_optimizer.shell = shell
    if floor is not None and settings.floor == "ei":  # 0 outside the ball: no constraint needed
        bo.acquisition = additions.floor_ei(bo, settings.jitter, prior_weight)
        bo.evaluator = bo._evaluator_chooser()
    return bo


def fitted(X: np.ndarray, Y: np.ndarray, bounds: tuple[float, float], settings: BOSettings,
           batch: int = 1, warm: np.ndarray | None = None,
           shell: tuple[float, float] | None = None, prior_weight: float = 0.0):
    """``build``, then fit its GP to (X, Y): ready to predict and to propose.

    ``warm`` holds GP hyper-parameters of an earlier fit to start from (see ``gp_parameters``);
    ``shell`` keeps proposals to the prior's shell of those radii (settings.prior_shell);
    ``prior_weight`` is the w of the declared prior term w * nll_prior(t), which the floor and
    the known quadratic need (0: none declared, both off; the Optimizer passes its space's).
    Fitting from scratch at every step often settles on "everything is noise" and stalls the
    search; GPyOpt's own loop avoids that by keeping its model, which this reproduces.
    """
    inner = shell[0] if shell else 0.0
    floor = (additions.floor_region(X, Y, bounds, inner, prior_weight)
             if settings.floor != "none" and prior_weight > 0 else None)
    known = settings.known_quadratic * prior_weight
    Y = Y - known * additions.half_square(X)
    bo = build(X, Y, bounds, settings, batch, floor, shell, prior_weight)
    if warm is not None:
        bo.model._create_model(X, Y)
        if bo.model.model.param_array.shape == warm.shape:
            bo.model.model[:] = warm
    bo._update_model(bo.normalization_type)
    if settings.fast_predictions:
        additions.fast_predictions(bo)
    if known:
        additions.add_known_quadratic(bo, known)
    fmin = bo.model.get_fmin()  # fixed until the next fit; EI asked for it at every evaluation
    bo.model.get_fmin = lambda: fmin
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
