"""The committed models load in safe mode, are trained well, and form the method's bundle."""

import json

import numpy as np
import pytest

from vae_opt.mnist.evaluation import classifier_accuracy
from vae_opt.mnist.objectives import latent_grid, nll_prior, predictor_objective
from vae_opt.paths import MODEL_FILES, model_path
from vae_opt.mnist.pretrained import Bundle, bundle, load_pretrained
from vae_opt.mnist.registry import CORE_KINDS, KINDS
from vae_opt.mnist.training import metrics_path

MISSING = [kind for kind in CORE_KINDS if not model_path(kind).is_file()]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"pretrained models missing: {MISSING}")


@pytest.mark.parametrize("kind", CORE_KINDS)
def test_committed_metrics_record_the_registry_recipe(kind):
    metrics = json.loads(metrics_path(model_path(kind)).read_text())
    assert metrics["kind"] == kind and metrics["n_train"] == 60000 and metrics["n_test"] == 10000
    assert metrics["seed"] == KINDS[kind].seed and metrics["epochs"] == KINDS[kind].epochs
    assert len(metrics["history"]["loss"]) == KINDS[kind].epochs
    assert metrics["history"]["loss"][-1] < metrics["history"]["loss"][0]


def test_load_pretrained_loads_once_and_knows_the_kinds():
    assert load_pretrained("softmax") is load_pretrained("softmax")
    assert load_pretrained("softmax").name == "vae_predictor_softmax"
    with pytest.raises(ValueError, match="unknown model kind 'gan'"):
        load_pretrained("gan")
    assert set(MODEL_FILES) == set(KINDS)


@pytest.mark.parametrize("kind", ["off", "softmax", "linear"])
def test_joint_models_reconstruct(kind, mnist):
    _, (x_test, y_test) = mnist
    x = x_test[:200]
    model = load_pretrained(kind)
    t_mean, _ = model.get_layer("encoder")(x)
    x_decoded = np.asarray(model.get_layer("decoder")(t_mean))
    assert x_decoded.shape == x.shape
    # A trained 2-d VAE reconstructs far better than the mean image does.
    bce = lambda p: -np.mean(np.sum(x * np.log(p + 1e-7) + (1 - x) * np.log(1 - p + 1e-7),  # noqa
                                    axis=(1, 2, 3)))
    assert bce(x_decoded) < 0.75 * bce(np.broadcast_to(x.mean(axis=0), x.shape))


def test_softmax_predictor_reads_t_mean(mnist):
    _, (x_test, y_test) = mnist
    model = load_pretrained("softmax")
    t_mean, _ = model.get_layer("encoder")(x_test[:1000])
    probs = np.asarray(model.get_layer("predictor")(t_mean))
    assert np.mean(probs.argmax(axis=1) == y_test[:1000]) > 0.9


def test_linear_predictor_tracks_the_digit_value(mnist):
    _, (x_test, y_test) = mnist
    model = load_pretrained("linear")
    t_mean, _ = model.get_layer("encoder")(x_test[:1000])
    value = np.asarray(model.get_layer("predictor")(t_mean))[:, 0]
    assert np.corrcoef(value, y_test[:1000])[0, 1] > 0.9


@pytest.mark.parametrize("kind, floor", [("classifier", 0.99), ("judge", 0.985)])
def test_classifiers_are_accurate_as_recorded(kind, floor, mnist):
    _, (x_test, y_test) = mnist
    accuracy = classifier_accuracy(load_pretrained(kind), x_test, y_test)
    assert accuracy >= floor
    recorded = json.loads(metrics_path(model_path(kind)).read_text())["test"]["accuracy"]
    # the file holds the model its figures describe (up to two of the 10,000 test images whose
    # verdict may flip with another float summation order)
    assert accuracy == pytest.approx(recorded, abs=2e-4)


@pytest.fixture(scope="module")
def models() -> Bundle:
    return bundle()


def test_bundle_takes_the_parts_of_the_softmax_vae(models):
    vae = load_pretrained("softmax")
    assert models.vae is vae and models.classifier is load_pretrained("classifier")
    assert models.decoder is vae.get_layer("decoder")
    assert models.encoder is vae.get_layer("encoder")
    assert models.predictor is vae.get_layer("predictor")
    assert models.latent_dim == 2
    assert models.judge is load_pretrained("judge") and models.cvae is load_pretrained("cvae")


def test_bundle_from_files_and_its_errors(tmp_path):
    models = bundle(model_path("off"), model_path("classifier"))
    assert models.vae.name == "vae_predictor_off"
    with pytest.raises(ValueError, match="has no predictor"):
        models.predictor
    with pytest.raises(ValueError, match="is not a joint VAE"):
        bundle(vae=model_path("classifier"))
    with pytest.raises(ValueError, match="unknown objective 'prior'"):
        bundle().objective(4, "prior")


def test_the_two_objectives_disagree_where_the_routes_do(models):
    grid = latent_grid((-4, 4), 17)
    by_predictor = models.objective(0, "predictor").log_probs(grid)
    by_classifier = models.objective(0).log_probs(grid)
    # The decode-and-classify route is the classifier's verdict on the decoded image.
    images = np.asarray(models.decoder(grid.astype(np.float32)))
    assert np.allclose(np.exp(by_classifier), np.asarray(models.classifier(images)), atol=1e-4)
    assert np.allclose(predictor_objective(models.predictor, 0)(grid),
                       models.objective(0, "predictor")(grid))
    # A grid point where the predictor reads one digit and the classifier sees another.
    said, seen = by_predictor.argmax(axis=1), by_classifier.argmax(axis=1)
    confident = (by_predictor.max(axis=1) > np.log(0.9)) & (by_classifier.max(axis=1) > np.log(0.9))
    disagree = np.flatnonzero((said != seen) & confident)
    assert len(disagree), "the routes agree everywhere on the grid"
    i = disagree[0]
    point = grid[i:i + 1]
    a, b = said[i], seen[i]
    for target, favoured, other in [(a, "predictor", "decode-classify"),
                                    (b, "decode-classify", "predictor")]:
        low = models.objective(target, favoured)(point)
        high = models.objective(target, other)(point)
        assert high - low > 1.0, (point, target)  # the route that sees the digit scores it lower
    assert np.allclose(models.objective(a, "predictor")(point),
                       -by_predictor[i, a] + nll_prior(point))
