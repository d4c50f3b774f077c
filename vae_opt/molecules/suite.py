"""The molecule suite for the harness (vae_opt.bench): its tasks and methods by name, and the
oracle every run uses (budgeted, keyed by canonical SMILES).

Every method scores the same starting pool first (``PoolSpec``: `pool_size` MOSES train molecules
drawn with the run's seed, or a given list), counted against the same budget. The "bo_*" methods
are the ablation of latent-space BO: each switches one move of "bo" off.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from vae_opt.bench.protocol import Method, Oracle
from vae_opt.molecules.adapters import MoleculeTask, molecule_task, molecule_task_names, oracle_key
from vae_opt.molecules.latent_bo import LatentBO
from vae_opt.molecules.peers import GraphGA, PriorDraws, Screening
from vae_opt.molecules.pool import DEFAULT_POOL_SIZE, PoolError, PoolSpec
from vae_opt.molecules.retraining import WeightedRetraining

# The ablation: each variant switches one move of "bo" off (or to its alternative).
BO_VARIANTS: dict[str, dict] = {
    "bo": {},
    "bo_no_warm_start": {"warm_start": False},
    "bo_prior_shell": {"region": "shell"},
    "bo_no_region": {"region": "prior"},
    "bo_batch_1": {"batch": 1},
    "bo_no_dedupe": {"dedupe": False},
}
RETRAINING = "bo_weighted_retraining"  # "bo" plus Tripp et al.'s weighted retraining of the VAE
PEERS = ("graph_ga", "screening", "prior")


class UnknownNameError(ValueError):
    """An unknown task or method name; the message lists the valid ones."""


def tasks() -> dict[str, MoleculeTask]:
    """Every task of the suite by name (GuacaMol's twenty, penalized logP raw and guarded)."""
    return {name: molecule_task(name) for name in molecule_task_names()}


def task(name: str) -> MoleculeTask:
    """The task called `name`; an error listing every valid name otherwise."""
    return molecule_task(name)


@lru_cache(maxsize=4)
def _model(path: str | None):
    from vae_opt.molecules.bundle import MoleculeModel  # Keras and SELFIES, through the model

    return MoleculeModel.load(path)


def model_loader(path: str | Path | None = None) -> Callable[[], object]:
    """A function loading the molecule VAE at `path` (default: the committed one), once."""
    return lambda: _model(str(path) if path else None)


def methods(model_path: str | Path | None = None, pool_size: int = DEFAULT_POOL_SIZE,
            pool_smiles: list[str] | None = None, pool: PoolSpec | None = None
            ) -> dict[str, Method]:
    """Every method of the suite by name, sharing one starting-pool recipe (`pool`, else
    `pool_size` draws or `pool_smiles`); the model is loaded on first use, so building this dict
    is cheap."""
    pool = pool or PoolSpec(pool_size, tuple(pool_smiles) if pool_smiles is not None else None)
    load = model_loader(model_path)
    found: dict[str, Method] = {
        name: LatentBO(load, pool, name=name, **changes) for name, changes in BO_VARIANTS.items()}
    found[RETRAINING] = LatentBO(load, pool, name=RETRAINING,
                                 retraining=WeightedRetraining(model_path))
    found["graph_ga"] = GraphGA(pool)
    found["screening"] = Screening(pool)
    found["prior"] = PriorDraws(load, pool)
    return found


def method_names() -> tuple[str, ...]:
    """The names `methods()` offers, in order."""
    return (*BO_VARIANTS, RETRAINING, *PEERS)


def method(name: str, **options) -> Method:
    """The method called `name` (options as for `methods`); an error listing valid names."""
    if name not in method_names():
        raise UnknownNameError(f"unknown method {name!r}; choose one of: "
                               f"{', '.join(method_names())}")
    return methods(**options)[name]


def oracle(task_: MoleculeTask, budget: int, pool_size: int = 0) -> Oracle:
    """The budgeted oracle of one run, keyed by canonical SMILES; a PoolError when the budget
    cannot even score the starting pool."""
    if not isinstance(budget, int) or budget < 1:
        raise ValueError(f"budget must be a positive number of oracle calls, got {budget!r}")
    if budget < pool_size:
        raise PoolError(f"the budget ({budget} calls) is smaller than the starting pool "
                        f"({pool_size} molecules); raise the budget or shrink the pool")
    return Oracle(task_, budget, key=oracle_key)

