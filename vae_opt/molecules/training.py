"""Training the molecule VAE: the recipe of config.MOLECULES on its MOSES subset, then the
model (.keras, safe mode) and a JSON with the command, seed, subset, history and metrics."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from vae_opt.config import MOLECULES, MoleculeConfig
from vae_opt.files import check_output, write_atomic, write_text_atomic
from vae_opt.molecules.bundle import MoleculeModel, metadata_path
from vae_opt.molecules.data import training_molecules
from vae_opt.molecules.properties import canonical, property_table
from vae_opt.molecules.tokens import Vocabulary, to_selfies


def best_of(smiles: list[str], values: np.ndarray, names) -> dict[str, dict]:
    """The best (highest) molecule of each property."""
    best = {}
    for j, name in enumerate(names):
        i = int(np.nanargmax(values[:, j]))
        best[name] = {"smiles": smiles[i], "value": float(values[i, j])}
    return best


def prepare(config: MoleculeConfig, log=print):
    """The subset's SMILES, vocabulary, token arrays and property tables."""
    from vae_opt.molecules.properties import PROPERTIES

    split = training_molecules(config)
    log(f"subset: {len(split.train)} training + {len(split.held_out)} held-out molecules "
        f"({split.dropped_too_long} dropped as longer than {config.max_length} tokens)")
    selfies = [to_selfies(s) for s in split.train + split.held_out]
    vocabulary = Vocabulary.from_selfies(selfies, config.max_length)
    tokens = vocabulary.encode(selfies)
    start = time.time()
    table = property_table(split.train + split.held_out, PROPERTIES)
    log(f"properties of {len(table)} molecules in {time.time() - start:.0f} s")
    n = len(split.train)
    return split, vocabulary, tokens[:n], tokens[n:], table[:n], table[n:]


def train(config: MoleculeConfig = MOLECULES, out: str | Path | None = None,
          seed: int | None = None, epochs: int | None = None, force: bool = False,
          command: str | None = None, verbose: int = 2, log=print) -> tuple[MoleculeModel, dict]:
    """Train the recipe's VAE and save it to `out` (.keras) with its JSON; returns both."""
    from vae_opt.backend import keras
    from vae_opt.molecules.evaluation import evaluate
    from vae_opt.molecules.model import KLAnnealing, KLMonitor, build_vae, shift_right
    from vae_opt.molecules.properties import PROPERTIES

    seed = config.seed if seed is None else seed
    config = replace(config, seed=seed, epochs=config.epochs if epochs is None else epochs)
    out = Path(out) if out else config.model_dir / config.model_file
    if out.suffix != ".keras":
        raise ValueError(f"the model file must end in .keras, got {out}")
    check_output(out, force=force)
    check_output(metadata_path(out), force=force)
    started = time.time()
    split, vocabulary, x_train, x_held, p_train, p_held = prepare(config, log)
    columns = [PROPERTIES.index(p) for p in config.properties]
    y_train, y_held = p_train[:, columns], p_held[:, columns]
    ok = np.all(np.isfinite(y_train), axis=1)
    mean, std = y_train[ok].mean(axis=0), y_train[ok].std(axis=0)
    z = lambda y: np.nan_to_num((y - mean) / std).astype(np.float32)  # noqa: E731

    keras.utils.set_random_seed(seed)
    vae = build_vae(vocabulary.size, len(columns), config, seed=seed)
    start = vocabulary.size  # START: one past the vocabulary (model.start_token)
    inputs = lambda x: {"tokens": x, "previous_tokens": shift_right(x, start)}  # noqa: E731
    history = vae.fit(
        inputs(x_train), {"reconstruction": x_train, "properties": z(y_train)},
        validation_data=(inputs(x_held), {"reconstruction": x_held, "properties": z(y_held)}),
        batch_size=config.batch_size, epochs=config.epochs, shuffle=True, verbose=verbose,
        callbacks=[KLAnnealing(config.kl_anneal_epochs), KLMonitor(x_held[:1000])])
    train_seconds = time.time() - started

    model = MoleculeModel.from_vae(vae, vocabulary, config.properties, mean, std)
    training_set = {canonical(s) for s in split.train}
    metrics = evaluate(model, split.held_out, y_held, training_set, n_prior=1000, seed=seed)
    metadata = {
        "command": command or " ".join(sys.argv),
        "seed": seed,
        "subset": {"source": "MOSES train (molsets 0.3.1, moses/dataset/data/train.csv.gz)",
                   "size": config.subset_size, "subset_seed": config.subset_seed,
                   "draw": "numpy default_rng(subset_seed).choice(rows, size, replace=False)",
                   "dropped_too_long": split.dropped_too_long, "train": len(split.train),
                   "held_out": len(split.held_out), "held_out_rule": "the last held_out drawn"},
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
        "vocabulary": list(vocabulary.tokens), "max_length": vocabulary.max_length,
        "properties": list(config.properties), "property_mean": mean.tolist(),
        "property_std": std.tolist(),
        "training_best": best_of(split.train, p_train, PROPERTIES),
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "metrics": metrics,
        "train_seconds": round(train_seconds, 1),
        "parameters": int(vae.count_params()),
    }
    model.metadata = metadata
    write_atomic(out, lambda tmp: _save_without_optimizer(vae, tmp), force=force)
    write_text_atomic(metadata_path(out), json.dumps(metadata, indent=1) + "\n", force=force)
    log(f"saved {out} and {metadata_path(out)}")
    log(json.dumps(metrics, indent=1))
    return model, metadata


def _save_without_optimizer(vae, path: Path) -> None:
    """Save the model, then again as reloaded uncompiled: the same weights without Adam's
    moments (a third of the size)."""
    from vae_opt.backend import keras

    vae.save(path)
    keras.saving.load_model(path, safe_mode=True, compile=False).save(path)
    path.chmod(0o644)
