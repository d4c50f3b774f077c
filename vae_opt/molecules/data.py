"""The training molecules: a seeded subset of the MOSES training set, read from the `molsets`
wheel without importing it.

MOSES (Polykovskiy et al. 2020) ships its splits inside the PyPI package ``molsets`` as
``moses/dataset/data/train.csv.gz`` (a header ``SMILES``, 1,584,663 molecules). The package
itself pins old libraries, so it is installed with ``--no-deps`` and only its data file is read.
"""

from __future__ import annotations

import gzip
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from vae_opt.config import MOLECULES, MoleculeConfig

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
    """The recipe's molecules: training and held-out SMILES, and how many were too long."""

    train: list[str]
    held_out: list[str]
    dropped_too_long: int


def training_molecules(config: MoleculeConfig = MOLECULES) -> MoleculeSplit:
    """The subset of the recipe (config.subset_size, subset_seed), molecules whose SELFIES exceed
    config.max_length tokens dropped, the last config.held_out kept out of training."""
    from vae_opt.molecules.tokens import selfies_length, to_selfies

    smiles = moses_subset(config.subset_size, config.subset_seed)
    kept = [s for s in smiles if selfies_length(to_selfies(s)) <= config.max_length]
    if len(kept) <= config.held_out:
        raise ValueError(f"only {len(kept)} molecules fit in {config.max_length} tokens; fewer "
                         f"than the {config.held_out} held out")
    return MoleculeSplit(kept[:-config.held_out], kept[-config.held_out:], len(smiles) - len(kept))
