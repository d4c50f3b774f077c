"""The training molecules: a seeded subset of the MOSES training set, read from the `molsets`
wheel without importing it.

MOSES (Polykovskiy et al. 2020) ships its splits inside the PyPI package ``molsets`` as
``moses/dataset/data/train.csv.gz`` (a header ``SMILES``, 1,584,663 molecules). The package
itself pins old libraries, so it is installed with ``--no-deps`` and only its data file is read.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from vae_opt.molecules.config import MOLECULES, MoleculeConfig
from vae_opt.molecules.properties import canonical

MOSES_SPLITS = ("train", "test")

HOW_TO_GET_MOSES = (
    "The MOSES molecules could not be found. Install the data package without its (outdated) "
    "dependencies:\n  pip install --no-deps molsets==0.3.1   (`make setup` does this)\n"
    "It provides moses/dataset/data/{split}.csv.gz; nothing of it is imported."
)


class MolecularDataUnavailableError(FileNotFoundError):
    """The MOSES data file is missing; the message says how to install it (a FileNotFoundError,
    so that vae-opt's command line prints it as one line)."""


def moses_path(split: str = "train") -> Path:
    """The CSV of a MOSES split inside the installed ``molsets`` package, found without importing
    it; raises MolecularDataUnavailableError with install instructions when it is absent."""
    if split not in MOSES_SPLITS:
        raise ValueError(f"unknown MOSES split {split!r}; choose one of {', '.join(MOSES_SPLITS)}")
    spec = importlib.util.find_spec("moses")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "dataset" / "data" / f"{split}.csv.gz"
        if candidate.is_file():
            return candidate
    raise MolecularDataUnavailableError(HOW_TO_GET_MOSES.format(split=split))


def read_moses(split: str = "train", path: Path | None = None) -> tuple[str, ...]:
    """All SMILES of a MOSES split, in the file's order (read once per process)."""
    return _read_moses(path or moses_path(split))


@lru_cache(maxsize=2)
def _read_moses(path: Path) -> tuple[str, ...]:
    with gzip.open(path, "rt") as f:
        header, *rows = f.read().splitlines()
    if header.strip().split(",")[0] != "SMILES":
        raise ValueError(f"{path}: expected a header starting with SMILES, got {header!r}")
    return tuple(row.split(",")[0] for row in rows if row)


def moses_subset(size: int, seed: int, split: str = "train") -> list[str]:
    """`size` SMILES drawn without replacement from a MOSES split with numpy's default_rng(seed),
    in the drawn order: the same molecules on every machine for the same size and seed."""
    smiles = read_moses(split)
    if not 0 < size <= len(smiles):
        raise ValueError(f"subset size must be in 1..{len(smiles)}, got {size}")
    index = np.random.default_rng(seed).choice(len(smiles), size=size, replace=False)
    return [smiles[i] for i in index]


@dataclass(frozen=True)
class MoleculeSplit:
    """The recipe's molecules: training and validation SMILES from MOSES train (disjoint), and how
    many drawn molecules were too long for the model."""

    train: list[str]
    validation: list[str]
    dropped_too_long: int


def training_molecules(config: MoleculeConfig = MOLECULES) -> MoleculeSplit:
    """A seeded permutation of MOSES train: the first config.train_size molecules train, the
    next config.validation_size validate; those whose SELFIES exceed config.max_length tokens are
    dropped. MOSES test is never drawn here (see ``held_out_molecules``)."""
    from vae_opt.molecules.tokens import selfies_length, to_selfies  # SELFIES

    smiles = read_moses("train")
    wanted = config.train_size + config.validation_size
    if not 0 < wanted <= len(smiles):
        raise ValueError(f"train_size + validation_size must be in 1..{len(smiles)}, got {wanted}")
    order = np.random.default_rng(config.subset_seed).permutation(len(smiles))[:wanted]
    drawn = [smiles[i] for i in order]
    fits = [selfies_length(to_selfies(s)) <= config.max_length for s in drawn]
    keep = [s for s, ok in zip(drawn, fits) if ok]
    n_train = sum(fits[:config.train_size])
    return MoleculeSplit(keep[:n_train], keep[n_train:], len(drawn) - len(keep))


def held_out_molecules(n: int, seed: int = 0, accept=None) -> list[str]:
    """`n` molecules of MOSES test in a seeded order, skipping those `accept` refuses (e.g. too
    long for a model): the held-out molecules of every reported metric."""
    smiles = read_moses("test")
    chosen = []
    for i in np.random.default_rng(seed).permutation(len(smiles)):
        if accept is None or accept(smiles[i]):
            chosen.append(smiles[i])
            if len(chosen) == n:
                break
    return chosen


def fingerprint(smiles: list[str]) -> str:
    """SHA-256 of the SMILES joined by newlines: records exactly which molecules a run used."""
    return hashlib.sha256("\n".join(smiles).encode()).hexdigest()


def _canonical_chunk(smiles: list[str]) -> list[str]:
    return [canonical(s) for s in smiles]


def moses_train_canonical(cache_dir: Path | None = None, log=print) -> frozenset[str]:
    """RDKit's canonical SMILES of all 1,584,663 MOSES training molecules: what "novel" is
    checked against. Computed on every core once (a few minutes) and cached per RDKit version."""
    from rdkit import rdBase  # RDKit

    cache_dir = cache_dir or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    path = Path(cache_dir) / "vae-opt" / f"moses-train-canonical-rdkit{rdBase.rdkitVersion}.txt.gz"
    if path.is_file():
        with gzip.open(path, "rt") as f:
            return frozenset(f.read().splitlines())
    smiles = list(read_moses("train"))
    log(f"canonicalising the {len(smiles):,} MOSES training molecules once (cached in {path})")
    chunks = [smiles[i:i + 20_000] for i in range(0, len(smiles), 20_000)]
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        canon = [c for chunk in pool.map(_canonical_chunk, chunks) for c in chunk]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with gzip.open(tmp, "wt") as f:
        f.write("\n".join(canon))
    os.replace(tmp, path)
    return frozenset(canon)
