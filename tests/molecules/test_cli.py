"""`vae-opt molecules train`, through the vae-opt command."""

import json
import sys

import pytest

from vae_opt.cli import main as vae_opt_main


def main(argv: list[str]) -> int:
    """`vae-opt molecules ARGV`, as the console script sees it (the command recorded in the
    model's JSON is read from sys.argv)."""
    saved = sys.argv
    sys.argv = ["vae-opt", "molecules", *argv]
    try:
        return vae_opt_main(["molecules", *argv])
    finally:
        sys.argv = saved


@pytest.mark.slow
def test_train_writes_a_model_that_loads(tmp_path):
    out = tmp_path / "m.keras"
    assert main(["train", "--subset", "600", "--epochs", "1", "--out", str(out)]) == 0
    meta = json.loads(out.with_suffix(".json").read_text())
    assert meta["command"].startswith("vae-opt molecules train --subset 600")
    assert meta["subset"]["train"] == 540 and len(meta["history"]["loss"]) == 1
    assert set(meta["metrics"]) == {"held_out_reconstruction", "prior_samples",
                                    "predictor_r2_held_out"}
    from vae_opt.molecules.bundle import MoleculeModel

    assert MoleculeModel.load(out).latent_dim == 32
    assert main(["train", "--subset", "600", "--epochs", "1", "--out", str(out)]) == 2  # exists


def test_bad_output_name_is_one_line(tmp_path, capsys):
    assert main(["train", "--out", str(tmp_path / "m.h5")]) == 2
    assert "must end in .keras" in capsys.readouterr().err
