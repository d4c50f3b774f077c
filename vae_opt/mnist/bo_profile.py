"""Where a BO run's time goes: the GP fits, the acquisition's optimisation, the objective.

Timers wrap GPyOpt's model update (the GP's hyper-parameter fit, with its restarts), its
proposal step (anchor points, then L-BFGS on the acquisition) and the objective; the rest of a
run ("other": building GPyOpt's optimizer at every step, the initial design, bookkeeping) is
the difference from the run's wall time. Counts of GP predictions and acquisition evaluations
do not depend on the machine's load, which on a shared machine moves the seconds.

The suite ``bo-profile`` of ``vae-opt bench`` (its methods: the candidates of ``candidates``):

    vae-opt bench bo-profile --method blog base ei fast recommended --seed 0 1
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from typing import Iterator

import numpy as np

from vae_opt.bench.protocol import Oracle
from vae_opt.mnist.bench_methods import OracleObjective, bo_iterations
from vae_opt.mnist.candidates import CANDIDATES
from vae_opt.optimization import gpyopt_backend as backend
from vae_opt.optimization import optimize
from vae_opt.optimization.space import declared_space

PARTS = ("gp_fit", "acquisition", "objective", "other")
COUNTS = ("gp_fits", "proposals", "acquisition_evaluations", "gp_predictions")


@contextlib.contextmanager
def _timed(owner, name: str, seconds: dict, counts: dict, part: str | None,
            count: str | None) -> Iterator[None]:
    """Wrap owner.name: its calls add their time to seconds[part] and one to counts[count]."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            if part:
                seconds[part] += time.perf_counter() - start
            if count:
                counts[count] += 1

    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        setattr(owner, name, original)


class ProfiledBO:
    """BO with a candidate's settings, its time split into PARTS and its calls counted."""

    def __init__(self, name: str):
        self.name, self.settings = name, CANDIDATES[name]

    def run(self, oracle: Oracle, seed: int) -> None:
        GPyOpt = backend.gpyopt()
        from GPyOpt.acquisitions.base import AcquisitionBase  # GPyOpt, loaded by the backend
        from GPyOpt.models.gpmodel import GPModel

        task, objective = oracle.task, OracleObjective(oracle)
        seconds: dict = defaultdict(float)
        counts: dict = defaultdict(int)

        def timed_objective(t: np.ndarray) -> np.ndarray:
            start = time.perf_counter()
            try:
                return objective(t)
            finally:
                seconds["objective"] += time.perf_counter() - start

        bo_class = GPyOpt.methods.BayesianOptimization
        with contextlib.ExitStack() as stack:
            for owner, name, part, count in (
                    (bo_class, "_update_model", "gp_fit", "gp_fits"),
                    (bo_class, "_compute_next_evaluations", "acquisition", "proposals"),
                    (AcquisitionBase, "acquisition_function", None, "acquisition_evaluations"),
                    (AcquisitionBase, "acquisition_function_withGradients", None,
                     "acquisition_evaluations"),
                    (GPModel, "predict", None, "gp_predictions"),
                    (GPModel, "predict_withGradients", None, "gp_predictions")):
                stack.enter_context(_timed(owner, name, seconds, counts, part, count))
            start = time.perf_counter()
            space = declared_space(task.objective, task.dim, task.bounds)
            optimize(timed_objective, space=space, seed=seed, settings=self.settings,
                     max_iter=bo_iterations(oracle.budget, self.settings))
            wall = time.perf_counter() - start
        seconds["other"] = wall - sum(seconds[p] for p in PARTS if p != "other")
        oracle.notes.update(wall=wall, **{p: seconds[p] for p in PARTS},
                            **{c: counts[c] for c in COUNTS})


def describe(task, method: ProfiledBO, oracle: Oracle) -> dict:
    """A profiled run's fields: the candidate, its wall time, seconds per part and counts."""
    return {"candidate": method.name, "target": task.target, **oracle.notes}


def warm_up(models) -> None:
    """One short BO run, so that TensorFlow's and GPyOpt's first-call costs fall on no run."""
    optimize(models.objective(0), bounds=(-4.0, 4.0), settings="blog", max_iter=2)


def table(rows: list[dict]) -> str:
    """Means per candidate as a Markdown table: seconds per part and counts per run."""
    lines = ["| candidate | runs | s/run | GP fit | acquisition | objective | other | GP fits "
             "| acquisition evaluations | GPy predictions |", "|" + "---|" * 10]
    for name in dict.fromkeys(r["candidate"] for r in rows):
        mine = [r for r in rows if r["candidate"] == name]  # results lines of bo-profile

        def mean(key: str) -> float:
            return float(np.mean([r[key] for r in mine]))

        wall = mean("wall")
        parts = " | ".join(f"{mean(p):.2f} ({100 * mean(p) / wall:.0f} %)" for p in PARTS)
        predictions = ("in NumPy" if CANDIDATES[name].fast_predictions
                       else f"{mean('gp_predictions'):.0f}")  # not GPy's: not counted
        lines.append(f"| {name} | {len(mine)} | {wall:.2f} | {parts} | {mean('gp_fits'):.0f} | "
                     f"{mean('acquisition_evaluations'):.0f} | {predictions} |")
    return "\n".join(lines) + "\n"
