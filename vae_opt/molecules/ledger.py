"""What a method has scored, by canonical SMILES, in front of the budgeted oracle: a molecule is
sent to the oracle once (its known value is reused after), an invalid SMILES never (it costs no
call), and a batch is cut to the calls left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from vae_opt.bench.protocol import Oracle
from vae_opt.molecules.properties import canonical


@dataclass
class Ledger:
    """The oracle behind a cache: `known` maps canonical SMILES to the value the oracle gave.

    With ``dedupe=False`` a molecule scored before is sent again (the ablation's "off")."""

    oracle: Oracle
    dedupe: bool = True
    known: dict[str, float] = field(default_factory=dict)

    @property
    def left(self) -> int:
        return self.oracle.left

    def score(self, smiles: Sequence[str]) -> list[float | None]:
        """Values of `smiles` in order: known ones from the cache, new valid ones from the oracle
        (as many as calls are left, in order), None for invalid ones and for those cut off."""
        keys = [canonical(s) for s in smiles]
        new: list[str] = []
        for key in keys:
            if key and (not self.dedupe or (key not in self.known and key not in new)):
                new.append(key)
        new = new[:self.left]
        values = self.oracle(new) if new else []
        fresh = dict(zip(new, values))
        self.known.update(fresh)
        out: list[float | None] = []
        for key in keys:
            out.append(fresh.get(key, self.known.get(key)) if key else None)
        return out

    def preload(self, smiles: Sequence[str], values: Sequence[float]) -> None:
        """Make molecules known with values scored outside the budget (an uncharged pool)."""
        self.known.update({canonical(s): float(v) for s, v in zip(smiles, values)})

    def score_new(self, smiles: Sequence[str]) -> dict[str, float]:
        """Score and return only the molecules that cost a call now (canonical SMILES -> value)."""
        before = len(self.oracle.calls)
        self.score(smiles)
        return {c.candidate: c.value for c in self.oracle.calls[before:]}

    def is_new(self, smiles: str) -> bool:
        """Whether scoring `smiles` would cost a call (valid and not known, or dedupe off)."""
        key = canonical(smiles)
        return bool(key) and (not self.dedupe or key not in self.known)
