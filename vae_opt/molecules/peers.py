"""The peers of latent-space BO on the molecule suite, each a harness `Method` that scores the
same starting pool first and spends the rest of the same budget:

* ``Screening``: the best of N molecules of MOSES train (the pool, then more draws of the seed);
* ``PriorDraws``: t ~ N(0, I) decoded by the VAE, new valid molecules scored;
* ``GraphGA``: the Graph GA of the ``mol-ga`` package (Jensen 2019; Tripp's implementation),
  started from the scored pool.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from vae_opt.bench.protocol import Oracle
from vae_opt.molecules.ledger import Ledger
from vae_opt.molecules.pool import PoolSpec, moses_draw

HOW_TO_INSTALL_MOL_GA = ("mol-ga is not installed: pip install mol-ga==0.2.1 "
                         "(`make setup` does this)")


class MissingPackageError(ImportError):
    """An optional package a method needs is not installed; the message says how to install it."""


@dataclass
class Screening:
    """The best of `budget` MOSES train molecules: the pool, then further draws of the seed."""

    pool: PoolSpec = field(default_factory=PoolSpec)
    name: str = "screening"

    def run(self, oracle: Oracle, seed: int) -> None:
        ledger = Ledger(oracle)
        scored = self.pool.score(ledger, seed)
        if self.pool.continues_draw:  # the pool is the draw's prefix: continue the same draw
            rest = moses_draw(self.pool.size + ledger.left, seed)[self.pool.size:]
        else:
            rest = moses_draw(ledger.left, seed, skip=frozenset(scored))
        ledger.score(rest)


@dataclass
class PriorDraws:
    """Random draws t ~ N(0, I) from the VAE's prior, decoded; each new valid molecule is scored.

    Stops when the budget is spent or after `max_draws_per_call` x budget draws (a decoder that
    keeps returning known molecules cannot loop forever)."""

    load_model: Callable[[], object]
    pool: PoolSpec = field(default_factory=PoolSpec)
    batch: int = 100
    max_draws_per_call: int = 50
    name: str = "prior"

    def run(self, oracle: Oracle, seed: int) -> None:
        model = self.load_model()
        ledger = Ledger(oracle)
        self.pool.score(ledger, seed)
        rng = np.random.default_rng([seed, 3])
        draws = 0
        while ledger.left > 0 and draws < self.max_draws_per_call * oracle.budget:
            t = rng.standard_normal((self.batch, model.latent_dim))
            draws += self.batch
            ledger.score(model.decode(t))


class _Stop(Exception):
    """Raised inside mol-ga's scoring function once the budget is spent, to end the GA."""


@dataclass
class GraphGA:
    """mol-ga's default Graph GA from the scored pool: every offspring generation is scored
    through the ledger (a molecule is scored once), until the budget is spent.

    Population 120 and 70 offspring per generation are PMO's Graph GA settings (Gao et al. 2022)."""

    pool: PoolSpec = field(default_factory=PoolSpec)
    population_size: int = 120
    offspring_size: int = 70
    max_stale_generations: int = 50
    name: str = "graph_ga"

    def run(self, oracle: Oracle, seed: int) -> None:
        try:
            from mol_ga import default_ga  # optional: pip install mol-ga
        except ImportError as error:
            raise MissingPackageError(f"{HOW_TO_INSTALL_MOL_GA} ({error})") from None
        ledger = Ledger(oracle)
        scored = self.pool.score(ledger, seed)
        stale = [0]

        def scoring(smiles: list[str]) -> list[float]:
            if ledger.left <= 0 or stale[0] > self.max_stale_generations:
                raise _Stop
            before = len(oracle.calls)
            values = ledger.score(smiles)
            stale[0] = 0 if len(oracle.calls) > before else stale[0] + 1
            if ledger.left <= 0:  # the budget is spent: nothing the GA does next can be scored
                raise _Stop
            floor = min(ledger.known.values())  # finite: mol-ga takes quantiles of the scores
            return [v if v is not None else floor for v in values]

        try:
            default_ga(starting_population_smiles=list(scored), scoring_function=scoring,
                       max_generations=10 ** 6, offspring_size=self.offspring_size,
                       population_size=self.population_size, rng=random.Random(seed))
        except _Stop:
            pass
