"""Every kind of model the repository trains: how to build it, feed it, train it and score it.

One entry per kind replaces string branches: training, evaluation and the CLI read this table.
The kinds of the committed models are the keys of ``paths.MODEL_FILES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from vae_opt import validation
from vae_opt.mnist import evaluation
from vae_opt.backend import keras
from vae_opt.mnist.config import LATENT_DIM, MNIST_TEST_SIZE, TRAINING
from vae_opt.mnist.data import load_mnist, one_hot
from vae_opt.mnist.pretrained import load_pretrained
from vae_opt.paths import CORE_KINDS  # noqa: F401  (re-exported; the CLI reads it from paths)
from vae_opt.paths import model_path
from vae_opt.mnist.networks.classifiers import compile_classifier, create_classifier, create_judge
from vae_opt.mnist.networks.cvae import compile_cvae, create_cvae
from vae_opt.mnist.networks.vae import compile_joint_model, create_joint_model

Builder = Callable[[int, int, float], keras.Model]  # (seed, latent_dim, learning_rate) -> compiled
Feeder = Callable[[np.ndarray, np.ndarray], tuple]  # (images, labels) -> (inputs, targets)
Scorer = Callable[[keras.Model, np.ndarray, np.ndarray], dict]


@dataclass(frozen=True)
class ModelKind:
    """A trainable kind of model: its builder, data, recipe and test figures."""

    name: str
    build: Builder
    feed: Feeder
    metrics: Scorer
    seed: int = 0
    epochs: int = TRAINING.epochs
    latent_dim: int = LATENT_DIM
    is_vae: bool = True


def _joint(predictor: str) -> Builder:
    return lambda seed, latent_dim, rate: compile_joint_model(
        create_joint_model(predictor, latent_dim, seed=seed), predictor, learning_rate=rate)


def _classifier(create: Callable[[], keras.Model]) -> Builder:
    return lambda seed, latent_dim, rate: compile_classifier(create(), learning_rate=rate)


def _feed_joint(predictor: str) -> Feeder:
    def feed(x: np.ndarray, y: np.ndarray) -> tuple:
        if predictor == "off":
            return x, x
        label = one_hot(y) if predictor == "softmax" else y.astype(np.float32)[:, None]
        return x, [x, label]
    return feed


def _feed_labels(x: np.ndarray, y: np.ndarray) -> tuple:
    return x, one_hot(y)


def _feed_cvae(x: np.ndarray, y: np.ndarray) -> tuple:
    return [x, one_hot(y)], x


_CLASSIFIER = dict(feed=_feed_labels, metrics=evaluation.classifier_metrics,
                   epochs=TRAINING.classifier_epochs, is_vae=False)

KINDS: dict[str, ModelKind] = {kind.name: kind for kind in [
    ModelKind("off", _joint("off"), _feed_joint("off"), evaluation.joint_metrics),
    ModelKind("softmax", _joint("softmax"), _feed_joint("softmax"), evaluation.joint_metrics),
    ModelKind("linear", _joint("linear"), _feed_joint("linear"), evaluation.joint_metrics),
    ModelKind("classifier", _classifier(create_classifier), **_CLASSIFIER),
    # The judge has its own architecture and seed, so that it shares nothing with the classifier.
    ModelKind("judge", _classifier(create_judge), seed=1, **_CLASSIFIER),
    ModelKind("cvae", lambda seed, latent_dim, rate: compile_cvae(create_cvae(latent_dim, seed),
                                                                  rate),
              _feed_cvae, evaluation.cvae_metrics),
    ModelKind("softmax-d8", _joint("softmax"), _feed_joint("softmax"), evaluation.joint_metrics,
              latent_dim=8),
    ModelKind("softmax-d16", _joint("softmax"), _feed_joint("softmax"), evaluation.joint_metrics,
              latent_dim=16),
]}
def evaluate_pretrained(kinds: tuple[str, ...] | None = None, n_test: int | None = None
                        ) -> dict[str, dict[str, float]]:
    """Test-set figures of each pretrained model of `kinds` whose file exists; VAEs also get the
    classifier's accuracy on their reconstructions (is the digit kept?). It lives here, beside
    the table it reads, so that evaluation.py need not import the registry that imports it."""
    if n_test is not None:
        n_test = validation.check_count(n_test, "n_test", MNIST_TEST_SIZE)
    _, (x_test, y_test) = load_mnist()
    x_test, y_test = x_test[:n_test], y_test[:n_test]
    results = {}
    for kind in kinds or tuple(KINDS):
        if not model_path(kind).is_file():
            continue
        model = load_pretrained(kind)
        results[kind] = KINDS[kind].metrics(model, x_test, y_test)
        if KINDS[kind].is_vae and kind != "cvae":
            results[kind]["classifier_accuracy_on_reconstructions"] = (
                evaluation.reconstruction_accuracy(model, load_pretrained("classifier"), x_test,
                                                   y_test))
    return results
