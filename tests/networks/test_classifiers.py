"""Predictor heads and the image classifiers: shapes, architectures, and their compiled loss."""

import numpy as np
import pytest

from vae_opt.backend import keras
from vae_opt.mnist.data import one_hot
from vae_opt.mnist.networks import classifiers


def test_predictor_outputs_class_probabilities(rng):
    probs = np.asarray(classifiers.create_predictor(3)(rng.normal(size=(4, 3))))
    assert probs.shape == (4, 10)
    assert np.all(probs > 0) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_linear_predictor_is_an_unbounded_regressor(rng):
    model = classifiers.create_predictor_linear(2)
    head = model.layers[-1]
    assert head.units == 1 and head.activation is keras.activations.linear
    kernel, bias = head.get_weights()
    head.set_weights([kernel, np.array([-50.0], np.float32)])  # a softmax could never output this
    value = np.asarray(model(rng.normal(size=(3, 2))))
    assert value.shape == (3, 1) and np.all(value < -10)


@pytest.mark.parametrize("create", [classifiers.create_predictor,
                                    classifiers.create_predictor_linear])
@pytest.mark.parametrize("latent_dim", [0, 1.5, "2"])
def test_predictors_refuse_a_bad_latent_dim(create, latent_dim):
    with pytest.raises(ValueError, match="latent_dim must be a positive integer"):
        create(latent_dim)


def test_classifier_and_judge_are_different_networks(rng):
    x = rng.random((3, 28, 28, 1)).astype(np.float32)
    classifier, judge = classifiers.create_classifier(), classifiers.create_judge()
    assert classifier.name == "classifier" and judge.name == "judge"
    for model in (classifier, judge):
        probs = np.asarray(model(x))
        assert probs.shape == (3, 10) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    kinds = lambda m: [type(l).__name__ for l in m.layers]  # noqa: E731
    assert "Dropout" in kinds(judge) and "Dropout" not in kinds(classifier)
    assert kinds(classifier) != kinds(judge)
    assert judge.count_params() != classifier.count_params()


def test_judge_drops_out_only_in_training(rng):
    judge = classifiers.create_judge()
    x = rng.random((4, 28, 28, 1)).astype(np.float32)
    a, b = (np.asarray(judge(x, training=False)) for _ in range(2))
    assert np.array_equal(a, b)
    assert not np.allclose(a, np.asarray(judge(x, training=True)))


def test_compiled_classifier_loss_is_the_cross_entropy(small):
    (x, y), _ = small
    x, y = x[:16], y[:16]
    model = classifiers.compile_classifier(classifiers.create_classifier(), learning_rate=0.01)
    assert isinstance(model.optimizer, keras.optimizers.RMSprop)
    assert np.isclose(float(model.optimizer.learning_rate), 0.01)
    result = model.evaluate(x, one_hot(y), batch_size=16, verbose=0, return_dict=True)
    probs = np.clip(np.asarray(model(x)), 1e-7, 1 - 1e-7)
    assert np.isclose(result["loss"], np.mean(-np.log(probs[np.arange(16), y])), rtol=1e-4)
    assert np.isclose(result["accuracy"], np.mean(probs.argmax(axis=1) == y))
