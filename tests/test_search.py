"""Random search and gradient search: bounds, evaluation counts, repeatability, descent."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest

from vae_opt.objectives import LatentObjective, predictor_objective
from vae_opt.search import gradient_search, random_search

TARGET = 3
SLOPE = 3.0  # the predictor's logit for TARGET is SLOPE * t1; every other logit is 0


def linear_log_probs(t: np.ndarray) -> np.ndarray:
    """log p(y | t) of a softmax whose logit for TARGET is SLOPE * t1, as numpy."""
    logits = np.zeros((len(t), 10))
    logits[:, TARGET] = SLOPE * np.asarray(t)[:, 0]
    return logits - np.log(np.sum(np.exp(logits), axis=-1, keepdims=True))


def linear_predictor() -> keras.Model:
    """The same softmax as a Keras predictor t -> p(y | t)."""
    t = keras.Input((2,))
    dense = keras.layers.Dense(10, activation="softmax")
    model = keras.Model(t, dense(t))
    kernel = np.zeros((2, 10), np.float32)
    kernel[0, TARGET] = SLOPE
    dense.set_weights([kernel, np.zeros(10, np.float32)])
    return model


def known_optimum() -> np.ndarray:
    """argmin of -log p(TARGET | t) + 0.5 ||t||^2: t2 = 0 and t1 = SLOPE (1 - p), by bisection."""
    low, high = 0.0, SLOPE
    for _ in range(60):
        t1 = 0.5 * (low + high)
        p = math.exp(SLOPE * t1) / (math.exp(SLOPE * t1) + 9)
        low, high = (t1, high) if t1 < SLOPE * (1 - p) else (low, t1)
    return np.array([0.5 * (low + high), 0.0])


def test_random_search_respects_bounds_and_counts_evaluations():
    objective = LatentObjective(linear_log_probs, TARGET)
    result = random_search(objective, 30, bounds=(-1.0, 2.0), seed=0)
    assert result.X.shape == (30, 2) and result.Y.shape == (30, 1)
    assert objective.evaluations == 30
    assert result.X.min() >= -1.0 and result.X.max() <= 2.0
    assert result.X.min() < 0.0 < 1.0 < result.X.max()  # spread over the box, not a corner
    np.testing.assert_allclose(result.Y, LatentObjective(linear_log_probs, TARGET)(result.X))
    assert result.target == TARGET


def test_random_search_is_repeatable_by_seed():
    objective = LatentObjective(linear_log_probs, TARGET)
    first, again = (random_search(objective, 10, seed=7) for _ in range(2))
    other = random_search(objective, 10, seed=8)
    np.testing.assert_array_equal(first.X, again.X)
    assert not np.allclose(first.X, other.X)


def test_random_search_rejects_no_evaluations():
    with pytest.raises(ValueError, match="n_evaluations"):
        random_search(LatentObjective(linear_log_probs, TARGET), 0)


def test_gradient_search_descends_to_the_known_optimum_and_counts_evaluations():
    predictor = linear_predictor()
    result = gradient_search(predictor, TARGET, n_starts=3, steps=60, learning_rate=0.1, seed=0)
    assert result.X.shape == (180, 2)
    assert result.settings["objective_evaluations"] == 180
    assert result.settings["gradient_evaluations"] == 3 * 59
    assert np.all(np.abs(result.X) <= 4.0)
    # Y is the predictor objective at X, recorded step by step (the first 3 rows are the starts).
    np.testing.assert_allclose(result.Y, predictor_objective(predictor, TARGET)(result.X),
                               rtol=1e-5, atol=1e-5)
    starts, ends = result.Y[:3, 0], result.Y[-3:, 0]
    assert np.all(ends < starts)
    np.testing.assert_allclose(result.x_best, known_optimum(), atol=0.05)


def test_gradient_search_is_clipped_to_the_bounds():
    # The optimum (t1 ~ 0.9) lies outside [-2, 0], so descent must stop at the bound t1 = 0.
    result = gradient_search(linear_predictor(), TARGET, n_starts=2, steps=40, learning_rate=0.2,
                             bounds=(-2.0, 0.0), seed=1)
    assert result.X.min() >= -2.0 and result.X.max() <= 0.0
    np.testing.assert_allclose(result.x_best, [0.0, 0.0], atol=0.05)
