"""The training data of a run: MOSES molecules as SELFIES tokens with their properties.

Properties (RDKit, ~2 ms a molecule) are computed on every core in chunks; the arrays go into one
.npz and the split is recorded by size and SHA-256, so a rebuilt file can be checked.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from vae_opt.molecules.config import MoleculeConfig
from vae_opt.files import write_atomic
from vae_opt.molecules.data import fingerprint, training_molecules
from vae_opt.molecules.properties import property_table

CHUNK = 5_000


def _properties_chunk(args: tuple[list[str], tuple[str, ...]]) -> np.ndarray:
    smiles, names = args
    return property_table(smiles, names)


def property_table_parallel(smiles: list[str], names: tuple[str, ...], log=print,
                            workers: int | None = None) -> np.ndarray:
    """property_table over processes (all cores by default), with a progress line per chunk."""
    chunks = [(smiles[i:i + CHUNK], names) for i in range(0, len(smiles), CHUNK)]
    workers = workers or os.cpu_count() or 1
    started, out = time.time(), []
    with ProcessPoolExecutor(workers) as pool:
        for i, table in enumerate(pool.map(_properties_chunk, chunks)):
            out.append(table)
            done = min((i + 1) * CHUNK, len(smiles))
            rate = done / max(time.time() - started, 1e-9)
            if (i + 1) % 10 == 0 or done == len(smiles):
                log(f"properties {done:,}/{len(smiles):,} ({rate:.0f} molecules/s, ETA "
                    f"{(len(smiles) - done) / rate / 60:.1f} min)")
    return np.concatenate(out) if out else np.zeros((0, len(names)))


def prepare_data(config: MoleculeConfig, path: Path, log=print) -> dict:
    """Draw the split, tokenise, compute properties, write `path` (.npz); return the record
    (split sizes and hashes, vocabulary, property scaling) that run.json keeps."""
    from vae_opt.molecules.tokens import Vocabulary, to_selfies  # SELFIES

    started = time.time()
    split = training_molecules(config)
    log(f"split: {len(split.train):,} training + {len(split.validation):,} validation molecules "
        f"from MOSES train ({split.dropped_too_long} longer than {config.max_length} tokens "
        f"dropped; MOSES test untouched)")
    selfies = [to_selfies(s) for s in split.train + split.validation]
    vocabulary = Vocabulary.from_selfies(selfies, config.max_length)
    tokens = vocabulary.encode(selfies).astype(np.int8)
    names = tuple(config.properties)
    table = property_table_parallel(split.train + split.validation, names, log)
    n = len(split.train)
    ok = np.all(np.isfinite(table[:n]), axis=1)
    mean, std = table[:n][ok].mean(axis=0), table[:n][ok].std(axis=0)

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            np.savez(f, tokens_train=tokens[:n], tokens_validation=tokens[n:],
                     properties_train=table[:n].astype(np.float32),
                     properties_validation=table[n:].astype(np.float32))

    write_atomic(path, write, force=True)
    log(f"data prepared in {time.time() - started:.0f} s: {path}")
    return {"split": {"source": "MOSES train (molsets 0.3.1, moses/dataset/data/train.csv.gz)",
                      "draw": "numpy default_rng(subset_seed).permutation(rows): first train_size "
                              "train, next validation_size validate",
                      "train": n, "validation": len(split.validation),
                      "dropped_too_long": split.dropped_too_long,
                      "train_sha256": fingerprint(split.train),
                      "validation_sha256": fingerprint(split.validation),
                      "test": "MOSES test (moses/dataset/data/test.csv.gz), never trained on"},
            "validation_smiles": split.validation,
            "vocabulary": list(vocabulary.tokens), "max_length": vocabulary.max_length,
            "properties": list(names), "property_mean": mean.tolist(),
            "property_std": std.tolist()}
