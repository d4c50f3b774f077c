import numpy as np

from vae_opt.data import one_hot
from vae_opt.losses import kl_divergence, reconstruction_loss
from vae_opt.models import compile_joint_model, create_joint_model


def _bce(x, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -(x * np.log(p) + (1 - x) * np.log(1 - p)).reshape(len(x), -1).sum(axis=1)


def _kl(t_mean, t_log_var):
    return -0.5 * np.sum(1 + t_log_var - t_mean**2 - np.exp(t_log_var), axis=1)


def test_terms_match_numpy(rng):
    x = (rng.random((4, 28, 28, 1)) > 0.5).astype(np.float32)
    p = rng.random((4, 28, 28, 1)).astype(np.float32)
    assert np.allclose(np.asarray(reconstruction_loss(x, p)), _bce(x, p), rtol=1e-5)
    t_mean, t_log_var = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))
    assert np.allclose(np.asarray(kl_divergence(t_mean, t_log_var)), _kl(t_mean, t_log_var))
    assert np.allclose(np.asarray(kl_divergence(np.zeros((1, 2)), np.zeros((1, 2)))), 0.0)


def test_joint_loss_equals_numpy_on_a_tiny_batch(small):
    (x, y), _ = small
    x, y = x[:8], y[:8]
    model = compile_joint_model(create_joint_model("softmax", seed=0), "softmax")
    # A near-zero posterior variance makes the sample t equal t_mean, so the loss is deterministic.
    head = model.get_layer("encoder").get_layer("t_log_var")
    kernel, bias = head.get_weights()
    head.set_weights([np.zeros_like(kernel), np.full_like(bias, -40.0)])

    loss = model.evaluate(x, [x, one_hot(y)], batch_size=8, verbose=0, return_dict=True)["loss"]

    t_mean, t_log_var = (np.asarray(a) for a in model.get_layer("encoder")(x))
    x_decoded = np.asarray(model.get_layer("decoder")(t_mean))
    probs = np.clip(np.asarray(model.get_layer("predictor")(t_mean)), 1e-7, 1 - 1e-7)
    cross_entropy = -np.log(probs[np.arange(8), y])
    expected = np.mean(_bce(x, x_decoded) + _kl(t_mean, t_log_var) + 20.0 * cross_entropy)
    assert np.isfinite(loss)
    assert np.isclose(loss, expected, rtol=1e-4), (loss, expected)
