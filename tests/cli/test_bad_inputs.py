"""Faults and bad inputs from the probe of issue 24: each answered by one line and exit status 2
(through the CLI) or the package's own exception (through the API), with nothing written."""

import os
import stat
from pathlib import Path

import pytest

from vae_opt.campaign import Campaign, CampaignError
from vae_opt.cli.startup import run_command


def said(done) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.strip()]


def one_error_line(done, message: str) -> None:
    assert done.returncode == 2, done.stderr[-800:]
    lines = said(done)
    assert len(lines) == 1 and lines[0].startswith("vae-opt: error: "), lines
    assert message in lines[0], lines[0]


def snapshot(path: Path) -> list:
    with Campaign.open(path) as campaign:
        return campaign.points()


def test_huge_ask_is_refused_at_once(campaign_file):
    before = snapshot(campaign_file)
    done = run_command(["campaign", "ask", campaign_file.name, "--n", "1000000"],
                       campaign_file.parent)
    one_error_line(done, "--n must be at most 100, got 1000000; ask again for more")
    assert snapshot(campaign_file) == before
    with Campaign.open(campaign_file) as campaign:
        with pytest.raises(CampaignError, match="must be at most 100, got 101"):
            campaign.ask(101)
    assert snapshot(campaign_file) == before


@pytest.fixture
def read_only(campaign_file):
    campaign_file.chmod(0o444)
    yield campaign_file
    campaign_file.chmod(0o644)


@pytest.mark.parametrize("args", [["tell", "1", "0.5"], ["tell", "1", "--failed"], ["ask"],
                                  ["ask", "--n", "3"]])
def test_read_only_campaign_says_so(read_only, args):
    before = snapshot(read_only)
    done = run_command(["campaign", args[0], read_only.name, *args[1:]], read_only.parent)
    one_error_line(done, f"{read_only.name} is read-only: ask and tell write to the campaign file")
    assert snapshot(read_only) == before
    assert not stat.S_IMODE(os.stat(read_only).st_mode) & 0o222  # left as it was


def test_read_only_campaign_through_the_api_and_still_readable(read_only):
    with Campaign.open(read_only) as campaign:
        with pytest.raises(CampaignError, match="is read-only"):
            campaign.tell(1, 0.5)
        with pytest.raises(CampaignError, match="is read-only"):
            campaign.ask()
        assert campaign.counts() == {"pending": 2, "told": 0, "failed": 0}
    done = run_command(["campaign", "show", read_only.name], read_only.parent)
    assert done.returncode == 0 and "pending" in done.stdout


def test_a_read_only_disk_says_so_too(campaign_file, monkeypatch):
    """SQLite's own refusal (a read-only mount, where the mode bits allow writing) reads the
    same; the transaction is rolled back."""
    import sqlite3

    from vae_opt.campaign import store

    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "record", refuse)
    before = snapshot(campaign_file)
    with Campaign.open(campaign_file) as campaign:
        with pytest.raises(CampaignError, match="c.db is read-only"):
            campaign.tell(1, 0.5)
    assert snapshot(campaign_file) == before


def _lambda_model(path: Path, marker: Path) -> None:
    """A .keras file holding a Lambda layer that calls a named function writing `marker`."""
    from vae_opt.backend import keras

    def touch(x):
        marker.write_text("the model file's code ran")
        return x * 2

    inputs = keras.Input((3,))
    keras.Model(inputs, keras.layers.Lambda(touch)(inputs)).save(path)
    marker.unlink()  # written while the model was built here; loading must not write it again
    path.with_suffix(".json").write_text(
        '{"vocabulary": ["[nop]", "[C]"], "max_length": 4, "properties": ["qed"], '
        '"property_mean": [0], "property_std": [1]}')


@pytest.mark.parametrize("kind, message", [
    ("lambda", "could not be loaded as a vae-opt model"),
    ("text", "is not a Keras model file (.h5 or .keras)"),
])
def test_molecule_campaign_on_a_bad_model_file(tmp_path, kind, message):
    model, marker = tmp_path / "f.keras", tmp_path / "marker"
    if kind == "lambda":
        _lambda_model(model, marker)
    else:
        model.write_text("not a model\n")
    done = run_command(["campaign", "new", "m.db", "--objective", "molecule", "--vae",
                        model.name], tmp_path)
    one_error_line(done, f"f.keras {message}")
    assert not (tmp_path / "m.db").exists() and not marker.exists()

    from vae_opt.molecules.bundle import MoleculeModel
    from vae_opt.networks.loading import ModelFileError

    with pytest.raises(ModelFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        MoleculeModel.load(model)
    assert not marker.exists()


def test_train_refuses_latent_dim_zero(tmp_path):
    done = run_command(["train", "softmax", "--latent-dim", "0", "--output", "v.h5"], tmp_path)
    one_error_line(done, "--latent-dim must be a positive integer, got 0")
    assert list(tmp_path.iterdir()) == []
    from vae_opt.mnist.training import build

    with pytest.raises(ValueError, match="latent_dim must be a positive integer, got 0"):
        build("softmax", latent_dim=0)
