"""The registry of model kinds: each builder makes the model its feeder and scorer expect.

Each check names a defect it catches: a feeder that gives a VAE the wrong reconstruction target
or a classifier the wrong labels, a scorer that reports another kind's figures, a builder that
ignores its seed or latent dimension.
"""

import numpy as np
import pytest

from vae_opt.mnist import evaluation
from vae_opt.backend import keras
from vae_opt.paths import MODEL_FILES
from vae_opt.mnist.registry import CORE_KINDS, KINDS

IMAGE = (None, 28, 28, 1)


def shapes(s):
    return [tuple(x) for x in s] if isinstance(s, list) else [tuple(s)]


ELBO = {"negative_elbo", "reconstruction", "kl", "reconstruction_at_t_mean"}
# kind: the names of its test figures
FIGURES = {
    "off": ELBO, "cvae": ELBO,
    "softmax": ELBO | {"predictor_accuracy"}, "softmax-d8": ELBO | {"predictor_accuracy"},
    "softmax-d16": ELBO | {"predictor_accuracy"},
    "linear": ELBO | {"predictor_mse", "predictor_rounded_accuracy"},
    "classifier": {"accuracy"}, "judge": {"accuracy"},
}
# kind: (input shapes, output shapes, latent dimension or None for a classifier)
EXPECTED = {
    "off": ([IMAGE], [IMAGE], 2),
    "softmax": ([IMAGE], [IMAGE, (None, 10)], 2),
    "linear": ([IMAGE], [IMAGE, (None, 1)], 2),
    "classifier": ([IMAGE], [(None, 10)], None),
    "judge": ([IMAGE], [(None, 10)], None),
    "cvae": ([IMAGE, (None, 10)], [IMAGE], 2),
    "softmax-d8": ([IMAGE], [IMAGE, (None, 10)], 8),
    "softmax-d16": ([IMAGE], [IMAGE, (None, 10)], 16),
}


def test_every_model_file_has_a_kind():
    assert set(KINDS) == set(MODEL_FILES) == set(EXPECTED)
    assert all(name == kind.name for name, kind in KINDS.items())
    assert set(CORE_KINDS) == {"off", "softmax", "linear", "classifier", "judge", "cvae"}


def test_recipes():
    assert {k for k, kind in KINDS.items() if not kind.is_vae} == {"classifier", "judge"}
    assert all(KINDS[k].epochs == (5 if k in ("classifier", "judge") else 15) for k in KINDS)
    assert KINDS["judge"].seed != KINDS["classifier"].seed  # nothing shared with the classifier
    assert [KINDS[k].latent_dim for k in ("softmax", "softmax-d8", "softmax-d16")] == [2, 8, 16]
    assert KINDS["cvae"].metrics is evaluation.cvae_metrics
    assert KINDS["judge"].metrics is evaluation.classifier_metrics
    assert all(KINDS[k].metrics is evaluation.joint_metrics
               for k in ("off", "softmax", "linear", "softmax-d8", "softmax-d16"))


@pytest.fixture(scope="module")
def batch(small):
    (x, y), _ = small
    return x[:4], y[:4]


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_builder_gives_the_inputs_and_outputs_of_the_kind(kind, batch):
    spec = KINDS[kind]
    model = spec.build(0, spec.latent_dim, 0.002)
    inputs, outputs, latent_dim = EXPECTED[kind]
    assert shapes(model.input_shape) == inputs
    assert shapes(model.output_shape) == outputs
    if latent_dim is not None:
        decoder_in = shapes(model.get_layer("decoder").input_shape)[0]
        assert decoder_in == (None, latent_dim)
    assert model.compiled and isinstance(model.optimizer, keras.optimizers.RMSprop)
    assert np.isclose(float(model.optimizer.learning_rate), 0.002)
    # The feeder gives what the model takes and the targets its outputs are compared with.
    x, y = batch
    fed_inputs, targets = spec.feed(x, y)
    predictions = model(fed_inputs)
    predictions = predictions if isinstance(predictions, (list, tuple)) else [predictions]
    targets = targets if isinstance(targets, list) else [targets]
    assert [p.shape for p in predictions] == [t.shape for t in targets]
    if spec.is_vae:  # a VAE reconstructs the image it was given
        assert np.array_equal(targets[0], x)
    if kind in ("softmax", "softmax-d8", "softmax-d16", "classifier", "judge", "cvae"):
        labels = targets[-1] if kind != "cvae" else fed_inputs[1]
        assert np.array_equal(labels, np.eye(10, dtype=labels.dtype)[y])  # one-hot of y
    if kind == "linear":
        assert np.array_equal(targets[1][:, 0], y)
    # The scorer gives this kind's figures, every one finite, accuracies as fractions.
    figures = spec.metrics(model, x, y)
    assert set(figures) == FIGURES[kind]
    assert all(np.isfinite(v) for v in figures.values())
    assert all(0 <= v <= 1 for name, v in figures.items() if "accuracy" in name)
    if spec.is_vae:
        assert figures["negative_elbo"] == pytest.approx(figures["reconstruction"] + figures["kl"],
                                                         rel=1e-5)


def test_builder_takes_the_latent_dimension_it_is_given():
    spec = KINDS["softmax-d8"]
    assert spec.build(0, 3, 1e-3).get_layer("decoder").input_shape == (None, 3)


def weights(model) -> list[np.ndarray]:
    return [np.asarray(w) for w in model.get_weights()]


def sampler_seed(model) -> int | None:
    layers = list(model.layers)
    while layers:
        layer = layers.pop()
        if layer.name == "sampler":
            return layer.seed
        layers.extend(getattr(layer, "layers", []))
    raise AssertionError("the model has no sampler layer")


@pytest.mark.parametrize("kind", ["softmax", "cvae"])
def test_builders_pass_their_seed_to_the_sampler_and_keras_seeds_the_weights(kind):
    """The builder's seed drives the reparameterisation noise; the initial weights follow Keras'
    global seed, which training.train sets first: same global seed, same weights."""
    spec = KINDS[kind]
    built = []
    for seed in (3, 4):
        keras.utils.set_random_seed(0)
        built.append(spec.build(seed, spec.latent_dim, 1e-3))
    assert [sampler_seed(m) for m in built] == [3, 4]
    assert all(np.array_equal(u, v) for u, v in zip(weights(built[0]), weights(built[1])))
    keras.utils.set_random_seed(1)
    other = weights(spec.build(3, spec.latent_dim, 1e-3))
    assert not all(np.array_equal(u, v) for u, v in zip(weights(built[0]), other))
