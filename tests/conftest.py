"""Shared fixtures: a small slice of MNIST, loaded once per test session."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from vae_opt.data import load_mnist  # noqa: E402


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
