"""The registry of benchmark suites: a suite names its tasks and methods, how to build each, and
its default plan (seeds, budget) in a full and a quick mode.

A domain registers its suites without touching the harness: it puts ``register(Suite(...))``
calls in a module ``vae_opt/<domain>/suites.py``, which ``suite()`` and ``suites()`` import on
first use (any other module may call ``register`` too, e.g. a test). Keep that module light:
it is imported whenever any suite is looked up, so heavy libraries belong in `make_task` and
`make_method`; if it raises ImportError (an optional extra missing) its suites are left out.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from vae_opt.bench.protocol import Method, Oracle, Task

SUITES_MODULE = "suites"  # vae_opt/<domain>/suites.py registers that domain's suites


class UnknownName(ValueError):
    """A suite, task or method name that is not registered; the message lists the valid ones."""


@dataclass(frozen=True)
class Plan:
    """What a suite runs when not told otherwise: tasks, methods, seeds and evaluations per run
    (an int for every task, or a mapping task -> budget)."""

    tasks: tuple[str, ...]
    methods: tuple[str, ...]
    seeds: tuple[int, ...]
    budget: int | Mapping[str, int]

    def budget_of(self, task: str) -> int:
        """The budget of one task's runs."""
        if isinstance(self.budget, int):
            return self.budget
        if task not in self.budget:
            raise ValueError(f"the plan names no budget for task {task!r}: give it a budget")
        return int(self.budget[task])


@dataclass(frozen=True)
class Suite:
    """A named benchmark: its tasks and methods (built on demand by name), its full and quick
    plans, and optionally `describe`, extra fields for a finished run's results line,
    `report`, which writes the suite's tables and figures from its results lines, and `check`,
    which refuses a (task, method, budget) run with a ValueError before any run starts."""

    name: str
    description: str
    tasks: tuple[str, ...]
    methods: tuple[str, ...]
    make_task: Callable[[str], Task]
    make_method: Callable[[str], Method]
    full: Plan
    quick: Plan
    describe: Callable[[Task, Method, Oracle], dict] | None = None
    report: Callable[[list[dict], Path], dict[str, Path]] | None = None
    check: Callable[[str, str, int], None] | None = None
    k: int = 10  # the k of the top-k mean and AUC in every results line

    def __post_init__(self) -> None:
        for plan in (self.full, self.quick):
            check_names(plan.tasks, self.tasks, f"task of suite {self.name!r}")
            check_names(plan.methods, self.methods, f"method of suite {self.name!r}")

    def plan(self, quick: bool = False) -> Plan:
        """The quick or the full plan."""
        return self.quick if quick else self.full


_SUITES: dict[str, Suite] = {}
_skipped: dict[str, str] = {}  # suites modules not imported: module -> why
_discovered = False


def register(suite: Suite, replace: bool = False) -> Suite:
    """Add a suite to the registry; a second suite of the same name is refused unless `replace`."""
    if suite.name in _SUITES and not replace:
        raise ValueError(f"a suite named {suite.name!r} is already registered")
    _SUITES[suite.name] = suite
    return suite


def discover() -> None:
    """Import every ``vae_opt/<package>/suites.py`` once, so that its suites register; one whose
    optional dependencies are missing (ImportError) is skipped and named in unknown-suite errors."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    _skipped.update(import_suites(Path(__file__).resolve().parents[1], "vae_opt"))


def import_suites(root: Path, package: str) -> dict[str, str]:
    """Import `package`.<sub>.suites for every root/<sub>/suites.py; {module: error} of those
    that raised ImportError."""
    skipped = {}
    for path in sorted(root.glob(f"*/{SUITES_MODULE}.py")):
        module = f"{package}.{path.parent.name}.{SUITES_MODULE}"
        try:
            importlib.import_module(module)
        except ImportError as error:
            skipped[module] = str(error)
    return skipped


def suites() -> dict[str, Suite]:
    """Every registered suite by name."""
    discover()
    return dict(_SUITES)


def suite(name: str) -> Suite:
    """The suite of this name; UnknownName lists the registered ones."""
    known = suites()
    try:
        check_names((name,), tuple(known), "suite")
    except UnknownName as error:
        skipped = "; ".join(f"{m} not loaded ({why})" for m, why in _skipped.items())
        raise UnknownName(f"{error}{'; ' + skipped if skipped else ''}") from None
    return known[name]


def check_names(names: tuple[str, ...], valid: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """`names` without repeats if every one is in `valid`; UnknownName lists the valid ones."""
    unknown = [n for n in names if n not in valid]
    if unknown:
        raise UnknownName(f"unknown {kind} {', '.join(map(repr, unknown))}; choose from "
                          f"{', '.join(valid) or '(none registered)'}")
    return tuple(dict.fromkeys(names))
