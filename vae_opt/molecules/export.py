"""The model of a finished run as the project ships it: the .keras file (safe mode, no optimizer
state) and, beside it, a JSON with the command, seed, data split, git commit, training time and
every quality metric (vae_opt.molecules.quality)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np

from vae_opt.files import check_output, write_atomic, write_text_atomic
from vae_opt.molecules import run as runs
from vae_opt.molecules.bundle import metadata_path
from vae_opt.molecules.data import training_molecules
from vae_opt.paths import SOURCE_ROOT


def git_commit() -> str:
    """The commit of this checkout ("unknown" outside git)."""
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=SOURCE_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def export(run_dir: str | Path, out: str | Path, force: bool = False, n_test: int = 1000,
           log=print) -> Path:
    """Write the run's model and its JSON (with the quality metrics) to `out` (.keras)."""
    from vae_opt.molecules.quality import evaluate, table  # RDKit and Keras, through the model

    out = Path(out)
    if out.suffix != ".keras":
        raise ValueError(f"the model file must end in .keras, got {out}")
    check_output(out, force=force)
    check_output(metadata_path(out), force=force)
    model, vae, state, record = runs.model_of_run(run_dir)
    _, config = runs.read_run(run_dir)
    if state.epoch < config.epochs:
        log(f"note: the run has trained {state.epoch} of {config.epochs} epochs")
    metrics = evaluate(model, n_test=n_test, seed=0, log=log)
    log(table(metrics))
    meta = {key: record[key] for key in ("command", "split", "vocabulary", "max_length",
                                         "properties", "property_mean", "property_std")}
    meta["reproduce"] = (f"vae-opt molecules train --run-dir DIR (then `vae-opt molecules train "
                         f"--resume DIR` after every stop, until {config.epochs} epochs); "
                         f"vae-opt molecules export DIR --out {out.name}; this model: the run "
                         f"after {state.epoch} epochs")
    meta.update(training_best=training_best(record, config, Path(run_dir)), seed=config.seed, config=record["config"], git_commit=git_commit(),
                epochs_trained=state.epoch, steps=state.global_step,
                train_hours=round(state.seconds / 3600, 2), parameters=int(vae.count_params()),
                metrics=metrics, loading="keras.saving.load_model(path, safe_mode=True)")
    write_atomic(out, lambda tmp: _save_without_optimizer(vae, tmp), force=force)
    write_text_atomic(metadata_path(out), json.dumps(meta, indent=1) + "\n", force=force)
    log(f"saved {out} and {metadata_path(out)}")
    return out


def training_best(record: dict, config, run_dir: Path) -> dict[str, dict]:
    """The best training molecule of each property (the bar a search should beat)."""
    train = training_molecules(config).train
    values = runs.load_data(run_dir, record, config, print)["properties_train"]
    best = {}
    for j, name in enumerate(record["properties"]):
        i = int(np.nanargmax(values[:, j]))
        best[name] = {"smiles": train[i], "value": float(values[i, j])}
    return best


def _save_without_optimizer(vae, path: Path) -> None:
    """Save the model, then again as reloaded uncompiled: the weights without Adam's moments."""
    from vae_opt.backend import keras  # Keras

    vae.save(path)
    keras.saving.load_model(path, safe_mode=True, compile=False).save(path)
    path.chmod(0o644)
