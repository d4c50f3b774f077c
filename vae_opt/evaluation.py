"""Test-set figures of the trained models: negative ELBO, predictor and classifier accuracy."""

from __future__ import annotations

import keras
import numpy as np

from vae_opt.losses import kl_divergence, reconstruction_loss

_BATCH = 1000


def _np(x) -> np.ndarray:
    return np.asarray(keras.ops.convert_to_numpy(x))


def _with(inputs: np.ndarray, condition: np.ndarray | None):
    return inputs if condition is None else [inputs, condition]


def encode(
    model: keras.Model, x: np.ndarray, condition: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(t_mean, t_log_var) of images x under the model's encoder (conditioned, for the CVAE)."""
    encoder = model.get_layer("encoder")
    t_mean, t_log_var = encoder.predict(_with(x, condition), batch_size=_BATCH, verbose=0)
    return t_mean, t_log_var


def vae_metrics(
    model: keras.Model, x: np.ndarray, seed: int = 0, condition: np.ndarray | None = None
) -> dict[str, float]:
    """Mean negative ELBO (one posterior sample per image), its two terms, and BCE at t_mean."""
    t_mean, t_log_var = encode(model, x, condition)
    rng = np.random.default_rng(seed)
    t = t_mean + np.exp(0.5 * t_log_var) * rng.standard_normal(t_mean.shape).astype(np.float32)
    decode = lambda t: model.get_layer("decoder").predict(  # noqa: E731
        _with(t, condition), batch_size=_BATCH, verbose=0)
    bce_sample = _np(reconstruction_loss(x, decode(t)))
    bce_mean = _np(reconstruction_loss(x, decode(t_mean)))
    kl = _np(kl_divergence(t_mean, t_log_var))
    return {
        "negative_elbo": float(np.mean(bce_sample + kl)),
        "reconstruction": float(np.mean(bce_sample)),
        "kl": float(np.mean(kl)),
        "reconstruction_at_t_mean": float(np.mean(bce_mean)),
    }


def predictor_metrics(model: keras.Model, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Accuracy of the softmax predictor, or MSE and rounded accuracy of the linear one."""
    t_mean, _ = encode(model, x)
    out = model.get_layer("predictor").predict(t_mean, batch_size=_BATCH, verbose=0)
    if out.shape[-1] == 1:
        value = out[:, 0]
        return {
            "predictor_mse": float(np.mean((value - y) ** 2)),
            "predictor_rounded_accuracy": float(np.mean(np.clip(np.rint(value), 0, 9) == y)),
        }
    return {"predictor_accuracy": float(np.mean(np.argmax(out, axis=-1) == y))}


def classifier_accuracy(classifier: keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    """Fraction of images x that the classifier assigns to their label y."""
    probs = classifier.predict(x, batch_size=_BATCH, verbose=0)
    return float(np.mean(np.argmax(probs, axis=-1) == y))


def assigned_to(classifier: keras.Model, images: np.ndarray, target: int) -> np.ndarray:
    """Boolean (n,): whether the classifier's most probable class of each image is `target`."""
    probs = np.asarray(classifier(images, training=False))
    return probs.argmax(axis=-1) == target
