"""GuacaMol's goal-directed tasks by name, scored by the `guacamol` package's own functions
(Brown et al. 2019; the suite v2 of ``guacamol.benchmark_suites``), and penalized logP.

``guacamol`` 0.5.5 is installed with ``--no-deps`` (its pins are outdated) and, on today's SciPy
and without the `fcd` package, does not import: ``scipy.histogram`` is gone (``numpy.histogram``
is the same function) and ``fcd`` is needed only by the distribution-learning metrics. Both shims
live here and nowhere else; they are applied just before the import.
"""

from __future__ import annotations

import re
import sys
import types
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np

from vae_opt.molecules.properties import property_table

PENALIZED_LOGP = "penalized_logp"
HOW_TO_INSTALL = ("GuacaMol is not installed. Install it without its outdated pins:\n"
                  "  pip install --no-deps guacamol==0.5.5 && pip install tqdm joblib\n"
                  "(`make setup` does this)")


class TaskError(ValueError):
    """An unknown task, or GuacaMol missing; the message says what to do."""


@dataclass(frozen=True)
class Task:
    """A goal-directed task: `score` maps SMILES to values to maximise (invalid ones score -1 on
    GuacaMol's tasks, its `corrupt_score`)."""

    name: str
    title: str
    score: Callable[[list[str]], np.ndarray]


def slug(title: str) -> str:
    """'Osimertinib MPO' -> 'osimertinib_mpo'."""
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")


def import_guacamol():
    """The guacamol.benchmark_suites module, imported with the two shims in place."""
    import scipy  # SciPy and GuacaMol: heavy, only for GuacaMol's tasks

    if not hasattr(scipy, "histogram"):
        scipy.histogram = np.histogram  # removed in SciPy 1.12; GuacaMol's metrics still use it
    sys.modules.setdefault("fcd", types.ModuleType("fcd"))  # distribution learning only
    try:
        from guacamol import benchmark_suites  # GuacaMol: optional
    except ImportError as error:
        raise TaskError(f"{HOW_TO_INSTALL}\n({error})") from None
    return benchmark_suites


@lru_cache(maxsize=1)
def _guacamol_tasks() -> dict[str, Task]:
    suite = import_guacamol().goal_directed_suite_v2()
    return {slug(b.name): Task(slug(b.name), b.name, _scorer(b.objective)) for b in suite}


def _scorer(objective) -> Callable[[list[str]], np.ndarray]:
    def score(smiles: list[str]) -> np.ndarray:
        return np.asarray(objective.score_list(list(smiles)), dtype=np.float64)

    return score


def _penalized_logp(smiles: list[str]) -> np.ndarray:
    return property_table(smiles, ("penalized_logp",))[:, 0]


def task_names() -> tuple[str, ...]:
    """Every task: GuacaMol's twenty goal-directed ones, then penalized logP."""
    return (*_guacamol_tasks(), PENALIZED_LOGP)


def task(name: str) -> Task:
    """The task called `name`; a TaskError listing the valid names otherwise."""
    if name == PENALIZED_LOGP:
        return Task(name, "penalized logP (standardised)", _penalized_logp)
    tasks = _guacamol_tasks()
    if name not in tasks:
        raise TaskError(f"unknown task {name!r}; choose one of: {', '.join(task_names())}")
    return tasks[name]
