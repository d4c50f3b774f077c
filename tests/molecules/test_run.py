"""Resumable training runs: a tiny recipe trains, a run stopped and resumed ends where an
uninterrupted one does, and a run folder refuses what would corrupt it."""

import json
import shutil

import numpy as np
import pytest

from vae_opt.molecules import fit, run


def _copy(src, dst):
    shutil.copytree(src, dst)
    return dst


def _weights(run_dir):
    with np.load(run_dir / run.CHECKPOINT_FILE) as data:
        return {k: data[k] for k in data.files if k != "state"}, \
            json.loads(bytes(data["state"]).decode())


def test_prepared_run_records_the_split(tiny_run, tiny_config):
    record, config = run.read_run(tiny_run)
    assert config == tiny_config
    split = record["split"]
    assert split["train"] + split["dropped_too_long"] <= tiny_config.train_size
    assert len(split["train_sha256"]) == 64 and split["validation"] == len(
        record["validation_smiles"])
    with np.load(tiny_run / run.DATA_FILE) as data:
        assert data["tokens_train"].shape == (split["train"], tiny_config.max_length)
        assert data["properties_train"].shape == (split["train"], 2)


def test_training_writes_log_history_and_curve(tiny_run, tmp_path):
    run_dir = _copy(tiny_run, tmp_path / "r")
    state = fit.train(run_dir, echo=lambda _: 0)
    assert state.epoch == 2 and run.is_finished(run_dir)
    rows = [json.loads(x) for x in (run_dir / run.HISTORY_FILE).read_text().splitlines()]
    assert [r["epoch"] for r in rows if r["kind"] == "validation"] == [1, 2]
    assert all(np.isfinite(r["reconstruction_loss"]) for r in rows if r["kind"] == "train")
    assert "epoch 2 done" in (run_dir / run.LOG_FILE).read_text()
    assert (run_dir / run.CURVE_FILE).stat().st_size > 1000


def test_resumed_run_equals_uninterrupted_run(tiny_run, tmp_path):
    straight = _copy(tiny_run, tmp_path / "straight")
    broken = _copy(tiny_run, tmp_path / "broken")
    fit.train(straight, max_steps=20, echo=lambda _: 0)
    fit.train(broken, max_steps=7, echo=lambda _: 0)  # stops mid-epoch 1
    fit.train(broken, max_steps=8, echo=lambda _: 0)  # crosses into epoch 2
    fit.train(broken, max_steps=5, echo=lambda _: 0)
    a, state_a = _weights(straight)
    b, state_b = _weights(broken)
    assert state_a["global_step"] == state_b["global_step"] == 20
    assert (state_a["epoch"], state_a["step"]) == (state_b["epoch"], state_b["step"])
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_allclose(a[key], b[key], rtol=1e-5, atol=1e-6, err_msg=key)


def test_a_folder_with_a_run_is_not_started_again(tiny_run, tiny_config):
    with pytest.raises(run.RunError, match="already holds a run"):
        run.start(tiny_run, tiny_config, "test")


def test_resume_of_a_folder_without_a_run_is_one_line(tmp_path, capsys):
    from vae_opt.cli import main

    assert main(["molecules", "train", "--resume", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "holds no training run" in err and len(err.strip().splitlines()) == 1


def test_checkpoint_of_another_recipe_is_refused(tiny_run, tmp_path):
    run_dir = _copy(tiny_run, tmp_path / "r")
    fit.train(run_dir, max_steps=1, echo=lambda _: 0)
    record = json.loads((run_dir / run.RUN_FILE).read_text())
    record["config"]["conv_kernels"] = [3, 3, 3]
    (run_dir / run.RUN_FILE).write_text(json.dumps(record))
    before = (run_dir / run.CHECKPOINT_FILE).read_bytes()
    with pytest.raises(run.RunError, match="does not fit"):
        fit.train(run_dir, max_steps=1, echo=lambda _: 0)
    assert (run_dir / run.CHECKPOINT_FILE).read_bytes() == before


def test_schedules_depend_on_the_step_only(tiny_config):
    assert fit.beta_at(0, 10, tiny_config) == 0.0
    assert fit.beta_at(5, 10, tiny_config) == pytest.approx(tiny_config.beta)  # 0.5 epochs
    assert fit.beta_at(2, 10, tiny_config) == pytest.approx(0.4 * tiny_config.beta)
    knots = tiny_config.beta_schedule  # (epoch, beta) after the anneal, linear in between
    for (a, beta_a), (b, beta_b) in zip(knots, knots[1:]):
        assert fit.beta_at(int(10 * a), 10, tiny_config) == pytest.approx(beta_a)
        assert fit.beta_at(int(5 * (a + b)), 10, tiny_config) == pytest.approx((beta_a + beta_b) / 2)
    assert fit.beta_at(int(10 * knots[-1][0]) + 50, 10, tiny_config) == pytest.approx(knots[-1][1])
    assert fit.learning_rate_at(20, 10, tiny_config) == pytest.approx(
        tiny_config.learning_rate * tiny_config.lr_decay ** 2)


def test_evaluate_reads_a_runs_checkpoint(tiny_run, tmp_path, monkeypatch):
    from vae_opt.cli import main
    import vae_opt.molecules.data as data

    monkeypatch.setattr(data, "moses_train_canonical", lambda **_: frozenset({"CCO"}))
    run_dir = _copy(tiny_run, tmp_path / "r")
    fit.train(run_dir, max_steps=3, echo=lambda _: 0)
    out = tmp_path / "m.json"
    assert main(["molecules", "evaluate", "--run", str(run_dir), "--n-test", "5", "--n-prior",
                 "10", "--protocol-molecules", "2", "--json", str(out)]) == 0
    metrics = json.loads(out.read_text())
    assert metrics["test_molecules"] == 5 and metrics["latent"]["latent_dim"] == 4
    assert main(["molecules", "evaluate", "--run", str(run_dir), "--model", "x.keras"]) == 2
