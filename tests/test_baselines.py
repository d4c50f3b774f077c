"""Random search and gradient search: bounds, evaluation counts, repeatability, descent."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vae_opt.backend import keras
from vae_opt.mnist.baselines import gradient_search, random_search
from vae_opt.mnist.objectives import LatentObjective, predictor_objective

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


@pytest.fixture(scope="module")
def predictor():
    return linear_predictor()


def test_random_search_respects_bounds_and_counts_evaluations():
    objective = LatentObjective(linear_log_probs, TARGET)
    result = random_search(objective, 30, dim=2, bounds=(-1.0, 2.0), seed=0)
    assert result.X.shape == (30, 2) and result.Y.shape == (30, 1)
    assert objective.evaluations == 30
    assert result.X.min() >= -1.0 and result.X.max() <= 2.0
    assert result.X.min() < -0.5 and result.X.max() > 1.5  # spread over the box, not a corner
    np.testing.assert_allclose(result.Y, LatentObjective(linear_log_probs, TARGET)(result.X))
    assert result.settings == {"method": "random", "n_evaluations": 30, "seed": 0,
                               "bounds": [-1.0, 2.0], "dim": 2}


def test_random_search_draws_uniform_points_of_the_seed():
    result = random_search(LatentObjective(linear_log_probs, TARGET), 5, dim=2, bounds=(-3, 3),
                           seed=11)
    expected = np.random.default_rng(11).uniform(-3, 3, size=(5, 2))
    np.testing.assert_array_equal(result.X, expected)


def test_random_search_is_repeatable_by_seed():
    objective = LatentObjective(linear_log_probs, TARGET)
    first, again = (random_search(objective, 10, 2, seed=7) for _ in range(2))
    other = random_search(objective, 10, 2, seed=8)
    np.testing.assert_array_equal(first.X, again.X)
    np.testing.assert_array_equal(first.Y, again.Y)
    assert not np.allclose(first.X, other.X)


def test_random_search_in_more_dimensions():
    def bowl(t):
        return np.sum(t**2, axis=1, keepdims=True)

    result = random_search(bowl, 40, dim=5, bounds=(0.0, 1.0), seed=0)
    assert result.X.shape == (40, 5) and np.all((result.X >= 0) & (result.X <= 1))
    np.testing.assert_allclose(result.Y[:, 0], np.sum(result.X**2, axis=1))


@pytest.mark.parametrize("kwargs, message", [
    ({"n_evaluations": 0}, "n_evaluations"), ({"dim": 0}, "dim"),
    ({"bounds": (1.0, -1.0)}, "bounds"),
])
def test_random_search_rejects_bad_arguments(kwargs, message):
    args = {"objective": LatentObjective(linear_log_probs, TARGET), "n_evaluations": 3, "dim": 2,
            **kwargs}
    with pytest.raises(ValueError, match=message):
        random_search(**args)


def test_gradient_search_descends_to_the_known_optimum_and_counts_evaluations(predictor):
    objective = predictor_objective(predictor, TARGET)
    result = gradient_search(objective, predictor, n_starts=3, steps=60, learning_rate=0.1,
                             seed=0)
    assert result.X.shape == (180, 2) and result.Y.shape == (180, 1)
    assert result.settings["objective_evaluations"] == 180
    assert result.settings["gradient_evaluations"] == 3 * 59
    assert np.all(np.abs(result.X) <= 4.0)
    # The starts are uniform in the box, drawn with the seed.
    np.testing.assert_allclose(result.X[:3], np.random.default_rng(0).uniform(-4, 4, (3, 2)))
    # Y is the predictor objective at X, recorded step by step (the first 3 rows are the starts).
    np.testing.assert_allclose(result.Y, predictor_objective(predictor, TARGET)(result.X),
                               rtol=1e-5, atol=1e-5)
    starts, ends = result.Y[:3, 0], result.Y[-3:, 0]
    assert np.all(ends < starts)
    np.testing.assert_allclose(result.x_best, known_optimum(), atol=0.05)


def test_gradient_search_decreases_the_objective_step_by_step(predictor):
    objective = predictor_objective(predictor, TARGET)
    result = gradient_search(objective, predictor, n_starts=2, steps=20, learning_rate=0.05,
                             seed=3)
    per_start = result.Y[:, 0].reshape(20, 2).T  # rows: starts; columns: steps
    assert np.all(np.diff(per_start, axis=1) < 1e-6)  # small steps never go uphill here
    assert np.all(per_start[:, -1] < per_start[:, 0] - 0.5)


def test_gradient_search_is_clipped_to_the_bounds(predictor):
    # The optimum (t1 ~ 0.9) lies outside [-2, 0], so descent must stop at the bound t1 = 0.
    result = gradient_search(predictor_objective(predictor, TARGET), predictor, n_starts=2,
                             steps=40, learning_rate=0.2, bounds=(-2.0, 0.0), seed=1)
    assert result.X.min() >= -2.0 and result.X.max() <= 0.0
    np.testing.assert_allclose(result.x_best, [0.0, 0.0], atol=0.05)


def test_gradient_search_is_repeatable_by_seed(predictor):
    objective = predictor_objective(predictor, TARGET)
    first, again = (gradient_search(objective, predictor, n_starts=2, steps=5, seed=4)
                    for _ in range(2))
    np.testing.assert_array_equal(first.X, again.X)
    other = gradient_search(objective, predictor, n_starts=2, steps=5, seed=5)
    assert not np.allclose(first.X, other.X)


@pytest.mark.parametrize("kwargs, message", [
    ({"n_starts": 0}, "n_starts"), ({"steps": 0}, "steps"),
    ({"learning_rate": 0.0}, "learning_rate must be positive"), ({"bounds": (2, 2)}, "bounds"),
])
def test_gradient_search_rejects_bad_arguments(predictor, kwargs, message):
    with pytest.raises(ValueError, match=message):
        gradient_search(predictor_objective(predictor, TARGET), predictor, **kwargs)
