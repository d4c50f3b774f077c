"""Loading saved models: round trips in safe mode, and clear errors for bad files."""

import shutil
import zipfile

import h5py
import numpy as np
import pytest

from vae_opt.backend import keras
from vae_opt.mnist.networks.cvae import create_cvae
from vae_opt.networks.loading import ModelFileError, load_model
from vae_opt.mnist.networks.vae import create_joint_model
from vae_opt.paths import model_path


@pytest.mark.parametrize("suffix", [".h5", ".keras"])
def test_round_trip_keeps_parts_and_outputs(tmp_path, rng, suffix):
    keras.utils.set_random_seed(0)
    model = create_joint_model("softmax", seed=0)
    path = tmp_path / f"m{suffix}"
    model.save(path)
    loaded = load_model(path)
    assert loaded.name == model.name
    x = rng.random((3, 28, 28, 1)).astype(np.float32)
    t = rng.normal(size=(3, 2)).astype(np.float32)
    for name, inputs in [("encoder", x), ("decoder", t), ("predictor", t)]:
        a, b = loaded.get_layer(name)(inputs), model.get_layer(name)(inputs)
        a, b = (np.asarray(v[0] if isinstance(v, (list, tuple)) else v) for v in (a, b))
        assert np.allclose(a, b, atol=1e-6), name
    assert loaded.get_layer("sampler").seed == 0
    assert not loaded.compiled  # loaded uncompiled: no custom loss needs resolving


def test_cvae_round_trip(tmp_path, rng):
    cvae = create_cvae(seed=0)
    cvae.save(tmp_path / "cvae.h5")
    loaded = load_model(tmp_path / "cvae.h5")
    t = rng.normal(size=(2, 2)).astype(np.float32)
    labels = np.eye(10, dtype=np.float32)[[3, 8]]
    assert np.allclose(np.asarray(loaded.get_layer("decoder")([t, labels])),
                       np.asarray(cvae.get_layer("decoder")([t, labels])), atol=1e-6)


def test_missing_file(tmp_path):
    with pytest.raises(ModelFileError, match="nothere.h5 does not exist"):
        load_model(tmp_path / "nothere.h5")
    with pytest.raises(ModelFileError, match="does not exist"):
        load_model(tmp_path)  # a folder is not a model file


def _truncated(path):
    shutil.copy(model_path("softmax"), path)
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)


def _text(path):
    path.write_text("these are not weights")


def _foreign_hdf5(path):
    with h5py.File(path, "w") as f:
        f["data"] = np.arange(10)


def _foreign_zip(path):
    with zipfile.ZipFile(path, "w") as f:
        f.writestr("readme.txt", "not a Keras archive")


@pytest.mark.parametrize("name, write, message", [
    ("truncated.h5", _truncated, "truncated.h5 could not be loaded"),
    ("notes.h5", _text, "notes.h5 is not a Keras model file"),
    ("other.h5", _foreign_hdf5, "other.h5 could not be loaded"),
    ("other.keras", _foreign_zip, "other.keras could not be loaded"),
])
def test_damaged_or_foreign_file(tmp_path, name, write, message):
    path = tmp_path / name
    write(path)
    before = path.read_bytes()
    with pytest.raises(ModelFileError, match=message):
        load_model(path)
    assert path.read_bytes() == before  # loading never alters the user's file


def test_lfs_pointer(tmp_path):
    path = tmp_path / "lfs.h5"
    path.write_text("version https://git-lfs.github.com/spec/v1\noid sha256:abc\n")
    with pytest.raises(ModelFileError, match="git lfs pull"):
        load_model(path)
