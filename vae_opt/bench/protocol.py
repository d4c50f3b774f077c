"""The experiment harness's contract: a Task scores candidates through a budgeted Oracle, and a
Method spends that budget. Every benchmark (MNIST BO and its peers, latent dimensions, campaign
batches, molecules on GuacaMol) is a set of (task, method, seed, budget) runs over these three.

The oracle, not the method, counts calls and keeps them in order, so that best-so-far curves,
top-k means and AUCs are computed the same way for every method.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Protocol, Sequence

Direction = Literal["maximize", "minimize"]


class BudgetExhausted(RuntimeError):
    """A method asked for more calls than its budget holds."""


class Task(Protocol):
    """A black box to optimize: `score` maps candidates to values (one call each)."""

    name: str
    direction: Direction

    def score(self, candidates: Sequence[Any]) -> list[float]: ...


@dataclass
class Call:
    """One oracle call: the candidate, its value and the wall-clock second it returned at."""

    candidate: Any
    value: float
    at_seconds: float


@dataclass
class Oracle:
    """A task behind a budget: every scored candidate is one call, recorded in order.

    `key` maps a candidate to its identity (e.g. canonical SMILES); `distinct` counts identities,
    so a method that spends two calls on one molecule is visible in the results. `notes` is
    what a method tells the suite about its run beyond its calls (e.g. its own ranking of the
    candidates, the settings it resolved); a suite's `describe` may read it."""

    task: Task
    budget: int
    key: Callable[[Any], Any] = repr
    calls: list[Call] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    notes: dict = field(default_factory=dict)

    @property
    def left(self) -> int:
        return self.budget - len(self.calls)

    def __call__(self, candidates: Sequence[Any]) -> list[float]:
        """Score candidates, charging one call each; BudgetExhausted if they do not fit."""
        candidates = list(candidates)
        if len(candidates) > self.left:
            raise BudgetExhausted(f"{len(candidates)} candidates asked for, {self.left} calls left "
                                  f"of {self.budget}")
        values = [float(v) for v in self.task.score(candidates)]
        now = time.perf_counter() - self.started
        self.calls += [Call(c, v, now) for c, v in zip(candidates, values)]
        return values

    @property
    def distinct(self) -> int:
        return len({self.key(c.candidate) for c in self.calls})


class Method(Protocol):
    """An optimizer under test: spends (at most) the oracle's budget, seeded by `seed`."""

    name: str

    def run(self, oracle: Oracle, seed: int) -> None: ...
