"""The starting pool every method of the molecule suite begins from: a seeded draw of molecules
from MOSES train (or a list given by the user), scored first and counted against the budget, as
in the PMO benchmark (Gao et al. 2022).

Tripp et al. (2020) instead pre-score a pool that is not charged: the best molecules of the
training data plus random others (2,000 + 8,000 of ZINC). ``PoolSpec(charged=False, best_of=N)``
is that recipe on MOSES: the best ``size // 5`` of ``N`` drawn molecules plus random others of
the draw, scored by the task outside the budget and known to the method as scored.

The draw is prefix-stable: ``moses_draw(n, seed)[:m] == moses_draw(m, seed)``, so screening's N
molecules begin with the pool of the same seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from vae_opt.molecules.data import read_moses
from vae_opt.molecules.ledger import Ledger
from vae_opt.molecules.properties import canonical, molecule

DEFAULT_POOL_SIZE = 100
_CHUNK = 1024
DRAW_STREAM = 19  # the seed stream of pools and screening; a pre-scored draw uses another
PRESCORED_STREAM = 23
_prescored: dict[tuple, tuple[list[str], list[float]]] = {}  # one run's methods share a pool


class PoolError(ValueError):
    """A starting pool that cannot be used: an invalid SMILES, or more molecules than budget."""


def moses_draw(n: int, seed: int, skip: frozenset[str] = frozenset(),
               stream: int = DRAW_STREAM) -> list[str]:
    """`n` distinct MOSES train SMILES drawn with default_rng([seed, stream]) in chunks
    (prefix-stable), leaving out those in `skip` (canonical SMILES)."""
    smiles = read_moses("train")
    if not 0 <= n <= len(smiles) - len(skip):
        raise ValueError(f"cannot draw {n} of {len(smiles)} MOSES train molecules")
    rng, seen, out = np.random.default_rng([seed, stream]), set(), []
    while len(out) < n:
        for i in rng.integers(0, len(smiles), size=_CHUNK):
            if i not in seen and len(out) < n:
                seen.add(i)
                if not skip or canonical(smiles[i]) not in skip:
                    out.append(smiles[i])
    return out


def check_pool(smiles: Sequence[str]) -> list[str]:
    """The pool as canonical SMILES (first occurrence kept); a PoolError naming the index and the
    string of the first one that is no molecule."""
    out: list[str] = []
    for i, s in enumerate(smiles):
        if not isinstance(s, str) or molecule(s) is None:
            raise PoolError(f"pool molecule {i} ({s!r}) is not a valid SMILES string")
        key = canonical(s)
        if key not in out:
            out.append(key)
    return out


@dataclass(frozen=True)
class PoolSpec:
    """How a run's starting pool is made: `smiles` if given, else `size` MOSES draws of the seed."""

    size: int = DEFAULT_POOL_SIZE
    smiles: tuple[str, ...] | None = None
    charged: bool = True
    best_of: int = 0

    def __post_init__(self):
        if self.best_of and (self.charged or self.smiles is not None or self.best_of < self.size):
            raise PoolError(f"a pool of the best of {self.best_of} draws is pre-scored: it needs "
                            f"charged=False, no given SMILES and best_of >= size ({self.size})")

    def molecules(self, seed: int) -> list[str]:
        """The pool of a seed, as canonical SMILES (a best-of pool needs the task: `score`)."""
        return check_pool(self.smiles if self.smiles is not None else moses_draw(self.size, seed))

    @property
    def continues_draw(self) -> bool:
        """Whether the pool is the prefix of the seed's MOSES draw (screening continues it)."""
        return self.smiles is None and not self.best_of

    def score(self, ledger: Ledger, seed: int) -> dict[str, float]:
        """Score the pool first: one call per molecule when charged (a PoolError if the budget is
        smaller), else by the task outside the budget, the values known to the ledger."""
        if not self.charged:
            pool, values = self._prescored(ledger.oracle.task, seed)
            ledger.preload(pool, values)
            return dict(zip(pool, values))
        pool = self.molecules(seed)
        if len(pool) > ledger.left:
            raise PoolError(f"the budget ({ledger.oracle.budget} calls, {ledger.left} left) is "
                            f"smaller than the starting pool ({len(pool)} molecules); raise the "
                            f"budget or shrink the pool")
        values = ledger.score(pool)
        return {s: v for s, v in zip(pool, values) if v is not None}

    def _prescored(self, task, seed: int) -> tuple[list[str], list[float]]:
        """The uncharged pool and its values: the best size // 5 of best_of draws plus random
        others (Tripp et al.), or the plain pool; cached for the other methods of a run."""
        key = (task.name, seed, self.size, self.best_of, self.smiles)
        if key not in _prescored:
            if not self.best_of:
                pool = self.molecules(seed)
                _prescored[key] = (pool, [float(v) for v in task.score(pool)])
            else:
                draw = check_pool(moses_draw(self.best_of, seed, stream=PRESCORED_STREAM))
                values = np.asarray(task.score(draw), dtype=float)
                order = np.argsort(-values)
                top, others = order[:self.size // 5], order[self.size // 5:]
                rng = np.random.default_rng([seed, PRESCORED_STREAM])
                keep = np.concatenate([top, rng.choice(others, self.size - len(top), False)])
                _prescored[key] = ([draw[i] for i in keep], [float(values[i]) for i in keep])
            while len(_prescored) > 4:
                _prescored.pop(next(iter(_prescored)))
        return _prescored[key]
