import shutil

import h5py
import numpy as np
import pytest

from vae_opt.config import model_path
from vae_opt.models import ModelFileError, load_model


def test_missing_file(tmp_path):
    with pytest.raises(ModelFileError, match="nothere.h5 does not exist"):
        load_model(tmp_path / "nothere.h5")


def _truncated(path):
    shutil.copy(model_path("softmax"), path)
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)


def _text(path):
    path.write_text("these are not weights")


def _foreign_hdf5(path):
    with h5py.File(path, "w") as f:
        f["data"] = np.arange(10)


@pytest.mark.parametrize("name, write, message", [
    ("truncated.h5", _truncated, "truncated.h5 could not be loaded"),
    ("notes.h5", _text, "notes.h5 is not a Keras model file"),
    ("other.h5", _foreign_hdf5, "other.h5 could not be loaded"),
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
