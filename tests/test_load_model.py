import shutil

import h5py
import numpy as np
import pytest

from vae_opt.config import model_path
from vae_opt.models import ModelFileError, load_model


def test_missing_file(tmp_path):
    with pytest.raises(ModelFileError, match="nothere.h5 does not exist"):
        load_model(tmp_path / "nothere.h5")


def test_truncated_file(tmp_path):
    path = tmp_path / "truncated.h5"
    shutil.copy(model_path("softmax"), path)
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)
    with pytest.raises(ModelFileError, match="truncated.h5 could not be loaded"):
        load_model(path)


def test_foreign_text_file(tmp_path):
    path = tmp_path / "notes.h5"
    path.write_text("these are not weights")
    with pytest.raises(ModelFileError, match="notes.h5 is not a Keras model file"):
        load_model(path)


def test_foreign_hdf5_file(tmp_path):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as f:
        f["data"] = np.arange(10)
    with pytest.raises(ModelFileError, match="other.h5 could not be loaded"):
        load_model(path)


def test_lfs_pointer(tmp_path):
    path = tmp_path / "lfs.h5"
    path.write_text("version https://git-lfs.github.com/spec/v1\noid sha256:abc\n")
    with pytest.raises(ModelFileError, match="git lfs pull"):
        load_model(path)
