import math

import keras
import numpy as np
import pytest

from vae_opt import objectives
from vae_opt.models import create_classifier, create_decoder, create_predictor, create_predictor_linear


@pytest.fixture(scope="module")
def nets():
    keras.utils.set_random_seed(0)
    return create_decoder(2), create_classifier(), create_predictor(2)


def test_nll_prior_is_the_standard_normal():
    t = np.array([[0.0, 0.0], [1.0, -2.0]])
    expected = 0.5 * np.sum(t**2, axis=1) + math.log(2 * math.pi)
    assert objectives.nll_prior(t).shape == (2, 1)
    assert np.allclose(objectives.nll_prior(t)[:, 0], expected)


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


def test_decode_classify_objective_matches_its_definition(nets):
    decoder, classifier, _ = nets
    t = np.random.default_rng(1).normal(size=(5, 2))
    f = objectives.decode_classify_objective(decoder, classifier, target=8)
    probs = np.asarray(classifier(decoder(t.astype(np.float32))))
    expected = -np.log(probs[:, 8] + 1e-8) + objectives.nll_prior(t)[:, 0]
    assert np.allclose(f(t)[:, 0], expected, rtol=1e-5)
    # A single point given as a flat vector is accepted too.
    assert np.allclose(f(t[0]), f(t[:1]))


def test_surfaces_give_every_target_at_once(nets):
    decoder, classifier, _ = nets
    grid = objectives.latent_grid((-4, 4), 9)
    assert grid.shape == (81, 2) and grid.min() == -4 and grid.max() == 4
    log_probs = objectives.decode_classify_log_probs(decoder, classifier)
    surfaces = objectives.objective_surfaces(log_probs, grid)
    assert surfaces.shape == (10, 81)
    for target in (0, 6):
        f = objectives.LatentObjective(log_probs, target)
        assert np.allclose(surfaces[target], f(grid)[:, 0])


def test_large_grids_are_chunked(nets):
    _, _, predictor = nets
    log_probs = objectives.predictor_log_probs(predictor)
    grid = np.random.default_rng(0).uniform(-4, 4, size=(20000, 2))
    assert np.allclose(log_probs(grid)[-5:], log_probs(grid[-5:]), atol=1e-6)


@pytest.mark.parametrize("target", [-1, 10, 2.0, "4", None, True])
def test_bad_target(nets, target):
    with pytest.raises(ValueError, match="target must be"):
        objectives.predictor_objective(nets[2], target)


@pytest.mark.parametrize("points", [np.zeros((3, 3)), np.zeros((2, 2, 2)), np.array([[np.nan, 0]])])
def test_bad_points(nets, points):
    f = objectives.predictor_objective(nets[2], 1)
    with pytest.raises(ValueError, match="latent points"):
        f(points)


def test_linear_predictor_is_refused():
    with pytest.raises(ValueError, match="softmax model, not the linear one"):
        objectives.predictor_objective(create_predictor_linear(2), 1)


def test_compiled_log_probs_are_shared_across_targets(nets):
    decoder, classifier, predictor = nets
    a = objectives.decode_classify_objective(decoder, classifier, 1)
    b = objectives.decode_classify_objective(decoder, classifier, 2)
    assert a.log_probs is b.log_probs
    assert objectives.predictor_log_probs(predictor) is objectives.predictor_log_probs(predictor)
    assert objectives.predictor_log_probs(predictor) is not objectives.predictor_log_probs(
        create_predictor(2))
