"""The conditional VAE: its parts, its loss, and generation of a chosen digit."""

import numpy as np
import pytest

from vae_opt.backend import keras
from vae_opt.mnist.data import one_hot
from vae_opt.mnist.networks.cvae import compile_cvae, create_cvae, generate


@pytest.fixture(scope="module")
def cvae():
    keras.utils.set_random_seed(0)
    return compile_cvae(create_cvae(seed=0))


def test_cvae_takes_image_and_label(cvae):
    assert [tuple(s) for s in cvae.input_shape] == [(None, 28, 28, 1), (None, 10)]
    assert tuple(cvae.output_shape) == (None, 28, 28, 1)
    assert {"encoder", "decoder", "sampler", "kl_divergence"} <= {l.name for l in cvae.layers}
    assert [tuple(s) for s in cvae.get_layer("decoder").input_shape] == [(None, 2), (None, 10)]


def test_cvae_loss_is_the_negative_elbo(cvae, small):
    (x, y), _ = small
    x, labels = x[:6], one_hot(y[:6])
    head = cvae.get_layer("encoder").get_layer("t_log_var")
    saved = head.get_weights()
    head.set_weights([np.zeros_like(saved[0]), np.full_like(saved[1], -40.0)])  # t = t_mean
    try:
        loss = cvae.evaluate([x, labels], x, batch_size=6, verbose=0, return_dict=True)["loss"]
        t_mean, t_log_var = (np.asarray(a) for a in cvae.get_layer("encoder")([x, labels]))
        p = np.clip(np.asarray(cvae.get_layer("decoder")([t_mean, labels])), 1e-7, 1 - 1e-7)
    finally:
        head.set_weights(saved)
    bce = -(x * np.log(p) + (1 - x) * np.log(1 - p)).reshape(6, -1).sum(axis=1)
    kl = -0.5 * np.sum(1 + t_log_var - t_mean**2 - np.exp(t_log_var), axis=1)
    assert np.isclose(loss, np.mean(bce + kl), rtol=1e-4)


def test_generate_decodes_prior_samples_with_the_label(cvae):
    images = generate(cvae, 4, 5, seed=3)
    assert images.shape == (5, 28, 28, 1)
    t = np.random.default_rng(3).standard_normal((5, 2)).astype(np.float32)
    expected = np.asarray(cvae.get_layer("decoder")([t, one_hot(np.full(5, 4))]))
    assert np.allclose(images, expected, atol=1e-6)
    assert np.array_equal(images, generate(cvae, 4, 5, seed=3))
    assert not np.allclose(images, generate(cvae, 4, 5, seed=4))
    assert not np.allclose(images, generate(cvae, 7, 5, seed=3))


@pytest.mark.parametrize("digit, n, message", [(10, 3, "target"), (4.0, 3, "target"),
                                               (4, 0, "n must be a positive integer")])
def test_generate_checks_its_arguments(cvae, digit, n, message):
    with pytest.raises(ValueError, match=message):
        generate(cvae, digit, n)
