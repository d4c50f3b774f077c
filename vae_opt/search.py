"""Baselines for Bayesian optimization in the latent space: random search and gradient search.

Both return the ``OptimizationResult`` of BO (every evaluated point X with its value Y, in the
order of evaluation), so that scoring, tables and convergence plots are shared by all methods.
"""

from __future__ import annotations

import math
import time
from typing import Callable

import keras
import numpy as np
import tensorflow as tf

from vae_opt.config import GRADIENT_SEARCH, LATENT_DIM, LOG_EPS, NUM_CLASSES, OPTIMIZATION
from vae_opt.optimization import Objective, OptimizationResult
from vae_opt.validation import check_bounds, check_positive_int, check_target


def random_search(
    objective: Objective,
    n_evaluations: int,
    bounds: tuple[float, float] = OPTIMIZATION.bounds,
    seed: int | None = 0,
) -> OptimizationResult:
    """Evaluate `objective` on points drawn uniformly from bounds^2: the baseline BO must beat."""
    n_evaluations = check_positive_int(n_evaluations, "n_evaluations")
    low, high = check_bounds(bounds)
    latent_dim = getattr(objective, "latent_dim", LATENT_DIM)
    start = time.perf_counter()
    t = np.random.default_rng(seed).uniform(low, high, size=(n_evaluations, latent_dim))
    y = np.asarray(objective(t), dtype=np.float64).reshape(-1, 1)
    return OptimizationResult(
        target=getattr(objective, "target", -1), X=t, Y=y, seconds=time.perf_counter() - start,
        settings={"method": "random", "n_evaluations": n_evaluations, "seed": seed,
                  "bounds": [low, high]},
    )


def _predictor_objective_functions(
    predictor: keras.Model, target: int
) -> tuple[Callable, Callable]:
    """Compiled t -> f(t) and t -> (f(t), df/dt) of the predictor objective on a batch."""
    if predictor.output_shape[-1] != NUM_CLASSES:
        raise ValueError(f"the predictor must output {NUM_CLASSES} class probabilities, got "
                         f"{predictor.output_shape[-1]}; use the softmax model's predictor")
    latent_dim = predictor.input_shape[-1]
    spec = [tf.TensorSpec([None, latent_dim], tf.float32)]
    log_normaliser = 0.5 * latent_dim * math.log(2.0 * math.pi)

    def value(t: tf.Tensor) -> tf.Tensor:
        p_target = predictor(t, training=False)[:, target]
        nll_prior = 0.5 * tf.reduce_sum(t**2, axis=-1) + log_normaliser
        return -tf.math.log(p_target + LOG_EPS) + nll_prior

    def value_and_gradient(t: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        with tf.GradientTape() as tape:
            tape.watch(t)
            f = value(t)
        # The tape differentiates the sum of f; each f depends on its own point only, so the
        # result holds every point's own gradient.
        return f, tape.gradient(f, t)

    return tf.function(value, input_signature=spec), tf.function(value_and_gradient,
                                                                  input_signature=spec)


def _adam_step(t: np.ndarray, gradient: np.ndarray, m: np.ndarray, v: np.ndarray, step: int,
               learning_rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam update (Kingma & Ba, 2015) of t, with its moment estimates m and v."""
    beta_1, beta_2 = GRADIENT_SEARCH.beta_1, GRADIENT_SEARCH.beta_2
    m = beta_1 * m + (1 - beta_1) * gradient
    v = beta_2 * v + (1 - beta_2) * gradient**2
    m_hat, v_hat = m / (1 - beta_1**step), v / (1 - beta_2**step)
    return t - learning_rate * m_hat / (np.sqrt(v_hat) + GRADIENT_SEARCH.epsilon), m, v


def gradient_search(
    predictor: keras.Model,
    target: int,
    n_starts: int = GRADIENT_SEARCH.n_starts,
    steps: int = GRADIENT_SEARCH.steps,
    learning_rate: float = GRADIENT_SEARCH.learning_rate,
    bounds: tuple[float, float] = OPTIMIZATION.bounds,
    seed: int | None = 0,
) -> OptimizationResult:
    """Minimise the predictor objective by Adam from `n_starts` uniform starts, clipped to bounds.

    f(t) = -log(p(target | t) + 1e-8) + 0.5 ||t||^2 + log(2 pi) is differentiable because the
    jointly trained predictor reads t directly. All starts move as one batch. Each start makes
    `steps` objective evaluations (the points recorded in X, Y, step by step) and `steps - 1`
    gradient evaluations: the last point is only evaluated, since a step from it would lead to a
    point never evaluated.
    """
    target = check_target(target)
    n_starts, steps = check_positive_int(n_starts, "n_starts"), check_positive_int(steps, "steps")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
    low, high = check_bounds(bounds)
    value, value_and_gradient = _predictor_objective_functions(predictor, target)
    start = time.perf_counter()
    t = np.random.default_rng(seed).uniform(low, high, size=(n_starts, predictor.input_shape[-1]))
    m, v = np.zeros_like(t), np.zeros_like(t)
    points, values = [], []
    for step in range(1, steps):
        f, gradient = (x.numpy().astype(np.float64)
                       for x in value_and_gradient(t.astype(np.float32)))
        points.append(t.copy())
        values.append(f)
        t, m, v = _adam_step(t, gradient, m, v, step, learning_rate)
        t = np.clip(t, low, high)
    points.append(t.copy())
    values.append(value(t.astype(np.float32)).numpy().astype(np.float64))
    return OptimizationResult(
        target=target, X=np.concatenate(points), Y=np.concatenate(values).reshape(-1, 1),
        seconds=time.perf_counter() - start,
        settings={"method": "gradient", "optimizer": "adam", "n_starts": n_starts, "steps": steps,
                  "learning_rate": float(learning_rate), "seed": seed, "bounds": [low, high],
                  "objective_evaluations": n_starts * steps,
                  "gradient_evaluations": n_starts * (steps - 1)},
    )
