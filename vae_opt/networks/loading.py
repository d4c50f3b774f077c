"""Loading saved models safely: Keras' safe mode, registered layers, clear errors."""

from __future__ import annotations

from pathlib import Path

from vae_opt.backend import keras

import vae_opt.networks.layers  # noqa: F401  (registers the custom layers before loading)
import vae_opt.networks.losses  # noqa: F401


class ModelFileError(RuntimeError):
    """A model file is missing, truncated or not a vae-opt Keras model."""


_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_ZIP_SIGNATURE = b"PK\x03\x04"


def check_model_file(path: str | Path) -> Path:
    """`path` if it holds Keras model bytes (HDF5 or .keras zip); else a ModelFileError saying
    that it is missing, a Git LFS pointer or some other file. Loads nothing."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(
            f"model file {path} does not exist; train it with `vae-opt train` or check the path"
        )
    with path.open("rb") as f:
        head = f.read(64)
    if head.startswith(b"version https://git-lfs"):
        raise ModelFileError(f"{path} is a Git LFS pointer, not a model; run `git lfs pull`")
    if not (head.startswith(_HDF5_SIGNATURE) or head.startswith(_ZIP_SIGNATURE)):
        raise ModelFileError(f"{path} is not a Keras model file (.h5 or .keras); got other bytes")
    return path


def load_safely(path: str | Path, retrain: str = "vae-opt train") -> keras.Model:
    """``keras.models.load_model`` in safe mode, uncompiled, of a checked file; whatever Keras,
    h5py or zipfile raise becomes one ModelFileError naming the file (`retrain`: the command
    that writes a new one)."""
    path = check_model_file(path)
    try:
        return keras.models.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # h5py/zipfile/Keras raise many types for a damaged file
        raise ModelFileError(
            f"{path} could not be loaded as a vae-opt model ({type(error).__name__}: "
            f"{str(error).splitlines()[0] if str(error) else 'no detail'}). The file may be "
            f"truncated or come from other code; retrain it with `{retrain}`."
        ) from error


def load_model(path: str | Path) -> keras.Model:
    """Load a saved vae-opt model (``.h5`` or ``.keras``) in Keras' safe mode, uncompiled.

    Sub-models are reachable by name: ``load_model(p).get_layer('decoder')``.
    Raises ``ModelFileError`` naming the file when it is missing, truncated or foreign.
    """
    return load_safely(path)
