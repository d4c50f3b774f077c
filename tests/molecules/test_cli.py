"""`vae-opt molecules train / export`, through the vae-opt command: a run folder from the command
line, and clear errors."""

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
def test_train_then_export_writes_a_model_that_loads_safely(tmp_path, monkeypatch):
    import vae_opt.molecules.data as data

    monkeypatch.setattr(data, "moses_train_canonical", lambda **_: frozenset({"CCO"}))
    run_dir, out = tmp_path / "run", tmp_path / "m.keras"
    assert main(["train", "--run-dir", str(run_dir), "--train-size", "300", "--epochs", "1",
                 "--latent-dim", "3"]) == 0
    assert main(["export", str(run_dir), "--out", str(out), "--n-test", "20"]) == 0
    meta = json.loads(out.with_suffix(".json").read_text())
    assert meta["command"].startswith("vae-opt molecules train --run-dir")
    assert meta["epochs_trained"] == 1 and meta["split"]["train"] > 250
    assert {"greedy_reconstruction", "protocol_reconstruction", "prior", "latent",
            "predictor_r2"} <= set(meta["metrics"])
    assert 0 <= meta["metrics"]["prior"]["validity"] <= 1
    from vae_opt.molecules.bundle import MoleculeModel

    model = MoleculeModel.load(out)
    assert model.latent_dim == 3 and model.decode(model.encode(["CCO"]))[0] is not None
    assert main(["export", str(run_dir), "--out", str(out)]) == 2  # exists: nothing replaced


def test_bad_output_name_is_one_line(tmp_path, capsys):
    assert main(["export", str(tmp_path), "--out", str(tmp_path / "m.h5")]) == 2
    assert "must end in .keras" in capsys.readouterr().err


def test_train_needs_a_folder(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["train"])
    assert exit_.value.code == 2
