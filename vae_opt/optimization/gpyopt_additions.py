"""Additions to GPyOpt's GP and EI that BO settings switch on (found by the settings study).

* ``floor_region`` and ``floor_ei`` (settings.floor, for a space that declares a floor): an
  objective g(t) + w nll_prior(t) with g >= 0 (e.g. -log p(target | t)) is nowhere below
  w nll_prior(t); only the ball w nll_prior(t) < best value can still improve. The acquisition
  is restricted to it.
* ``add_known_quadratic`` (settings.known_quadratic, for a declared prior term): the GP models
  the objective less a known quadratic term, and its predictions add the term back.
* ``fast_predictions`` (settings.fast_predictions): the fitted GP's predictions in NumPy.
* ``minimise_mean`` (settings.refine, refine_every): a proposal that refines the best point.
* ``shell_samples``, ``shell_optimize`` (settings.prior_shell): the acquisition maximised only
  in the shell where the prior N(0, I) has its mass.

Like gpyopt_backend, whose ``fitted`` applies them, these touch GPyOpt's objects; nothing else
in the package does.
"""

from __future__ import annotations

import numpy as np
import scipy.optimize

from vae_opt.optimization.prior import nll_prior, project_to_shell, sample_shell

# -log(p + 1e-8) >= -1e-8: how far below nll_prior a value may lie before the floor is off.
FLOOR_TOLERANCE = 1e-6


def half_square(t: np.ndarray) -> np.ndarray:
    """|t|^2 / 2 per point: (n, 1)."""
    return 0.5 * np.sum(np.atleast_2d(t) ** 2, axis=1, keepdims=True)


def floor_region(X: np.ndarray, Y: np.ndarray, bounds: tuple[float, float], inner: float = 0.0,
                 weight: float = 1.0) -> tuple[tuple[float, float], list[dict]] | None:
    """Where a point can still beat the best value, if the objective is nowhere below
    w nll_prior(t) = w (|t|^2 / 2 + d/2 log(2 pi)) (w: `weight`): the ball w nll_prior(t) < min Y.

    Returns the box around that ball (cut to the bounds) and GPyOpt's constraint for the ball;
    None when a told value lies below the floor (the objective is not what it declared) or the
    ball is empty, or lies within radius `inner` (the prior shell's hole, where no proposal
    goes): then no floor applies.
    """
    floor = weight * nll_prior(X)[:, 0]
    q0 = weight * float(nll_prior(np.zeros((1, X.shape[1])))[0, 0])
    slack = (float(np.min(Y)) - q0) / weight  # |t|^2 / 2 < slack inside the ball
    if np.any(Y[:, 0] < floor - FLOOR_TOLERANCE) or slack * weight <= FLOOR_TOLERANCE:
        return None
    radius = float(np.sqrt(2 * slack))
    box = (max(bounds[0], -radius), min(bounds[1], radius))
    if box[0] >= box[1] or radius <= inner:
        return None
    return box, [{"name": "floor", "constraint": f"0.5 * np.sum(x ** 2, axis=1) - {slack!r}"}]


def floor_ei(bo, jitter: float, weight: float = 1.0):
    """Expected improvement of an objective known to lie above q(t) = weight * nll_prior(t):
    GPyOpt's EI for a GP that ignores the floor q(t), with the improvement capped at what the
    floor leaves,
    E[min((m* - f)+, (m* - q)+)] = EI(m*) - EI(q) where q < m*, else 0 (m*: the best mean less
    the jitter). Smooth, unlike EI cut off outside the ball, which L-BFGS crawled along."""
    # GPyOpt: imported when the first acquisition is built, not with the package
    from GPyOpt.acquisitions import AcquisitionEI
    from GPyOpt.util.general import get_quantiles

    center = float(np.mean(bo.Y)) if bo.normalize_Y else 0.0
    scale = (float(np.std(bo.Y)) or 1.0) if bo.normalize_Y else 1.0

    class FloorEI(AcquisitionEI):
        def _terms(self, x, m, s):
            x = np.atleast_2d(x)
            floor = (weight * nll_prior(x) - center) / scale
            phi, Phi, u = get_quantiles(self.jitter, self.model.get_fmin(), m, s)
            phi_q, Phi_q, u_q = get_quantiles(0.0, floor, m, s)
            open_ = floor < self.model.get_fmin() - self.jitter
            value = np.where(open_, s * (u * Phi + phi) - s * (u_q * Phi_q + phi_q), 0.0)
            return np.maximum(value, 0.0), open_, (phi, Phi, phi_q, Phi_q, weight * x / scale)

        def _compute_acq(self, x):
            m, s = self.model.predict(x)
            return self._terms(x, m, s)[0]

        def _compute_acq_withGradients(self, x):
            m, s, dmdx, dsdx = self.model.predict_withGradients(x)
            value, open_, (phi, Phi, phi_q, Phi_q, dfloor) = self._terms(x, m, s)
            gradient = dsdx * (phi - phi_q) - Phi * dmdx - Phi_q * (dfloor - dmdx)
            return value, np.where(open_, gradient, 0.0)

    return FloorEI(bo.model, bo.space, bo.acquisition_optimizer, None, jitter=jitter)



def add_known_quadratic(bo, weight: float) -> None:
    """Make a GP fitted to Y - weight |t|^2 / 2 predict Y: the known term is added back to its
    mean (and gradient) in GPyOpt's normalised units, where the acquisition reads it.

    The objectives of this package all hold the prior term nll_prior(t) = |t|^2 / 2 + const;
    known exactly, it need not be learnt from 52 evaluations, and the acquisition no longer
    sends points to the corners of the box, where the GP knows least but the term alone is
    +16 (weight 1 on [-4, 4]^2).
    """
    model = bo.model
    scale = (float(np.std(bo.Y)) or 1.0) if bo.normalize_Y else 1.0
    predict, predict_with_gradients = model.predict, model.predict_withGradients

    def known(t: np.ndarray) -> np.ndarray:
        return weight * half_square(t) / scale

    def predict_total(t, with_noise=True):
        mean, std = predict(t, with_noise)
        return mean + known(t), std

    def predict_total_with_gradients(t):
        mean, std, mean_gradient, std_gradient = predict_with_gradients(t)
        t = np.atleast_2d(t)
        return mean + known(t), std, mean_gradient + weight * t / scale, std_gradient

    model.predict, model.predict_withGradients = predict_total, predict_total_with_gradients
    model.get_fmin = lambda: float(np.min(predict_total(bo.X)[0]))



def fast_predictions(bo) -> bool:
    """Replace the fitted GP's predictions (GPyOpt's ``predict`` and ``predict_withGradients``)
    by the same arithmetic in plain NumPy, for GPyOpt's GP: a Matern 5/2 kernel, no mean
    function. GPy's own pass through its parameter and caching machinery costs about a
    millisecond per point, and the acquisition's L-BFGS asks for ~2,000 points per run (the
    profile in docs/bo-settings.md). Same numbers to rounding; False (unchanged) for others.
    """
    gp = bo.model.model
    if type(gp.kern).__name__ != "Matern52" or gp.mean_function is not None:
        return False
    X, alpha = np.array(gp.X), np.array(gp.posterior.woodbury_vector)
    inverse = np.array(gp.posterior.woodbury_inv)
    variance = float(np.ravel(gp.kern.variance)[0])
    noise = float(np.ravel(gp.likelihood.variance)[0])
    lengthscale = np.array(gp.kern.lengthscale, dtype=float)
    root5 = np.sqrt(5.0)

    def kernel(t: np.ndarray, gradient: bool):
        scaled = (np.atleast_2d(t)[:, None, :] - X[None, :, :]) / lengthscale  # (m, n, d)
        r = np.sqrt(np.sum(scaled**2, axis=-1))
        decay = np.exp(-root5 * r)
        k = variance * (1 + root5 * r + 5.0 / 3.0 * r**2) * decay
        if not gradient:
            return k, None
        dk = (-5.0 / 3.0 * variance * (1 + root5 * r) * decay)[..., None] * scaled / lengthscale
        return k, dk

    def moments(t, gradient: bool, with_noise: bool = True):
        k, dk = kernel(t, gradient)
        kw = k @ inverse
        mean = k @ alpha
        var = np.clip(variance - np.sum(kw * k, axis=1, keepdims=True), 1e-15, np.inf)
        var = np.clip(var + noise if with_noise else var, 1e-10, np.inf)  # as GPy, then GPyOpt
        return mean, var, k, dk, kw

    def predict(t, with_noise=True):
        mean, var, *_ = moments(t, False, with_noise)
        return mean, np.sqrt(var)

    def predict_with_gradients(t):
        mean, var, _, dk, kw = moments(t, True)
        mean_gradient = np.einsum("mnd,n->md", dk, alpha[:, 0])
        var_gradient = -2.0 * np.einsum("mnd,mn->md", dk, kw)
        return mean, np.sqrt(var), mean_gradient, var_gradient / (2 * np.sqrt(var))

    bo.model.predict, bo.model.predict_withGradients = predict, predict_with_gradients
    return True



def shell_samples(n: int, shell: tuple[float, float], box: tuple[np.ndarray, np.ndarray]
                  ) -> np.ndarray:
    """n prior draws inside the shell and the box, from NumPy's global generator (which
    ``global_seed`` sets): the random samples that pick the acquisition's anchor points."""
    rng = np.random.default_rng(np.random.randint(2**31))
    return sample_shell(n, len(box[0]), shell, rng, box)


def shell_optimize(acquisition_optimizer, f, f_df, shell: tuple[float, float]):
    """Minimise f (GPyOpt's negated acquisition) over the box and the shell low <= |t| <= high:
    anchors are the best of prior draws inside both, each refined by SLSQP with the shell as two
    constraints (L-BFGS-B takes bounds only). Returns GPyOpt's (x (1, d), f(x) (1, 1))."""
    low, high = np.array(acquisition_optimizer.context_manager.noncontext_bounds, dtype=float).T
    candidates = shell_samples(getattr(acquisition_optimizer, "num_samples", 1000), shell, (low, high))
    values = np.ravel(f(candidates))
    anchors = candidates[np.argsort(values)[:getattr(acquisition_optimizer, "num_anchor", 5)]]
    squared = (shell[0] ** 2, shell[1] ** 2)
    constraints = [{"type": "ineq", "fun": lambda x: np.sum(x**2) - squared[0],
                    "jac": lambda x: 2 * x},
                   {"type": "ineq", "fun": lambda x: squared[1] - np.sum(x**2),
                    "jac": lambda x: -2 * x}]

    def value_and_gradient(x):
        value, gradient = f_df(np.atleast_2d(x))
        return float(np.ravel(value)[0]), np.ravel(gradient)

    best, best_value = anchors[0], float(np.min(values))
    for anchor in anchors:
        result = scipy.optimize.minimize(value_and_gradient, anchor, jac=True, method="SLSQP",
                                         bounds=list(zip(low, high)), constraints=constraints,
                                         options={"maxiter": 100})
        x = np.clip(project_to_shell(result.x, shell)[0], low, high)
        value = float(np.ravel(f(x[None, :]))[0])
        if value < best_value:
            best, best_value = x, value
    return np.atleast_2d(best), np.atleast_2d(best_value)


def minimise_mean(bo, center: np.ndarray, radius: float, bounds: tuple[float, float],
                  told: np.ndarray, starts: int = 4, shell: tuple[float, float] | None = None
                  ) -> np.ndarray | None:
    """The point (1, d) where the GP mean is lowest within `radius` of `center` (a box, cut to
    the bounds), by L-BFGS from `center` and from `starts` random points of that box.

    It refines a best point the acquisition keeps leaving: EI trades the last few hundredths of
    a nat for exploration. With a prior ``shell`` the minimiser is projected onto it. None when
    the minimiser is a told point (nothing left to learn there). Call inside ``global_seed``.
    """
    low = np.maximum(center - radius, bounds[0])
    high = np.minimum(center + radius, bounds[1])

    def mean_and_gradient(x: np.ndarray) -> tuple[float, np.ndarray]:
        mean, _, gradient, _ = bo.model.predict_withGradients(np.atleast_2d(x))
        return float(mean[0, 0]), np.ravel(gradient[0])

    x0s = np.vstack([center, np.random.uniform(low, high, size=(starts, len(center)))])
    results = [scipy.optimize.minimize(mean_and_gradient, x0, jac=True, method="L-BFGS-B",
                                       bounds=list(zip(low, high))) for x0 in x0s]
    best = min(results, key=lambda r: r.fun).x
    if shell is not None:
        best = np.clip(project_to_shell(best, shell)[0], bounds[0], bounds[1])
    nearest = np.min(np.max(np.abs(told - best), axis=1))
    return None if nearest < 1e-6 * (bounds[1] - bounds[0]) else best[None, :]
