"""The in-process campaign loop: ask a batch, measure it with an objective, tell, repeat.

Every batch is recorded as pending before it is measured and its values are told in one
transaction after, so the loop can be killed at any moment (even with SIGKILL) and started again:
told values are kept and never measured again. Points that were pending when it was killed (asked,
measured or not, but not told) are measured again on resume, before anything new is asked; so are
points left pending by an `ask` elsewhere, since the loop measures every pending point of its file.
"""

from __future__ import annotations

import sys
from typing import Callable, TextIO

import numpy as np

from vae_opt.optimization import evaluate
from vae_opt.validation import check_positive_int

Measure = Callable[[np.ndarray], np.ndarray]


def _stream(progress) -> TextIO | None:
    if progress is True:
        return sys.stderr
    return progress or None


def run(campaign, objective: Measure, budget: int, batch: int = 1,
        progress: "bool | TextIO" = True):
    """Measure until `budget` points of the campaign are measured (told or failed); the best point.

    ``budget`` counts every measured point of the file, those of earlier runs included, so the
    same command started again after a crash finishes the same campaign. ``objective(t)`` maps
    points (n, d) to measured values (n,); a value that is not finite is recorded as failed.
    ``progress``: True prints one line per measurement to stderr, a stream prints there.
    """
    budget = check_positive_int(budget, "budget")
    batch = check_positive_int(batch, "batch")
    stream = _stream(progress)
    while True:
        pending = campaign.points("pending")[:batch]
        if not pending:
            counts = campaign.counts()
            measured = counts["told"] + counts["failed"]
            if measured >= budget:
                break
            pending = campaign.ask(min(batch, budget - measured))
        t = np.array([p.t for p in pending], dtype=np.float64)
        values = evaluate(objective, t)
        rows = [(p.id, float(v) if np.isfinite(v) else None) for p, v in zip(pending, values)]
        told = campaign.tell_many(rows)
        if stream is not None:
            _report(campaign, told, budget, stream)
    return campaign.best()


def _report(campaign, told: list, budget: int, stream: TextIO) -> None:
    """One line per measurement: count, point, value, loss, and the best loss up to it."""
    counts = campaign.counts()
    done = counts["told"] + counts["failed"] - len(told)
    history = campaign.history()
    losses = campaign.loss(history)
    for point in told:
        done += 1
        before = [i for i, p in enumerate(history) if p.seq <= point.seq]
        if point.value is None:
            shown = "failed (not a finite number)"
        else:
            shown = f"value = {point.value:9.4f}  loss = {campaign.loss([point])[0]:9.4f}"
        if before:
            i = min(before, key=lambda i: losses[i])
            where = f"best loss = {losses[i]:9.4f} (point {history[i].id})"
        else:
            where = "best: none yet"
        print(f"  evaluation {done}/{budget}  point {point.id} (batch {point.batch}): {shown}   "
              f"{where}", file=stream, flush=True)
