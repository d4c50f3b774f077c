"""One experiment harness: every benchmark is a suite of (task, method, seed, budget) runs.

* ``protocol``: a Task scores candidates through a budgeted Oracle; a Method spends the budget.
* ``metrics``: best, top-k mean and PMO's top-k AUC of a run's calls.
* ``registry``: suites by name. To add one from a domain package, write
  ``vae_opt/<domain>/suites.py`` (found and imported on first use; nothing in the harness
  changes)::

      from vae_opt.bench.registry import Plan, Suite, register

      register(Suite(
          name="toy", description="what it measures",
          tasks=("sphere",), methods=("random",),
          make_task=lambda name: MyTask(name),        # built when its first run starts
          make_method=lambda name: MyMethod(name),
          full=Plan(tasks=("sphere",), methods=("random",), seeds=(0, 1, 2), budget=100),
          quick=Plan(tasks=("sphere",), methods=("random",), seeds=(0,), budget=10),
          describe=None,   # optional (task, method, oracle) -> extra fields of a results line
          report=None,     # optional (records, out_dir) -> {name: path}, tables and figures
          check=None))     # optional (task, method, budget) -> None; ValueError: refused

* ``results``: the one results format, a JSON-lines file (one line per finished run, keyed by
  suite/task/method/seed/budget), resumable; ``runner`` runs a suite; ``report`` the tables;
  ``cli``: ``vae-opt bench NAME``.
"""

from vae_opt.bench.protocol import BudgetExhausted, Method, Oracle, Task
from vae_opt.bench.registry import Plan, Suite, UnknownName, register, suite, suites

__all__ = ["BudgetExhausted", "Method", "Oracle", "Plan", "Suite", "Task", "UnknownName",
           "register", "suite", "suites"]
