"""The starting pool every method of the molecule suite begins from: a seeded draw of molecules
from MOSES train (or a list given by the user), scored first and counted against the budget, as
in the PMO benchmark (Gao et al. 2022).

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


class PoolError(ValueError):
    """A starting pool that cannot be used: an invalid SMILES, or more molecules than budget."""


def moses_draw(n: int, seed: int, skip: frozenset[str] = frozenset()) -> list[str]:
    """`n` distinct MOSES train SMILES drawn with default_rng([seed, 19]) in chunks (prefix-stable),
    leaving out those in `skip` (canonical SMILES)."""
    smiles = read_moses("train")
    if not 0 <= n <= len(smiles) - len(skip):
        raise ValueError(f"cannot draw {n} of {len(smiles)} MOSES train molecules")
    rng, seen, out = np.random.default_rng([seed, 19]), set(), []
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

    def molecules(self, seed: int) -> list[str]:
        """The pool of a seed, as canonical SMILES."""
        return check_pool(self.smiles if self.smiles is not None else moses_draw(self.size, seed))

    def score(self, ledger: Ledger, seed: int) -> dict[str, float]:
        """Score the pool first (one call per molecule); a PoolError if the budget is smaller."""
        pool = self.molecules(seed)
        if len(pool) > ledger.left:
            raise PoolError(f"the budget ({ledger.oracle.budget} calls, {ledger.left} left) is "
                            f"smaller than the starting pool ({len(pool)} molecules); raise the "
                            f"budget or shrink the pool")
        values = ledger.score(pool)
        return {s: v for s, v in zip(pool, values) if v is not None}
