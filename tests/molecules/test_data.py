"""The MOSES subset: found without importing molsets, seeded, and a clear error without it."""

import importlib.util

import pytest

from vae_opt.molecules import data


def test_missing_package_says_how_to_install(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(data.MolecularDataUnavailableError, match="pip install --no-deps molsets"):
        data.moses_path()


def test_subset_is_seeded():
    try:
        data.moses_path()
    except data.MolecularDataUnavailableError:
        pytest.skip("molsets is not installed")
    a, b = data.moses_subset(5, seed=0), data.moses_subset(5, seed=0)
    assert a == b and len(set(a)) == 5 and a != data.moses_subset(5, seed=1)


def test_unknown_split():
    with pytest.raises(ValueError, match="unknown MOSES split"):
        data.moses_path("valid")
