"""Running a suite: every (task, method, seed) of its plan at its budget, each finished run
appended to the results file at once, runs already there skipped (so a benchmark resumes)."""

from __future__ import annotations

import fnmatch
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence, TextIO

from vae_opt.bench.metrics import summary
from vae_opt.bench.protocol import BudgetExhausted, Method, Oracle, Task
from vae_opt.bench.registry import Plan, Suite, check_names
from vae_opt.bench.results import ResultsFile


@dataclass(frozen=True)
class Selection:
    """The runs asked for: the plan's, narrowed by the options given (None: the plan's)."""

    tasks: Sequence[str] | None = None
    methods: Sequence[str] | None = None
    seeds: Sequence[int] | None = None
    budget: int | None = None
    quick: bool = False


def expand(names: Sequence[str], valid: Sequence[str]) -> tuple[str, ...]:
    """Names with shell-style patterns ('d8-*') replaced by the valid names they match; a
    pattern that matches none stays, to be refused as unknown."""
    out: list[str] = []
    for name in names:
        pattern = bool(set("*?[") & set(name))
        matched = [v for v in valid if fnmatch.fnmatchcase(v, name)] if pattern else []
        out += matched or [name]
    return tuple(out)


def resolve(suite: Suite, selection: Selection) -> tuple[Plan, list[tuple[str, str, int, int]]]:
    """The plan and its runs as (task, method, seed, budget), names checked against the suite."""
    plan = suite.plan(selection.quick)
    tasks = check_names(expand(selection.tasks or plan.tasks, suite.tasks), suite.tasks,
                        f"task of suite {suite.name!r}")
    methods = check_names(tuple(selection.methods or plan.methods), suite.methods,
                          f"method of suite {suite.name!r}")
    seeds = tuple(dict.fromkeys(plan.seeds if selection.seeds is None else selection.seeds))
    if not all(isinstance(s, int) and s >= 0 for s in seeds):
        raise ValueError(f"seeds must be integers >= 0, got {', '.join(map(str, seeds))}")
    if selection.budget is not None and selection.budget < 1:
        raise ValueError(f"the budget must be at least 1, got {selection.budget}")
    runs = [(task, method, seed, selection.budget or plan.budget_of(task))
            for task in tasks for seed in seeds for method in methods]
    if suite.check is not None:
        for task, method, budget in dict.fromkeys((t, m, b) for t, m, _, b in runs):
            suite.check(task, method, budget)
    return plan, runs


def run_one(suite: Suite, task: Task, method: Method, seed: int, budget: int) -> dict:
    """One method on one task with one seed: its results record (not yet written)."""
    oracle = Oracle(task, budget)
    start = time.perf_counter()
    try:
        method.run(oracle, seed)
    except BudgetExhausted:
        pass  # the calls made within the budget count; the record says how many
    seconds = time.perf_counter() - start
    values = [c.value for c in oracle.calls]
    record = {"suite": suite.name, "task": task.name, "method": method.name, "seed": seed,
              "budget": budget, "direction": task.direction, "seconds": seconds,
              **summary(values, budget, task.direction, suite.k), "distinct": oracle.distinct,
              "values": values}
    if suite.describe is not None:
        record.update(suite.describe(task, method, oracle))
    return record


def _line(record: dict, done: int, total: int) -> str:
    """A progress line for one finished run."""
    best = record.get("best")
    best = "n/a" if best is None or best != best else f"{best:.4g}"
    return (f"[bench {record['suite']}] {done}/{total} {record['task']} {record['method']} "
            f"seed {record['seed']}: best {best} in {record['calls']} calls, "
            f"{record['seconds']:.1f} s")


def run_suite(suite: Suite, results_path: str | Path, selection: Selection = Selection(),
              stream: TextIO | None = None) -> list[dict]:
    """Run the selected runs that the results file does not hold yet, appending each as it
    finishes; returns every record of this suite in the file afterwards."""
    stream = stream or sys.stderr
    _, runs = resolve(suite, selection)
    results = ResultsFile(results_path)
    done = results.done()
    todo = [r for r in runs if (suite.name, *r) not in done]
    if len(todo) < len(runs):
        print(f"[bench {suite.name}] {len(runs) - len(todo)} of {len(runs)} runs already in "
              f"{results.path}: skipped", file=stream, flush=True)
    tasks: dict[str, Task] = {}
    for n, (task_name, method_name, seed, budget) in enumerate(todo, 1):
        if task_name not in tasks:  # building one may load models or compute a reference
            print(f"[bench {suite.name}] setting up task {task_name}", file=stream, flush=True)
            tasks[task_name] = suite.make_task(task_name)
        record = run_one(suite, tasks[task_name], suite.make_method(method_name), seed, budget)
        record["task"], record["method"] = task_name, method_name  # the registered names
        record = results.append(record)
        print(_line(record, n, len(todo)), file=stream, flush=True)
    return [r for r in results.read() if r["suite"] == suite.name]
