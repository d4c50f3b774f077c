"""The molecule tasks as the harness's `Task`s (vae_opt.bench.protocol): GuacaMol's twenty
goal-directed tasks and penalized logP, raw and size-guarded, all maximised; the oracle's key is
RDKit's canonical SMILES.

Scores are always finite, so that best, top-10 mean and AUC are defined: GuacaMol scores an
invalid molecule -1 (its `corrupt_score`); penalized logP scores it ``INVALID_PENALIZED_LOGP`` (the
molecule config's invalid value), and so does the guarded task for a molecule with more heavy
atoms than any molecule of MOSES train (``MOSES_TRAIN_MAX_HEAVY_ATOMS``), so that a chain of 48
carbons cannot pass as success.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from vae_opt.molecules.data import read_moses
from vae_opt.molecules.properties import canonical, molecule
from vae_opt.molecules.tasks import PENALIZED_LOGP, TaskError, task, task_names

GUARDED_PENALIZED_LOGP = "penalized_logp_guarded"
# The most heavy atoms of a molecule in MOSES train (molsets 0.3.1, 1,584,663 molecules; RDKit
# GetNumHeavyAtoms, e.g. O=C(Nc1cccc(C#Cc2ccccn2)c1)c1cccc2ncccc12); see moses_max_heavy_atoms.
MOSES_TRAIN_MAX_HEAVY_ATOMS = 27
INVALID_PENALIZED_LOGP = -10.0  # config.MOLECULES.invalid_values["penalized_logp"]


@dataclass(frozen=True)
class MoleculeTask:
    """A molecule task as the harness sees it: `score` maps SMILES to finite values to maximise."""

    name: str
    title: str
    scorer: Callable[[list[str]], np.ndarray]
    direction: str = "maximize"

    def score(self, candidates: Sequence[str]) -> list[float]:
        """One finite value per SMILES (see the module's rules for invalid molecules)."""
        return [float(v) for v in self.scorer(list(candidates))]


def oracle_key(smiles: str) -> str:
    """The identity of a molecule for counting distinct calls: RDKit's canonical SMILES."""
    return canonical(smiles)


def heavy_atoms(smiles: str) -> int:
    """RDKit's heavy-atom count of a SMILES (0 when it is no molecule)."""
    mol = molecule(smiles)
    return mol.GetNumHeavyAtoms() if mol is not None else 0


def _penalized_logp(smiles: list[str], max_heavy_atoms: int | None) -> np.ndarray:
    values = np.asarray(task(PENALIZED_LOGP).score(smiles), dtype=np.float64)
    for i, s in enumerate(smiles):
        too_big = max_heavy_atoms is not None and heavy_atoms(s) > max_heavy_atoms
        if too_big or math.isnan(values[i]):
            values[i] = INVALID_PENALIZED_LOGP
    return values


def molecule_task_names() -> tuple[str, ...]:
    """GuacaMol's twenty goal-directed tasks, penalized logP and its size-guarded twin."""
    return (*task_names(), GUARDED_PENALIZED_LOGP)


def molecule_task(name: str) -> MoleculeTask:
    """The task called `name`; a TaskError listing every valid name otherwise."""
    if name == PENALIZED_LOGP:
        return MoleculeTask(name, "penalized logP (standardised, no size guard)",
                            lambda s: _penalized_logp(s, None))
    if name == GUARDED_PENALIZED_LOGP:
        return MoleculeTask(name, f"penalized logP (standardised, at most "
                                  f"{MOSES_TRAIN_MAX_HEAVY_ATOMS} heavy atoms)",
                            lambda s: _penalized_logp(s, MOSES_TRAIN_MAX_HEAVY_ATOMS))
    if name not in molecule_task_names():
        raise TaskError(f"unknown task {name!r}; choose one of: "
                        f"{', '.join(molecule_task_names())}")
    guacamol = task(name)
    return MoleculeTask(name, guacamol.title, guacamol.score)


def moses_max_heavy_atoms() -> int:
    """The most heavy atoms in a MOSES train molecule, recomputed (~1 min; checks the constant)."""
    return max(heavy_atoms(s) for s in read_moses("train"))
