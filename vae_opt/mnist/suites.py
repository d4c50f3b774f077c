"""The MNIST benchmark suites, registered with the harness (``vae-opt bench NAME``):

* ``mnist``: every target digit in the 2-d softmax model, BO (default settings; ``bo:NAME`` for
  any candidate of ``candidates``) against uniform random search, gradient search, the
  conditional VAE and the installed peers (skopt, botorch), 52 evaluations each;
* ``mnist-dims``: the same methods and prior draws in latent spaces of 2, 8 and 16 dimensions
  (tasks ``d8-digit-4``, ...), with budgets 52, 100, 150;
* ``campaign-batches``: a sequential campaign against batches of 4 and 8 (``bench_campaign``).

Importing this module loads no model; a task loads its model when its first run starts.
"""

from __future__ import annotations

import functools
import importlib.util

from vae_opt.bench.registry import Plan, Suite, register
from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.bench_config import (BENCHMARK, BENCHMARK_METHODS, DIMENSIONS, DIMENSIONS_QUICK,
                                        PEER_METHODS)
from vae_opt.mnist.config import NUM_CLASSES
from vae_opt.optimization.settings import bo_settings, default_settings
from vae_opt.mnist.candidates import CANDIDATES
from vae_opt.paths import model_path

DIGITS = tuple(f"digit-{d}" for d in range(NUM_CLASSES))
BO_METHODS = ("bo",) + tuple(f"bo:{name}" for name in CANDIDATES)
LATENT = ("random", "prior", "gradient", "cvae") + PEER_METHODS
PEER_MODULES = {"skopt": ("skopt",), "botorch": ("botorch", "torch")}


def installed(method: str) -> bool:
    """Whether a method's packages are installed (the peers need the `peers` extra)."""
    return all(importlib.util.find_spec(m) for m in PEER_MODULES.get(method, ()))


@functools.lru_cache(maxsize=None)
def models(kind: str = "softmax"):
    """The pretrained bundle of one VAE kind with the classifier, judge and CVAE, loaded once."""
    from vae_opt.mnist.pretrained import bundle  # TensorFlow

    return bundle(None if kind == "softmax" else model_path(kind))


@functools.lru_cache(maxsize=None)
def grid_minima() -> tuple[float, ...]:
    """The 2-d objective's minimum over the 0.05 grid of the box, per target (for regret)."""
    from vae_opt.mnist.bench_report import objective_minima  # TensorFlow

    return tuple(objective_minima(models().objective(0).log_probs, OPTIMIZATION.bounds))


def make_method(name: str):
    """A method by its registered name."""
    from vae_opt.mnist import bench_methods as m  # TensorFlow, GPyOpt

    if name.startswith("bo"):
        return m.BO(name, CANDIDATES[name[3:]] if ":" in name else None)
    if name in PEER_METHODS and not installed(name):
        raise ValueError(f"{name} is not installed: pip install -e '.[peers]' adds "
                         "scikit-optimize and BoTorch")
    return {"gradient": m.Gradient, "cvae": m.CVAE}.get(name, lambda: m.Search(name))()


def check_budget(task: str, method: str, budget: int) -> None:
    """A BO run must have an iteration after its initial points; refused before any run."""
    if not method.startswith("bo"):
        return
    dim = int(task[1:task.index("-")]) if task.startswith("d") and task[1].isdigit() else 2
    settings = CANDIDATES[method[3:]] if ":" in method else bo_settings(default_settings(dim))
    if budget <= settings.initial_points:
        raise ValueError(f"a budget of {budget} leaves BO ({settings.name}) no iteration after "
                         f"its {settings.initial_points} initial points ({task}, {method})")


def digit_task(name: str):
    """`digit-T` of the 2-d model, with the grid minimum as regret's reference."""
    from vae_opt.mnist.bench_methods import DigitTask  # TensorFlow

    target = int(name.rpartition("-")[2])
    return DigitTask(name, models(), target, grid_minima()[target])


def dims_task(name: str):
    """`dD-digit-T`: target T in the D-dimensional model (regret filled in by the report)."""
    from vae_opt.mnist.bench_methods import DigitTask  # TensorFlow
    from vae_opt.mnist.bench_report import reference_minimum  # TensorFlow

    dim, target = int(name[1:name.index("-")]), int(name.rpartition("-")[2])
    task = DigitTask(name, models(dict(DIMENSIONS.models)[dim]), target)
    task.reference = reference_minimum(task.models, target, DIMENSIONS)
    return task


def _describe(task, method, oracle) -> dict:
    from vae_opt.mnist.bench_methods import describe  # TensorFlow

    extra = describe(task, method, oracle)
    if hasattr(task, "reference"):
        extra["reference_gradient"] = task.reference
    return extra


def _report(name: str):
    def report(records, out_dir):
        from vae_opt.mnist import bench_report  # matplotlib

        return bench_report.REPORTS[name](records, out_dir)
    return report


DEFAULT_METHODS = tuple(m for m in BENCHMARK_METHODS + PEER_METHODS if installed(m))
QUICK_DIGITS = tuple(f"digit-{t}" for t in (4, 7))
DIMS_TASKS = tuple(f"d{d}-{digit}" for d, _ in DIMENSIONS.budgets for digit in DIGITS)


def _dims_plan(config, methods) -> Plan:
    """The plan of a dimension-benchmark config; a task outside it keeps the full budget."""
    tasks = tuple(f"d{d}-digit-{t}" for d, _ in config.budgets for t in config.targets)
    budget = {**dict(DIMENSIONS.budgets), **dict(config.budgets)}
    return Plan(tasks, methods, config.seeds,
                {task: budget[int(task[1:task.index("-")])] for task in DIMS_TASKS})


register(Suite(
    name="mnist", description="conditional generation of each digit: BO against random "
    "search, gradient search, the conditional VAE and other libraries' BO (2-d, 52 evaluations)",
    tasks=DIGITS, methods=BO_METHODS + LATENT, make_task=digit_task, make_method=make_method,
    full=Plan(DIGITS, DEFAULT_METHODS + ("bo:blog",), BENCHMARK.seeds, 52),
    quick=Plan(QUICK_DIGITS, BENCHMARK_METHODS, (0,), 52),
    describe=_describe, report=_report("mnist"), check=check_budget))

register(Suite(
    name="mnist-dims", description="BO against random search, prior draws, gradient search and "
    "the conditional VAE in latent spaces of 2, 8 and 16 dimensions (52, 100, 150 evaluations)",
    tasks=DIMS_TASKS, methods=BO_METHODS + LATENT, make_task=dims_task, make_method=make_method,
    full=_dims_plan(DIMENSIONS, DIMENSIONS.methods),
    quick=_dims_plan(DIMENSIONS_QUICK, DIMENSIONS_QUICK.methods),
    describe=_describe, report=_report("mnist-dims"), check=check_budget))


def campaign_task(name: str):
    """`digit-T` measured by a lab: -log p(T | decode(t)), regret against the grid minimum."""
    from vae_opt.mnist.bench_campaign import LabTask  # TensorFlow

    target = int(name.rpartition("-")[2])
    return LabTask(name, models(), target, grid_minima()[target])


def _campaign_describe(task, method, oracle) -> dict:
    from vae_opt.mnist.bench_campaign import describe  # TensorFlow

    return describe(task, method, oracle)


def _batches(name: str):
    from vae_opt.mnist.bench_campaign import Batches  # TensorFlow

    return Batches(name, int(name.rpartition("-")[2]))


BATCH_METHODS = tuple(f"batch-{b}" for b in (1, 4, 8))
register(Suite(
    name="campaign-batches", description="does measuring in batches cost quality? Sequential "
    "campaigns against batches of 4 and 8 (52 evaluations, settings recommended)",
    tasks=DIGITS, methods=BATCH_METHODS, make_task=campaign_task, make_method=_batches,
    full=Plan(DIGITS, BATCH_METHODS, BENCHMARK.seeds, 52),
    quick=Plan(("digit-4",), BATCH_METHODS, (0,), 52),
    describe=_campaign_describe, report=_report("campaign-batches")))


def profile_task(name: str):
    """`digit-T` of the 2-d model, after one warm-up run (first-call costs fall on none)."""
    from vae_opt.mnist.bo_profile import warm_up  # TensorFlow, GPyOpt

    task = digit_task(name)
    warm_up(task.models)
    return task


def _profiled(name: str):
    from vae_opt.mnist.bo_profile import ProfiledBO  # GPyOpt

    return ProfiledBO(name)


def _profile_describe(task, method, oracle) -> dict:
    from vae_opt.mnist.bo_profile import describe  # GPyOpt

    return describe(task, method, oracle)


PROFILE_DIGITS = tuple(f"digit-{t}" for t in (0, 3, 7))
register(Suite(
    name="bo-profile", description="where a BO run's time goes (GP fits, acquisition, objective, "
    "other) for each candidate setting, 52 evaluations of the 2-d objective",
    tasks=DIGITS, methods=tuple(CANDIDATES), make_task=profile_task, make_method=_profiled,
    full=Plan(PROFILE_DIGITS, ("blog", "base", "ei", "fast", "recommended"), (0, 1), 52),
    quick=Plan(("digit-3",), ("blog", "recommended"), (0,), 52),
    describe=_profile_describe, report=_report("bo-profile"),
    check=lambda task, method, budget: check_budget(task, f"bo:{method}", budget)))
