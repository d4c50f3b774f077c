"""The committed models load in safe mode, their sub-models work and they are trained well."""

import json

import numpy as np
import pytest

from vae_opt.config import model_path
from vae_opt.pretrained import load_pretrained
from vae_opt.training import metrics_path


@pytest.mark.parametrize("kind", ["off", "softmax", "linear", "classifier", "judge", "cvae"])
def test_committed_model_and_metrics_exist(kind):
    assert model_path(kind).is_file(), f"{model_path(kind)} missing: run `vae-opt train-all`"
    metrics = json.loads(metrics_path(model_path(kind)).read_text())
    assert metrics["kind"] == kind and metrics["n_train"] == 60000


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
def test_classifiers_are_accurate(kind, floor, mnist):
    _, (x_test, y_test) = mnist
    probs = load_pretrained(kind).predict(x_test, batch_size=1000, verbose=0)
    assert np.mean(probs.argmax(axis=1) == y_test) >= floor
