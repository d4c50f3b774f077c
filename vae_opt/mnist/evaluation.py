"""Test-set figures of trained models: negative ELBO, predictor and classifier accuracy.

Negative ELBO is the mean over images of the pixel-summed binary cross-entropy of the image
decoded from one posterior sample plus KL(q(t | x) || N(0, I)), in nats.
"""

from __future__ import annotations

import numpy as np

from vae_opt.backend import keras
from vae_opt.mnist.config import NUM_CLASSES
from vae_opt.mnist.data import one_hot
from vae_opt.networks.losses import kl_divergence, reconstruction_loss
from vae_opt.mnist.networks.vae import encode
from vae_opt.paths import MODEL_FILES

_BATCH = 1000
CLASSIFIER_ACCURACY_FLOOR = 0.99  # what the method assumes of the classifier that scores images


def _np(x) -> np.ndarray:
    return np.asarray(keras.ops.convert_to_numpy(x))


def vae_metrics(model: keras.Model, x: np.ndarray, seed: int = 0,
                condition: np.ndarray | None = None) -> dict[str, float]:
    """Mean negative ELBO (one posterior sample per image), its two terms, and BCE at t_mean."""
    t_mean, t_log_var = encode(model, x, condition)
    rng = np.random.default_rng(seed)
    t = t_mean + np.exp(0.5 * t_log_var) * rng.standard_normal(t_mean.shape).astype(np.float32)
    decoder = model.get_layer("decoder")

    def decode(t):
        return decoder.predict(t if condition is None else [t, condition], batch_size=_BATCH,
                               verbose=0)

    bce_sample = _np(reconstruction_loss(x, decode(t)))
    kl = _np(kl_divergence(t_mean, t_log_var))
    return {
        "negative_elbo": float(np.mean(bce_sample + kl)),
        "reconstruction": float(np.mean(bce_sample)),
        "kl": float(np.mean(kl)),
        "reconstruction_at_t_mean": float(np.mean(_np(reconstruction_loss(x, decode(t_mean))))),
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


def reconstruction_accuracy(model: keras.Model, classifier: keras.Model, x: np.ndarray,
                            y: np.ndarray) -> float:
    """The classifier's accuracy on the VAE's reconstructions at t_mean: is the digit kept?"""
    t_mean, _ = encode(model, x)
    images = model.get_layer("decoder").predict(t_mean, batch_size=_BATCH, verbose=0)
    return classifier_accuracy(classifier, images, y)


def assigned_to(classifier: keras.Model, images: np.ndarray, target: int) -> np.ndarray:
    """Boolean (n,): whether the classifier's most probable class of each image is `target`."""
    probs = np.asarray(classifier(images, training=False))
    return probs.argmax(axis=-1) == target


def classifier_metrics(model: keras.Model, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    return {"accuracy": classifier_accuracy(model, x, y)}


def joint_metrics(model: keras.Model, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """A joint VAE's negative ELBO terms, plus its predictor's figures when it has one."""
    metrics = vae_metrics(model, x)
    if "predictor" in {layer.name for layer in model.layers}:
        metrics.update(predictor_metrics(model, x, y))
    return metrics


def cvae_metrics(model: keras.Model, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Test negative ELBO of the conditional VAE and its terms (it also sees the label)."""
    return vae_metrics(model, x, condition=one_hot(y, NUM_CLASSES))


def format_evaluation(results: dict[str, dict[str, float]]) -> str:
    """A readable report; flags a classifier below the 99 % accuracy the method assumes."""
    lines = []
    for kind, metrics in results.items():
        lines.append(f"{kind} ({MODEL_FILES.get(kind, '?')}):")
        for name, value in metrics.items():
            shown = f"{100 * value:.2f} %" if "accuracy" in name else f"{value:.2f}"
            lines.append(f"  {name:28s} {shown}")
    accuracy = results.get("classifier", {}).get("accuracy")
    if accuracy is not None and accuracy < CLASSIFIER_ACCURACY_FLOOR:
        lines.append(f"WARNING: classifier accuracy {100 * accuracy:.2f} % is below "
                     f"{100 * CLASSIFIER_ACCURACY_FLOOR:.1f} %, which the method assumes")
    return "\n".join(lines)
