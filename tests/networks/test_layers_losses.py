"""The loss terms and custom layers, against numpy, and the joint model's total loss."""

import numpy as np
import pytest

from vae_opt.backend import keras
from vae_opt.mnist.data import one_hot
from vae_opt.networks.layers import KLDivergence, Sampler
from vae_opt.networks.losses import kl_divergence, reconstruction_loss
from vae_opt.mnist.networks.vae import compile_joint_model, create_joint_model


def _bce(x, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -(x * np.log(p) + (1 - x) * np.log(1 - p)).reshape(len(x), -1).sum(axis=1)


def _kl(t_mean, t_log_var):
    return -0.5 * np.sum(1 + t_log_var - t_mean**2 - np.exp(t_log_var), axis=1)


def test_terms_match_numpy(rng):
    x = (rng.random((4, 28, 28, 1)) > 0.5).astype(np.float32)
    p = rng.random((4, 28, 28, 1)).astype(np.float32)
    bce = np.asarray(reconstruction_loss(x, p))
    assert bce.shape == (4,)  # summed over pixels, one value per image
    assert np.allclose(bce, _bce(x, p), rtol=1e-5)
    t_mean, t_log_var = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    kl = np.asarray(kl_divergence(t_mean, t_log_var))
    assert kl.shape == (4,) and np.allclose(kl, _kl(t_mean, t_log_var))


def test_kl_is_zero_only_at_the_prior():
    zeros = np.zeros((1, 3))
    assert np.allclose(np.asarray(kl_divergence(zeros, zeros)), 0.0)
    # One unit of mean in one dimension costs 1/2 nat; a variance of e costs (e - 2) / 2.
    assert np.allclose(np.asarray(kl_divergence(np.array([[1.0, 0, 0]]), zeros)), 0.5)
    assert np.allclose(np.asarray(kl_divergence(zeros, np.array([[1.0, 0, 0]]))),
                       0.5 * (np.e - 2))


def test_reconstruction_loss_stays_finite_at_saturated_pixels():
    x = np.array([[1.0, 0.0]], np.float32).reshape(1, 2, 1, 1)
    wrong = 1.0 - x  # probabilities exactly 0 where the pixel is on, 1 where it is off
    loss = float(np.asarray(reconstruction_loss(x, wrong))[0])
    # Clipped to [1e-7, 1 - 1e-7] (in float32): about 16 nats per pixel instead of infinity.
    assert np.isfinite(loss) and np.isclose(loss, -2 * np.log(1e-7), rtol=0.01)
    assert float(np.asarray(reconstruction_loss(x, x))[0]) < 1e-5


def test_sampler_uses_the_reparameterisation():
    t_mean = np.full((20000, 2), 3.0, np.float32)
    t_log_var = np.full((20000, 2), np.log(4.0), np.float32)
    t = np.asarray(Sampler(seed=1)([t_mean, t_log_var]))
    assert abs(t.mean() - 3.0) < 0.05 and abs(t.std() - 2.0) < 0.05
    # Same seed, same draws; another seed, other draws.
    assert np.array_equal(t, np.asarray(Sampler(seed=1)([t_mean, t_log_var])))
    assert not np.allclose(t, np.asarray(Sampler(seed=2)([t_mean, t_log_var])))


def test_sampler_with_no_variance_returns_the_mean():
    t_mean = np.arange(6, dtype=np.float32).reshape(3, 2)
    t = np.asarray(Sampler(seed=0)([t_mean, np.full_like(t_mean, -80.0)]))
    assert np.allclose(t, t_mean, atol=1e-6)


def test_kl_layer_passes_the_mean_and_adds_the_batch_mean_kl(rng):
    t_mean = rng.normal(size=(5, 2)).astype(np.float32)
    t_log_var = rng.normal(size=(5, 2)).astype(np.float32)
    layer = KLDivergence()
    out = np.asarray(layer([t_mean, t_log_var]))
    assert np.array_equal(out, t_mean)
    assert len(layer.losses) == 1
    assert np.isclose(float(np.asarray(layer.losses[0])), _kl(t_mean, t_log_var).mean(), rtol=1e-5)


def test_custom_layers_are_registered_for_safe_loading():
    assert keras.saving.get_registered_name(Sampler) == "vae_opt>Sampler"
    assert keras.saving.get_registered_name(KLDivergence) == "vae_opt>KLDivergence"
    assert keras.saving.get_registered_name(reconstruction_loss) == "vae_opt>reconstruction_loss"
    clone = Sampler.from_config(Sampler(seed=7, name="s").get_config())
    assert clone.seed == 7 and clone.name == "s"


@pytest.mark.parametrize("predictor", ["off", "softmax", "linear"])
def test_joint_loss_equals_numpy_on_a_tiny_batch(small, predictor):
    (x, y), _ = small
    x, y = x[:8], y[:8]
    model = compile_joint_model(create_joint_model(predictor, seed=0), predictor)
    # A near-zero posterior variance makes the sample t equal t_mean, so the loss is deterministic.
    head = model.get_layer("encoder").get_layer("t_log_var")
    kernel, bias = head.get_weights()
    head.set_weights([np.zeros_like(kernel), np.full_like(bias, -40.0)])
    targets = {"off": x, "softmax": [x, one_hot(y)], "linear": [x, y[:, None].astype(np.float32)]}

    loss = model.evaluate(x, targets[predictor], batch_size=8, verbose=0, return_dict=True)["loss"]

    t_mean, t_log_var = (np.asarray(a) for a in model.get_layer("encoder")(x))
    x_decoded = np.asarray(model.get_layer("decoder")(t_mean))
    expected = _bce(x, x_decoded) + _kl(t_mean, t_log_var)
    if predictor != "off":
        out = np.asarray(model.get_layer("predictor")(t_mean))
        if predictor == "softmax":
            predictor_loss = -np.log(np.clip(out, 1e-7, 1 - 1e-7)[np.arange(8), y])
        else:
            predictor_loss = (out[:, 0] - y) ** 2
        expected = expected + 20.0 * predictor_loss  # TRAINING.predictor_weight
    assert np.isclose(loss, np.mean(expected), rtol=1e-4), (loss, np.mean(expected))
