"""A toy suite (a parabola, random search) registered for the harness's tests."""

from __future__ import annotations

import numpy as np
import pytest

from vae_opt.bench import registry
from vae_opt.bench.registry import Plan, Suite


class Parabola:
    """f(x) = (x - centre)^2 on [-1, 1], minimised; counts its score calls."""

    direction = "minimize"

    def __init__(self, name: str, centre: float):
        self.name, self.centre, self.scored = name, centre, 0

    def score(self, candidates):
        self.scored += len(candidates)
        return [(float(x) - self.centre) ** 2 for x in candidates]


class RandomSearch:
    """Uniform draws, one call at a time, until the budget is spent."""

    name = "random"

    def run(self, oracle, seed):
        rng = np.random.default_rng(seed)
        while oracle.left:
            oracle([rng.uniform(-1, 1)])


class Greedy:
    """Asks for more candidates than the budget holds in its last call (the oracle refuses)."""

    name = "greedy"

    def run(self, oracle, seed):
        oracle([0.0] * (oracle.budget - 1))
        oracle([0.1, 0.2])


TASKS = {"left": -0.5, "right": 0.5}
METHODS = {"random": RandomSearch, "greedy": Greedy}


def toy_suite(name: str = "toy") -> Suite:
    built: list[Parabola] = []

    def make_task(task: str) -> Parabola:
        built.append(Parabola(task, TASKS[task]))
        return built[-1]

    suite = Suite(name=name, description="a parabola per task, random search",
                  tasks=tuple(TASKS), methods=tuple(METHODS), make_task=make_task,
                  make_method=lambda m: METHODS[m](),
                  full=Plan(tuple(TASKS), ("random",), (0, 1, 2), 20),
                  quick=Plan(("left",), ("random",), (0,), {"left": 5, "right": 7}),
                  describe=lambda task, method, oracle: {"centre": task.centre})
    object.__setattr__(suite, "built", built)  # the tasks it made, for the tests
    return suite


@pytest.fixture
def toy(monkeypatch):
    """The toy suite, registered as 'toy' for one test."""
    registry.discover()
    suite = toy_suite()
    monkeypatch.setitem(registry._SUITES, "toy", suite)
    return suite
