"""Shared fixtures: a small slice of MNIST, loaded once per test session."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from vae_opt.mnist.data import load_mnist  # noqa: E402


@pytest.fixture(scope="session")
def mnist():
    """Full MNIST: ((x_train, y_train), (x_test, y_test))."""
    return load_mnist()


@pytest.fixture(scope="session")
def small(mnist):
    """512 training and 256 test images with their labels."""
    (x_train, y_train), (x_test, y_test) = mnist
    return (x_train[:512], y_train[:512]), (x_test[:256], y_test[:256])


@pytest.fixture
def rng():
    return np.random.default_rng(0)


# Stand-in models -------------------------------------------------------------------------------
# Tiny untrained networks with the interfaces of the pretrained ones (names, shapes), so that
# the benchmark, the speed measurement and the bundle run in a second without model files.


def _stand_in_bundle():
    from dataclasses import dataclass

    from vae_opt.backend import keras
    from vae_opt.mnist.pretrained import Bundle

    @dataclass(frozen=True)
    class StandIns(Bundle):
        """A Bundle whose judge and CVAE are given, not loaded from the pretrained files."""

        stand_in_judge: keras.Model = None
        stand_in_cvae: keras.Model = None

        @property
        def judge(self) -> keras.Model:
            return self.stand_in_judge

        @property
        def cvae(self) -> keras.Model:
            return self.stand_in_cvae

    keras.utils.set_random_seed(0)
    layers = keras.layers

    def decoder(condition: bool) -> keras.Model:
        inputs = [keras.Input((2,))] + ([keras.Input((10,))] if condition else [])
        h = layers.Concatenate()(inputs) if condition else inputs[0]
        image = layers.Reshape((28, 28, 1))(layers.Dense(784, activation="sigmoid")(h))
        return keras.Model(inputs if condition else inputs[0], image, name="decoder")

    def classifier(name: str) -> keras.Model:
        image = keras.Input((28, 28, 1))
        probabilities = layers.Dense(10, activation="softmax")(layers.Flatten()(image))
        return keras.Model(image, probabilities, name=name)

    image = keras.Input((28, 28, 1))
    h = layers.Flatten()(image)
    encoder = keras.Model(image, [layers.Dense(2)(h), layers.Dense(2)(h)], name="encoder")
    t = keras.Input((2,))
    predictor = keras.Model(t, layers.Dense(10, activation="softmax")(t), name="predictor")
    image = keras.Input((28, 28, 1))
    t_mean, _ = encoder(image)
    vae = keras.Model(image, [decoder(condition=False)(t_mean), predictor(t_mean)],
                      name="stand_in_vae")
    cvae_inputs = [keras.Input((2,)), keras.Input((10,))]
    cvae = keras.Model(cvae_inputs, decoder(condition=True)(cvae_inputs), name="cvae")
    return StandIns(vae, classifier("classifier"), classifier("judge"), cvae)


@pytest.fixture(scope="session")
def stand_ins():
    """A pretrained.Bundle of tiny untrained networks, with its own judge and CVAE."""
    return _stand_in_bundle()
