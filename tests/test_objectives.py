"""The objective f(t, target) = -log p(target | t) + nll_prior(t), by both routes to p(y | t)."""

import math

import numpy as np
import pytest

from vae_opt.mnist import objectives
from vae_opt.backend import keras
from vae_opt.mnist.networks.classifiers import (create_classifier, create_predictor,
                                                create_predictor_linear)
from vae_opt.mnist.networks.vae import create_decoder


@pytest.fixture(scope="module")
def nets():
    keras.utils.set_random_seed(0)
    return create_decoder(2), create_classifier(), create_predictor(2)


def test_nll_prior_is_the_standard_normal():
    t = np.array([[0.0, 0.0], [1.0, -2.0]])
    expected = 0.5 * np.sum(t**2, axis=1) + math.log(2 * math.pi)
    assert objectives.nll_prior(t).shape == (2, 1)
    assert np.allclose(objectives.nll_prior(t)[:, 0], expected)
    # In d dimensions the constant is d/2 log(2 pi).
    assert np.isclose(objectives.nll_prior(np.zeros((1, 5)))[0, 0], 2.5 * math.log(2 * math.pi))


def test_nll_prior_gradient_matches_finite_differences(rng):
    t = rng.normal(size=(3, 4))
    h = 1e-6
    numeric = np.stack([(objectives.nll_prior(t + h * e) - objectives.nll_prior(t - h * e))[:, 0]
                        / (2 * h) for e in np.eye(4)], axis=1)
    assert np.allclose(objectives.nll_prior_gradient(t), numeric, atol=1e-6)


def test_objective_values_is_minus_log_probs_plus_the_prior(rng):
    t = rng.normal(size=(4, 2))
    log_probs = np.log(rng.dirichlet(np.ones(10), size=4))
    values = objectives.objective_values(log_probs, t)
    assert values.shape == (4, 10)
    assert np.allclose(values, -log_probs + objectives.nll_prior(t))
    assert np.allclose(objectives.objective_values(log_probs[:, [3]], t)[:, 0], values[:, 3])


def test_predictor_objective_matches_its_definition(nets):
    _, _, predictor = nets
    t = np.random.default_rng(0).normal(size=(7, 2))
    f = objectives.predictor_objective(predictor, target=3)
    probs = np.asarray(predictor(t.astype(np.float32)))
    expected = -np.log(probs[:, 3] + 1e-8) + 0.5 * np.sum(t**2, axis=1) + math.log(2 * math.pi)
    values = f(t)
    assert values.shape == (7, 1)
    assert np.allclose(values[:, 0], expected, rtol=1e-5)
    assert f.evaluations == 7
    f(t[:2])
    assert f.evaluations == 9


def test_decode_classify_objective_matches_its_definition(nets):
    decoder, classifier, _ = nets
    t = np.random.default_rng(1).normal(size=(5, 2))
    f = objectives.decode_classify_objective(decoder, classifier, target=8)
    probs = np.asarray(classifier(decoder(t.astype(np.float32))))
    expected = -np.log(probs[:, 8] + 1e-8) + objectives.nll_prior(t)[:, 0]
    assert np.allclose(f(t)[:, 0], expected, rtol=1e-5)
    # A single point given as a flat vector is accepted too.
    assert np.allclose(f(t[0]), f(t[:1]))


def test_nll_target_is_the_first_term_alone(nets):
    decoder, classifier, _ = nets
    t = np.random.default_rng(2).normal(size=(6, 2))
    f = objectives.decode_classify_objective(decoder, classifier, target=5)
    nll = f.nll_target(t)
    assert nll.shape == (6,)
    assert np.allclose(nll, -f.log_probs(t)[:, 5])
    assert np.allclose(f(t)[:, 0], nll + objectives.nll_prior(t)[:, 0])
    assert f.evaluations == 6  # nll_target is not counted; the call is


def test_the_two_routes_are_different_objectives(nets):
    decoder, classifier, predictor = nets
    grid = objectives.latent_grid((-4, 4), 5)
    by_predictor = objectives.predictor_objective(predictor, 2)(grid)
    by_classifier = objectives.decode_classify_objective(decoder, classifier, 2)(grid)
    assert not np.allclose(by_predictor, by_classifier, atol=1e-3)


def test_one_formula_for_objectives_and_surfaces(nets):
    decoder, classifier, _ = nets
    grid = objectives.latent_grid((-4, 4), 9)
    assert grid.shape == (81, 2) and grid.min() == -4 and grid.max() == 4
    assert np.array_equal(np.unique(grid[:, 0]), np.linspace(-4, 4, 9))
    log_probs = objectives.decode_classify_log_probs(decoder, classifier)
    surfaces = objectives.objective_surfaces(log_probs, grid)
    assert surfaces.shape == (10, 81)
    assert np.allclose(surfaces, objectives.objective_values(log_probs(grid), grid).T)
    for target in range(10):
        f = objectives.LatentObjective(log_probs, target)
        assert np.allclose(surfaces[target], f(grid)[:, 0]), target
    assert not np.allclose(surfaces[0], surfaces[1])  # the column does pick the target


def test_latent_grid_is_for_two_dimensions_only():
    with pytest.raises(ValueError, match="2-d latent space only; this model's is 8-d"):
        objectives.latent_grid((-4, 4), 10, latent_dim=8)


def test_objective_in_more_dimensions():
    keras.utils.set_random_seed(1)
    predictor = create_predictor(8)
    f = objectives.predictor_objective(predictor, 1)
    assert f.latent_dim == 8
    t = np.random.default_rng(0).normal(size=(3, 8))
    probs = np.asarray(predictor(t.astype(np.float32)))
    assert np.allclose(f(t)[:, 0], -np.log(probs[:, 1] + 1e-8) + objectives.nll_prior(t)[:, 0],
                       rtol=1e-5)
    with pytest.raises(ValueError, match=r"shape \(n, 8\) for this 8-d latent space"):
        f(np.zeros((3, 2)))


def test_large_grids_are_chunked(nets):
    _, _, predictor = nets
    log_probs = objectives.predictor_log_probs(predictor)
    grid = np.random.default_rng(0).uniform(-4, 4, size=(20000, 2))
    values = log_probs(grid)
    assert values.shape == (20000, 10)
    assert np.allclose(values[-5:], log_probs(grid[-5:]), atol=1e-6)
    assert np.allclose(values[8190:8195], log_probs(grid[8190:8195]), atol=1e-6)  # a seam


@pytest.mark.parametrize("target", [-1, 10, 2.0, "4", None, True])
def test_bad_target(nets, target):
    with pytest.raises(ValueError, match="target must be"):
        objectives.predictor_objective(nets[2], target)


@pytest.mark.parametrize("points, message", [
    (np.zeros((3, 3)), r"must have shape \(n, 2\).*got shape \(3, 3\)"),
    (np.zeros((2, 2, 2)), r"must have shape \(n, 2\)"),
    (np.array([[np.nan, 0]]), "must be finite"),
    (np.array([[np.inf, 0]]), "must be finite"),
])
def test_bad_points(nets, points, message):
    f = objectives.predictor_objective(nets[2], 1)
    with pytest.raises(ValueError, match=message):
        f(points)
    assert f.evaluations == 0


def test_check_points_accepts_a_flat_point():
    t = objectives.check_points([1, 2], 2)
    assert t.shape == (1, 2) and t.dtype == np.float32


def test_linear_predictor_is_refused():
    with pytest.raises(ValueError, match="outputs 1 value.*not the linear regressor"):
        objectives.predictor_objective(create_predictor_linear(2), 1)


def test_a_conditional_decoder_is_refused(nets):
    _, classifier, _ = nets
    with pytest.raises(ValueError, match="not of the CVAE"):
        objectives.decode_classify_log_probs(create_decoder(2, condition_dim=10), classifier)


def test_non_finite_weights_are_refused():
    keras.utils.set_random_seed(2)
    predictor = create_predictor(2)
    kernel, bias = predictor.layers[-1].get_weights()
    bias[4] = np.nan
    predictor.layers[-1].set_weights([kernel, bias])
    with pytest.raises(ValueError, match="non-finite weights"):
        objectives.predictor_objective(predictor, 4)


def test_compiled_log_probs_are_shared_across_targets(nets):
    decoder, classifier, predictor = nets
    a = objectives.decode_classify_objective(decoder, classifier, 1)
    b = objectives.decode_classify_objective(decoder, classifier, 2)
    assert a.log_probs is b.log_probs
    assert objectives.predictor_log_probs(predictor) is objectives.predictor_log_probs(predictor)
    assert objectives.predictor_log_probs(predictor) is not objectives.predictor_log_probs(
        create_predictor(2))
