"""Speed-up and regret of campaign runs on 1, 2, 4 Dask workers against the sequential loop.

``python -m vae_opt.campaign.parallel_bench --evaluations 20 --seconds 1 --workers 1 2 4
--seeds 0 1 2`` measures the same campaign (2-d, the Branin function mapped onto the box, minimum
0.397887, prior weight 0) with an objective that sleeps ``--seconds`` per evaluation: once with
the sequential in-process loop (``campaign.run``, batch 1), then on a LocalCluster of N worker
processes (``run_parallel``). It prints, per mode, the mean wall-clock time, the speed-up over
sequential, and the mean regret (best value - minimum) after the same number of evaluations.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

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


def one_run(folder: Path, seed: int, evaluations: int, seconds: float, workers: int) -> dict:
    """One campaign of `evaluations` evaluations: workers 0 = the sequential loop."""
    from vae_opt.campaign import Campaign
    from vae_opt.campaign.parallel import connect, run_parallel

    path = folder / f"seed{seed}-workers{workers}.db"
    objective = Sleepy(seconds)
    with Campaign.create(path, dim=2, seed=seed, prior_weight=0.0) as campaign:
        client = connect(workers) if workers else None
        try:
            if client is not None:
                client.submit(Sleepy(0.0), np.zeros((1, 2))).result()  # workers up and warm
            start = time.perf_counter()
            if client is None:
                campaign.run(objective, evaluations, batch=1, progress=False)
            else:
                run_parallel(campaign, objective, evaluations, client, progress=False)
            wall = time.perf_counter() - start
        finally:
            if client is not None:
                cluster = client.cluster
                client.close()
                cluster.close()
        values = [p.value for p in campaign.history()][:evaluations]
    return {"seed": seed, "workers": workers, "evaluations": len(values), "wall_s": wall,
            "regret": min(values) - BRANIN_MIN}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vae_opt.campaign.parallel_bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--evaluations", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--json", type=Path, help="also write every run here")
    args = parser.parse_args(argv)
    if args.evaluations < 1 or args.seconds < 0 or min(args.workers) < 1:
        parser.error("--evaluations and --workers must be positive, --seconds not negative")
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in args.seeds:
            for workers in [0, *args.workers]:
                runs.append(one_run(Path(folder), seed, args.evaluations, args.seconds, workers))
                print(json.dumps(runs[-1]), file=sys.stderr, flush=True)
    base = np.mean([r["wall_s"] for r in runs if r["workers"] == 0])
    print(f"{args.evaluations} evaluations of {args.seconds:g} s each, seeds {args.seeds}, "
          f"{os.cpu_count()} cores")
    print("| mode | mean wall-clock (s) | speed-up | mean regret |")
    print("|---|---|---|---|")
    for workers in [0, *args.workers]:
        mine = [r for r in runs if r["workers"] == workers]
        wall = np.mean([r["wall_s"] for r in mine])
        name = "sequential (campaign.run)" if workers == 0 else f"Dask, {workers} worker(s)"
        print(f"| {name} | {wall:.1f} | {base / wall:.2f}x | "
              f"{np.mean([r['regret'] for r in mine]):.4f} |")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
