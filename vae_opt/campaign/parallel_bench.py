"""Speed-up and regret of campaign runs on 1, 2, 4 Dask workers against the sequential loop:
the suite ``campaign-workers`` of ``vae-opt bench`` (registered in ``vae_opt.campaign.suites``).

The task is the Branin function mapped onto the box (minimum 0.397887), measured by a lab that
takes `seconds` per evaluation (task ``branin-1s``: 1 s). The method ``sequential`` is the
in-process loop (``campaign.run``, batch 1), ``workers-N`` a LocalCluster of N worker processes
(``run_parallel``); every campaign is 2-d with prior weight 0. The workers' measurements are
told to the oracle in the campaign's order once the campaign is done (the oracle lives in this
process; the task's Branin, without the wait, gives the same values). The report gives, per
method, the mean wall-clock time, the speed-up over sequential and the mean regret.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vae_opt.campaign.campaign import Campaign
from vae_opt.campaign.parallel import connect, run_parallel

BRANIN_MIN = 0.397887


class Sleepy:
    """Branin mapped from [low, high]^2, after sleeping `seconds`; a picklable objective.

    ``die_once``: a file path; the first call that finds it missing creates it and kills its
    process (os._exit), as a worker that crashes mid-evaluation would.
    """

    def __init__(self, seconds: float, bounds=(-4.0, 4.0), die_once: str | None = None):
        self.seconds, self.bounds, self.die_once = seconds, tuple(bounds), die_once

    def __call__(self, t: np.ndarray) -> np.ndarray:
        if self.die_once is not None and not os.path.exists(self.die_once):
            Path(self.die_once).touch()
            os._exit(1)
        time.sleep(self.seconds * len(t))
        low, high = self.bounds
        u = (np.asarray(t, dtype=np.float64) - low) / (high - low)
        x1, x2 = 15 * u[:, 0] - 5, 15 * u[:, 1]
        return ((x2 - 5.1 / (4 * np.pi ** 2) * x1 ** 2 + 5 / np.pi * x1 - 6) ** 2
                + 10 * (1 - 1 / (8 * np.pi)) * np.cos(x1) + 10)


@dataclass
class Branin:
    """Branin on the box, measured by a lab that waits `seconds` per evaluation."""

    name: str
    seconds: float
    direction: str = "minimize"

    def score(self, candidates: list) -> list[float]:
        """Branin at each 2-d point (the wait is the method's: its workers sleep)."""
        return Sleepy(0.0)(np.stack(candidates)).tolist()


@dataclass
class Workers:
    """A campaign measured by `workers` Dask worker processes (0: the sequential loop)."""

    name: str
    workers: int

    def run(self, oracle, seed: int) -> None:
        objective = Sleepy(oracle.task.seconds)
        with tempfile.TemporaryDirectory(prefix="vae-opt-bench-workers-") as folder, \
                Campaign.create(Path(folder) / "c.db", dim=2, seed=seed,
                                prior_weight=0.0) as campaign:
            client = connect(self.workers) if self.workers else None
            try:
                if client is not None:
                    client.submit(Sleepy(0.0), np.zeros((1, 2))).result()  # workers up and warm
                start = time.perf_counter()
                if client is None:
                    campaign.run(objective, oracle.budget, batch=1, progress=False)
                else:
                    run_parallel(campaign, objective, oracle.budget, client, progress=False)
                oracle.notes["wall_s"] = time.perf_counter() - start
            finally:
                if client is not None:
                    cluster = client.cluster
                    client.close()
                    cluster.close()
            oracle([p.t for p in campaign.history()][:oracle.budget])


def describe(task: Branin, method: Workers, oracle) -> dict:
    """The workers, the campaign's wall-clock seconds and the regret of a finished run."""
    return {"workers": method.workers, "wall_s": oracle.notes["wall_s"],
            "regret": min(c.value for c in oracle.calls) - BRANIN_MIN}


def summary_markdown(records: list[dict]) -> str:
    """Per method: mean wall-clock, speed-up over the sequential loop, mean regret."""
    task = records[0]["task"]
    seeds = sorted({r["seed"] for r in records})
    by = {m: [r for r in records if r["method"] == m]
          for m in sorted({r["method"] for r in records}, key=lambda m: (m != "sequential", m))}
    wall = {m: float(np.mean([r["wall_s"] for r in mine])) for m, mine in by.items()}
    base = wall.get("sequential", float("nan"))
    lines = [f"{records[0]['budget']} evaluations of task {task}, seeds {seeds}, "
             f"{os.cpu_count()} cores", "",
             "| mode | mean wall-clock (s) | speed-up | mean regret |", "|---|---|---|---|"]
    for m, mine in by.items():
        name = ("sequential (campaign.run)" if m == "sequential"
                else f"Dask, {mine[0]['workers']} worker(s)")
        lines.append(f"| {name} | {wall[m]:.1f} | {base / wall[m]:.2f}x | "
                     f"{np.mean([r['regret'] for r in mine]):.4f} |")
    return "\n".join(lines) + "\n"
