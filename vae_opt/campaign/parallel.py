"""Measuring a campaign on a Dask ``distributed`` cluster: N evaluations at once, asynchronously.

``run_parallel`` keeps every worker busy: as soon as one evaluation ends its value is told and a
new point is asked (the points still being measured are pending in the campaign, so the
optimizer spreads the new one away from them, as a batch's are) and sent to the free worker.
Points left pending by an earlier run are measured first. A worker that dies has its point sent
again (Dask retries a task whose worker died; after its retries, the point is queued again here),
and the campaign goes on; told values are in the campaign the moment they are told, so a killed
run resumes like ``campaign.run``. The objective is shipped to the workers by pickling: give a
module-level function or a picklable object (a domain's built-in lab is one).
"""

from __future__ import annotations

import sys
from typing import Callable, TextIO

import numpy as np

from vae_opt.campaign.location import CampaignError
from vae_opt.validation import check_positive_int

CONNECT_TIMEOUT_S = 10
MAX_REQUEUES = 3  # times one point is queued again after Dask gave up on its worker


def measure_one(objective: Callable, t: list[float]) -> float:
    """The objective at one point (on a worker): a float, NaN when it was not finite."""
    from vae_opt.optimization import evaluate  # SciPy and GPyOpt: on the worker only

    return float(evaluate(objective, np.array([t], dtype=np.float64))[0])


def connect(workers: int | None = None, scheduler: str | None = None):
    """A Dask client: on a new LocalCluster of `workers` processes (one thread each), or on the
    scheduler at `scheduler` (tcp://host:port); a scheduler that does not answer is refused."""
    from distributed import Client, LocalCluster  # Dask (the parallel extra)

    if scheduler is not None:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as error:
            raise CampaignError(f"no Dask scheduler answers at {scheduler} within "
                                f"{CONNECT_TIMEOUT_S} s ({type(error).__name__}: "
                                f"{str(error).splitlines()[0] if str(error) else ''})") from None
    workers = check_positive_int(workers, "workers")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=40)  # any free port
    return Client(cluster)


def slots(client) -> int:
    """How many evaluations the cluster runs at once: its workers' threads."""
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(w.get("nthreads", 1) for w in workers.values()))


def run_parallel(campaign, objective: Callable, budget: int, client,
                 progress: "bool | TextIO" = True):
    """Measure on `client`'s workers until `budget` points of the campaign are measured."""
    from distributed import as_completed  # Dask (the parallel extra)

    budget = check_positive_int(budget, "budget")
    stream = sys.stderr if progress is True else (progress or None)
    width = slots(client)
    queue, requeued, in_flight = list(campaign.points("pending")), {}, {}

    def measured() -> int:
        counts = campaign.counts()
        return counts["told"] + counts["failed"]

    def fill(done: int, futures) -> None:
        while len(in_flight) < width and (queue or done + len(in_flight) < budget):
            point = queue.pop(0) if queue else campaign.ask(1)[0]
            future = client.submit(measure_one, objective, list(point.t), pure=False)
            in_flight[future] = point
            futures.add(future)

    futures = as_completed()
    fill(measured(), futures)
    for future in futures:
        point = in_flight.pop(future)
        try:
            value = future.result()
        except Exception as error:  # noqa: BLE001 - a lost worker is retried, the rest raised
            if not _worker_lost(error) or requeued.get(point.id, 0) >= MAX_REQUEUES:
                for other in in_flight:
                    other.cancel()
                raise
            requeued[point.id] = requeued.get(point.id, 0) + 1
            queue.insert(0, point)
            if stream is not None:
                print(f"  point {point.id}: its worker died; queued again", file=stream,
                      flush=True)
        else:
            told = campaign.tell(point.id, value if np.isfinite(value) else None)
            if stream is not None:
                shown = "failed" if told.value is None else f"value = {told.value:9.4f}"
                print(f"  evaluation {measured()}/{budget}  point {told.id}: {shown}",
                      file=stream, flush=True)
        fill(measured(), futures)
    return campaign.best()


def _worker_lost(error: Exception) -> bool:
    from distributed import KilledWorker  # Dask (the parallel extra)

    return isinstance(error, (KilledWorker, ConnectionError)) or \
        type(error).__name__ in ("CommClosedError", "FutureCancelledError")
