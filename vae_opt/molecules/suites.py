"""The molecule suite of ``vae-opt bench``: ``molecules``, latent-space BO and its ablations
against Graph GA, screening of MOSES train and prior draws, on GuacaMol's goal-directed tasks and
penalized logP (raw and size-guarded), every run from the same scored starting pool.

    vae-opt bench molecules --out docs/molecules/benchmark          # the full plan (resumes)
    vae-opt bench molecules --quick --out /tmp/molecules            # 1 task x 1 seed x 50 calls
    vae-opt bench molecules --task perindopril_mpo --method bo --seed 0 --budget 500 --json r.jsonl

The starting pool is ``POOL_SIZE`` MOSES train molecules for a budget of at least
``2 * POOL_SIZE`` calls, ``SMALL_POOL_SIZE`` below that (the quick mode); it counts against the
budget (PMO), and a budget smaller than the pool is refused before any run starts.

Importing this module loads nothing heavy: RDKit, GuacaMol, SciPy and the model load when a run
starts (vae_opt.molecules.suite).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from vae_opt.bench.protocol import Oracle
from vae_opt.bench.registry import Plan, Suite, register
from vae_opt.molecules.adapters import molecule_task
from vae_opt.molecules.pool import PoolSpec

# GuacaMol's goal-directed suite v2 by slug (vae_opt.molecules.tasks; a test checks the list
# against the installed package), then penalized logP raw and size-guarded.
GUACAMOL_TASKS = (
    "celecoxib_rediscovery", "troglitazone_rediscovery", "thiothixene_rediscovery",
    "aripiprazole_similarity", "albuterol_similarity", "mestranol_similarity", "c11h24",
    "c9h10n2o2pf2cl", "median_molecules_1", "median_molecules_2", "osimertinib_mpo",
    "fexofenadine_mpo", "ranolazine_mpo", "perindopril_mpo", "amlodipine_mpo", "sitagliptin_mpo",
    "zaleplon_mpo", "valsartan_smarts", "deco_hop", "scaffold_hop")
OWN_TASKS = ("penalized_logp", "penalized_logp_guarded")
TASKS = GUACAMOL_TASKS + OWN_TASKS
MPO_TASKS = tuple(t for t in GUACAMOL_TASKS if t.endswith("_mpo"))
FULL_TASKS = MPO_TASKS + ("celecoxib_rediscovery", "albuterol_similarity",
                          "penalized_logp_guarded")
BO_METHODS = ("bo", "bo_no_warm_start", "bo_prior_shell", "bo_no_region", "bo_batch_1",
              "bo_no_dedupe", "bo_weighted_retraining")
PEERS = ("graph_ga", "screening", "prior")
METHODS = BO_METHODS + PEERS
# The full plan is the main comparison; the ablation runs on two tasks by --method (the
# Makefile's benchmark-molecules), except bo_batch_1: ten times the GP iterations.
FULL_METHODS = ("bo",) + PEERS
QUICK_METHODS = ("bo", "graph_ga", "screening", "prior")
POOL_SIZE = 100
# Tripp et al. 2020's protocol on penalized logP: 500 calls after a pool that is not charged,
# their 2,000 best + 8,000 random of ZINC as the best fifth of 20,000 MOSES draws + the rest.
TRIPP_TASKS = ("penalized_logp", "penalized_logp_guarded")
TRIPP_METHODS = ("bo", "bo_weighted_retraining", "bo_no_warm_start", "graph_ga", "screening",
                 "prior")
TRIPP_BUDGET = 500
TRIPP_POOL = (10_000, 20_000)
SMALL_TRIPP_POOL = (100, 200)
TRIPP_TARGET = 5.71  # plain latent-space BO in Tripp et al. 2020 (+- 0.29)
SMALL_POOL_SIZE = 10
FULL_BUDGET = 1000
QUICK_BUDGET = 50
# Optional packages: (module, how to install it) per task or method that needs it.
GUACAMOL = ("guacamol", "pip install --no-deps guacamol==0.5.5 && pip install tqdm joblib")
MOL_GA = ("mol_ga", "pip install mol-ga==0.2.1")


class MissingPackage(ValueError):
    """An optional package a chosen task or method needs is not installed; says how to install."""


def pool_size(budget: int) -> int:
    """The starting pool of a run with this budget: POOL_SIZE, SMALL_POOL_SIZE below 2 x that."""
    return POOL_SIZE if budget >= 2 * POOL_SIZE else SMALL_POOL_SIZE


def needs(task: str, method: str) -> list[tuple[str, str]]:
    """The optional packages, as (module, install command), that a run of task and method needs."""
    return ([GUACAMOL] if task in GUACAMOL_TASKS else []) + ([MOL_GA] if method == "graph_ga"
                                                             else [])


def check(task: str, method: str, budget: int) -> None:
    """Refuse a run before any starts: a missing optional package, or a budget below the pool."""
    for module, install in needs(task, method):
        if importlib.util.find_spec(module) is None:
            raise MissingPackage(f"{task} / {method} needs the package {module!r}, which is not "
                                 f"installed: {install} (`make setup` installs it)")
    if budget < pool_size(budget):
        raise ValueError(f"the budget ({budget} calls) is smaller than the starting pool "
                         f"({pool_size(budget)} molecules, scored first and counted); give a "
                         f"budget of at least {pool_size(budget)}")


def tripp_pool(budget: int) -> tuple[int, int]:
    """Tripp's pre-scored pool for a budget: (size, drawn), the best fifth of `drawn` MOSES train
    molecules plus random others; TRIPP_POOL below TRIPP_BUDGET calls, SMALL_TRIPP_POOL below."""
    return TRIPP_POOL if budget >= TRIPP_BUDGET else SMALL_TRIPP_POOL


def check_tripp(task: str, method: str, budget: int) -> None:
    """Refuse a run of the Tripp protocol before any starts: a missing optional package."""
    check(task, method, max(budget, POOL_SIZE * 2))  # the pool is not charged: any budget


def make_task(name: str):
    """The task called `name`, scored by GuacaMol's own functions or RDKit."""
    return molecule_task(name)


@dataclass
class PooledMethod:
    """A suite method whose starting pool follows the run's budget and protocol: "pmo", a pool
    of ``pool_size(budget)`` draws charged to the budget, or "tripp", a pre-scored pool of
    ``tripp_pool(budget)`` not charged (Tripp et al. 2020). After a run, `inner` is the method
    that ran, with its pool, timings and diagnostics."""

    name: str
    model_path: str | None = None
    protocol: str = "pmo"
    inner: object = field(default=None, repr=False)

    def run(self, oracle: Oracle, seed: int) -> None:
        """Build the method with the protocol's pool and run it."""
        from vae_opt.molecules import suite  # SciPy, RDKit; the model loads on first use

        if self.protocol == "tripp":
            size, best_of = tripp_pool(oracle.budget)
            pool = PoolSpec(size, charged=False, best_of=best_of)
        else:
            pool = PoolSpec(pool_size(oracle.budget))
        self.inner = suite.methods(self.model_path, pool=pool)[self.name]
        self.inner.run(oracle, seed)


def describe(task, method: PooledMethod, oracle: Oracle) -> dict:
    """The molecule fields of a results line: pool size and whether it was charged, scored
    SMILES in call order (beside the harness's `values`), BO seconds per iteration, diagnostics."""
    seconds = list(getattr(method.inner, "seconds_per_iteration", []) or [])
    pool = method.inner.pool
    return {"pool": pool.size, "pool_charged": pool.charged,
            "smiles": [c.candidate for c in oracle.calls], "iterations": len(seconds),
            "seconds_per_iteration": sum(seconds) / len(seconds) if seconds else None,
            "seconds_per_iteration_max": max(seconds) if seconds else None,
            "diagnostics": dict(getattr(method.inner, "diagnostics", {}) or {})}


def report(records: list[dict], out_dir: Path) -> dict[str, Path]:
    """runs.csv, summary.md (paired comparisons) and a best-so-far figure per task."""
    from vae_opt.molecules.bench_report import write_report  # SciPy, matplotlib

    return write_report(records, out_dir)


register(Suite(
    name="molecules", description="latent-space BO (and its ablations) against Graph GA, "
    "screening of MOSES train and prior draws on GuacaMol's goal-directed tasks and penalized "
    "logP; every method scores the same starting pool first, within the same budget",
    tasks=TASKS, methods=METHODS, make_task=make_task, make_method=PooledMethod,
    full=Plan(FULL_TASKS, FULL_METHODS, (0, 1, 2, 3, 4), FULL_BUDGET),
    quick=Plan(("penalized_logp_guarded",), QUICK_METHODS, (0,), QUICK_BUDGET),
    describe=describe, report=report, check=check))

register(Suite(
    name="molecules-tripp", description="Tripp et al. 2020's protocol: penalized logP in 500 "
    "calls after a pre-scored pool that is not charged (the best 2,000 of 20,000 MOSES draws "
    "plus 8,000 others); latent-space BO against Graph GA, screening and prior draws",
    tasks=TRIPP_TASKS, methods=TRIPP_METHODS, make_task=make_task,
    make_method=lambda name: PooledMethod(name, protocol="tripp"),
    full=Plan(TRIPP_TASKS, TRIPP_METHODS, (0, 1, 2, 3, 4), TRIPP_BUDGET),
    quick=Plan(("penalized_logp",), ("bo", "screening"), (0,), 20),
    describe=describe, report=report, check=check_tripp))
