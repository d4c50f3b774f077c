"""The baselines Bayesian optimization must beat: random search (uniform in the box, or from
the prior) and gradient search.

Both return the ``OptimizationResult`` of BO (every evaluated point X with its value Y, in the
order of evaluation), so that scoring, tables and convergence plots are shared by all methods.
The third baseline, the conditional VAE, generates images directly (``networks.cvae.generate``).
"""

from __future__ import annotations

import time

import numpy as np

from vae_opt.backend import keras, tf
from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.config import GRADIENT_SEARCH, LOG_EPS
from vae_opt.latent import nll_prior_gradient
from vae_opt.mnist.objectives import LatentObjective, objective_values
from vae_opt.optimization import Objective, OptimizationResult, evaluate
from vae_opt.optimization.adam import adam_step
from vae_opt.validation import check_bounds, check_positive_int


def _evaluated(objective: Objective, draw, n_evaluations: int, dim: int,
               bounds: tuple[float, float], seed: int, method: str) -> OptimizationResult:
    """The objective at n points drawn by draw(rng, n, dim, low, high), as a search result."""
    n_evaluations = check_positive_int(n_evaluations, "n_evaluations")
    dim = check_positive_int(dim, "dim")
    low, high = check_bounds(bounds)
    start = time.perf_counter()
    t = draw(np.random.default_rng(seed), n_evaluations, dim, low, high)
    y = evaluate(objective, t).reshape(-1, 1)
    return OptimizationResult(
        X=t, Y=y, seconds=time.perf_counter() - start,
        settings={"method": method, "n_evaluations": n_evaluations, "seed": seed,
                  "bounds": [low, high], "dim": dim})


def random_search(objective: Objective, n_evaluations: int, dim: int,
                  bounds: tuple[float, float] = OPTIMIZATION.bounds, seed: int = 0
                  ) -> OptimizationResult:
    """Evaluate `objective` at points drawn uniformly from [low, high]^dim."""
    return _evaluated(objective, lambda rng, n, d, low, high: rng.uniform(low, high, (n, d)),
                      n_evaluations, dim, bounds, seed, "random")


def prior_search(objective: Objective, n_evaluations: int, dim: int,
                 bounds: tuple[float, float] = OPTIMIZATION.bounds, seed: int = 0
                 ) -> OptimizationResult:
    """Evaluate `objective` at draws of the prior t ~ N(0, I), clipped to [low, high]^dim: random
    search where the prior has its mass (in d = 16 the box's uniform points lie at |t| ~ 9,
    the prior's at |t| ~ 4)."""
    return _evaluated(objective,
                      lambda rng, n, d, low, high: np.clip(rng.standard_normal((n, d)), low, high),
                      n_evaluations, dim, bounds, seed, "prior")


def _log_p_target_and_gradient(predictor: keras.Model, target: int):
    """Compiled t -> (log p(target | t), its gradient) of the jointly trained predictor."""
    spec = [tf.TensorSpec([None, predictor.input_shape[-1]], tf.float32)]

    def log_p(t: tf.Tensor) -> tf.Tensor:
        return tf.math.log(predictor(t, training=False)[:, target] + LOG_EPS)

    def log_p_and_gradient(t: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        with tf.GradientTape() as tape:
            tape.watch(t)
            value = log_p(t)
        # The tape differentiates the sum; each value depends on its own point only, so the
        # result holds every point's own gradient.
        return value, tape.gradient(value, t)

    return tf.function(log_p_and_gradient, input_signature=spec)


def gradient_search(
    objective: LatentObjective, predictor: keras.Model,
    n_starts: int = GRADIENT_SEARCH.n_starts, steps: int = GRADIENT_SEARCH.steps,
    learning_rate: float = GRADIENT_SEARCH.learning_rate,
    bounds: tuple[float, float] = OPTIMIZATION.bounds, seed: int = 0,
) -> OptimizationResult:
    """Minimise the predictor objective f(t) = -log p(target | t) + nll_prior(t) by Adam from
    `n_starts` uniform starts (all moving as one batch), clipped to the bounds.

    ``objective`` names the target and must be the predictor's own objective (the one this
    differentiates). Each start makes `steps` objective evaluations and `steps - 1` gradient
    evaluations: the last point is only evaluated, since a step from it is never evaluated.
    """
    target = objective.target
    n_starts, steps = check_positive_int(n_starts, "n_starts"), check_positive_int(steps, "steps")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
    low, high = check_bounds(bounds)
    log_p_and_gradient = _log_p_target_and_gradient(predictor, target)
    start = time.perf_counter()
    t = np.random.default_rng(seed).uniform(low, high, size=(n_starts, objective.latent_dim))
    m, v = np.zeros_like(t), np.zeros_like(t)
    points, values = [], []
    for step in range(1, steps):
        log_p, gradient = (x.numpy().astype(np.float64)
                           for x in log_p_and_gradient(t.astype(np.float32)))
        points.append(t.copy())
        values.append(objective_values(log_p[:, None], t))
        t, m, v = adam_step(t, -gradient + nll_prior_gradient(t), m, v, step, learning_rate)
        t = np.clip(t, low, high)
    points.append(t.copy())
    values.append(objective(t))
    return OptimizationResult(
        X=np.concatenate(points), Y=np.concatenate(values).reshape(-1, 1),
        seconds=time.perf_counter() - start,
        settings={"method": "gradient", "optimizer": "adam", "n_starts": n_starts, "steps": steps,
                  "learning_rate": float(learning_rate), "seed": seed, "bounds": [low, high],
                  "objective_evaluations": n_starts * steps,
                  "gradient_evaluations": n_starts * (steps - 1)},
    )
