"""Models are found installed or in a checkout, and an absence names every place looked at."""

import pytest

from vae_opt import paths


def test_the_environment_variable_comes_first(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.MODELS_ENV, str(tmp_path))
    assert paths.model_path("softmax") == tmp_path / "vae-predictor-softmax.h5"


def test_the_installed_copy_is_used_without_a_checkout(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.MODELS_ENV, raising=False)
    monkeypatch.setattr(paths, "SOURCE_ROOT", tmp_path / "no-checkout")
    monkeypatch.setattr(paths, "INSTALLED_ROOT", tmp_path / "share")
    (tmp_path / "share" / "models").mkdir(parents=True)
    assert paths.models_dir() == tmp_path / "share" / "models"


def test_no_models_anywhere_names_every_place(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.MODELS_ENV, str(tmp_path / "env"))
    monkeypatch.setattr(paths, "SOURCE_ROOT", tmp_path / "checkout")
    monkeypatch.setattr(paths, "INSTALLED_ROOT", tmp_path / "share")
    with pytest.raises(paths.ModelsNotFoundError) as info:
        paths.model_path("classifier")
    for place in ("env", "checkout", "share"):
        assert str(tmp_path / place) in str(info.value)
    assert "VAE_OPT_MODELS" in str(info.value)


def test_setup_installs_the_committed_models_where_paths_looks():
    import runpy
    from unittest import mock

    with mock.patch("setuptools.setup") as setup:
        runpy.run_path(str(paths.SOURCE_ROOT / "setup.py"), run_name="__main__")
    files = dict(setup.call_args.kwargs["data_files"][:1])
    listed = {p.rsplit("/", 1)[-1] for p in files["share/vae-opt/models"]}
    assert {"vae-predictor-softmax.h5", "classifier.h5"} <= listed
    assert (paths.INSTALLED_ROOT / "models").as_posix().endswith("share/vae-opt/models")
