"""The objective of latent-space optimization, f(t, target) = -log p(y = target | t) + nll_prior(t).

p(y | t) comes either from the predictor trained jointly with the VAE (read at t directly), or
from the separate classifier applied to the decoded image x = decoder(t). The second is the
"external measurement" of the method: any black box that scores a decoded sample fits there.

Objectives take latent points (n, d) and return values (n, 1). Models are called directly inside
a compiled ``tf.function``: one point costs well under a millisecond, against ~70 ms through
``Model.predict``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import numpy as np

from vae_opt.backend import keras, tf
from vae_opt.mnist.config import LOG_EPS, NUM_CLASSES
from vae_opt.latent import (check_latent_points, latent_grid, nll_prior,  # noqa: F401
                            nll_prior_gradient)
from vae_opt.validation import check_target


LogProbs = Callable[[np.ndarray], np.ndarray]
_CHUNK = 8192  # points per model call: bounds memory for large grids


def objective_values(log_probs: np.ndarray, t: np.ndarray) -> np.ndarray:
    """f = -log p(y | t) + nll_prior(t): the method's objective, for every column of log_probs.

    log_probs (n, k) holds log p(y | t) for k classes (k = 1 for one target); returns (n, k).
    """
    return -np.asarray(log_probs, dtype=np.float64) + nll_prior(t)


def check_points(t: np.ndarray, latent_dim: int) -> np.ndarray:
    """Latent points as float32 (n, latent_dim), finite: what the compiled models take."""
    return check_latent_points(t, latent_dim, dtype=np.float32)


def check_finite_weights(model: keras.Model) -> None:
    """Refuse a model whose weights hold NaN or inf: its outputs would be silently wrong."""
    for weight in model.weights:
        if not np.all(np.isfinite(keras.ops.convert_to_numpy(weight))):
            raise ValueError(f"model {model.name!r} has non-finite weights ({weight.path}); the "
                             "file is damaged or training diverged: retrain it with `vae-opt train`")


def _check_classes(model: keras.Model, role: str) -> None:
    if isinstance(model.output_shape, list):
        raise ValueError(f"the {role} must be one network with one output of {NUM_CLASSES} class "
                         f"probabilities, but {model.name!r} has {len(model.output_shape)} outputs "
                         "(a joint VAE?); give a classifier file such as classifier.h5")
    outputs = model.output_shape[-1]
    if outputs != NUM_CLASSES:
        raise ValueError(
            f"the {role} must output {NUM_CLASSES} class probabilities per point, but "
            f"{model.name!r} outputs {outputs} value(s) per point; use a softmax model "
            "(vae-predictor-softmax.h5 and classifier.h5), not the linear regressor")


def _compiled_log_probs(fn: Callable, latent_dim: int) -> LogProbs:
    """Wrap a tensor function t -> log p(y | t) as a fast, chunked numpy function."""
    graph = tf.function(fn, input_signature=[tf.TensorSpec([None, latent_dim], tf.float32)])

    def log_probs(t: np.ndarray) -> np.ndarray:
        t = check_points(t, latent_dim)
        parts = [graph(t[i : i + _CHUNK]).numpy() for i in range(0, len(t), _CHUNK)]
        return np.concatenate(parts).astype(np.float64) if parts else np.zeros((0, NUM_CLASSES))

    log_probs.latent_dim = latent_dim  # type: ignore[attr-defined]
    return log_probs


# Cached per model: every target, grid and optimization run reuses one traced graph.
@lru_cache(maxsize=16)
def predictor_log_probs(predictor: keras.Model) -> LogProbs:
    """log p(y | t) for all 10 classes from the jointly trained softmax predictor."""
    _check_classes(predictor, "predictor")
    check_finite_weights(predictor)
    return _compiled_log_probs(lambda t: tf.math.log(predictor(t, training=False) + LOG_EPS),
                               predictor.input_shape[-1])


@lru_cache(maxsize=16)
def decode_classify_log_probs(decoder: keras.Model, classifier: keras.Model) -> LogProbs:
    """log p(y | t) for all 10 classes by decoding t and classifying the image."""
    if isinstance(decoder.input_shape, list):
        raise ValueError(f"{decoder.name!r} takes {len(decoder.input_shape)} inputs (a label too?): "
                         "give the decoder of a joint VAE (vae-predictor-*.h5), not of the CVAE")
    _check_classes(classifier, "classifier")
    for model in (decoder, classifier):
        check_finite_weights(model)
    return _compiled_log_probs(
        lambda t: tf.math.log(classifier(decoder(t, training=False), training=False) + LOG_EPS),
        decoder.input_shape[-1])


class LatentObjective:
    """f(t, target) = -log p(y = target | t) + prior_weight * nll_prior(t), counting evaluations.

    ``log_probs`` maps latent points (n, d) to log-probabilities (n, 10). Calling the objective
    on points (n, d) returns (n, 1); ``nll_target`` is its first term alone, the "told loss" of
    a campaign, which adds the prior term itself.
    """

    # What the objective declares to the optimizer (vae_opt.optimization.Space): it adds
    # 1 * nll_prior(t), and its other term -log p >= 0, so f is nowhere below nll_prior(t).
    prior_weight: float = 1.0
    floor: bool = True

    def __init__(self, log_probs: LogProbs, target: int):
        self.log_probs = log_probs
        self.target = check_target(target)
        self.latent_dim: int = getattr(log_probs, "latent_dim", 2)
        self.evaluations = 0

    def nll_target(self, t: np.ndarray) -> np.ndarray:
        """-log p(y = target | t): shape (n,)."""
        return -self.log_probs(check_points(t, self.latent_dim))[:, self.target]

    def __call__(self, t: np.ndarray) -> np.ndarray:
        t = check_points(t, self.latent_dim)
        self.evaluations += len(t)
        return objective_values(self.log_probs(t)[:, [self.target]], t)


def predictor_objective(predictor: keras.Model, target: int) -> LatentObjective:
    """The objective with p(y | t) from the jointly trained softmax predictor."""
    return LatentObjective(predictor_log_probs(predictor), target)


def decode_classify_objective(
    decoder: keras.Model, classifier: keras.Model, target: int
) -> LatentObjective:
    """The objective with p(y | t) from the separate classifier applied to decoder(t)."""
    return LatentObjective(decode_classify_log_probs(decoder, classifier), target)


def objective_surfaces(log_probs: LogProbs, grid: np.ndarray) -> np.ndarray:
    """f(t, target) on every grid point for every target at once: shape (10, n_points).

    One pass of the models serves all ten targets, since only the chosen class differs.
    """
    return objective_values(log_probs(grid), grid).T
