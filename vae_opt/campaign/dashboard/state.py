"""What a dashboard page shows, read from the campaign file and shared by every open page.

A ``Watcher`` keeps the campaign open, asks SQLite for a cheap signature of the points (count,
largest id, latest result order) at most every ``min_read_s``, and reads the points again only
when it changed. The slow parts (the GP over the box, decoding the best samples) run in one
worker thread (``extras``) and land when ready, so the page stays responsive meanwhile.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from time import monotonic

import numpy as np

from vae_opt.campaign import Campaign, store
from vae_opt.campaign.dashboard import DASHBOARD, DashboardConfig
from vae_opt.campaign.dashboard.extras import Extras, compute_extras
from vae_opt.campaign.tables import describe


@dataclass(frozen=True)
class View:
    """One reading of the file: counts, best point, the curve, the table and the 2-d points."""

    version: int
    title: str
    counts: dict[str, int]
    best: dict | None  # id, value, loss, t
    curve: dict[str, np.ndarray]  # n, loss, best (best loss so far), id
    table: dict[str, list | np.ndarray]  # id, batch, status, value, loss, t, created, told
    points: dict[str, dict[str, list]] = field(default_factory=dict)  # status -> {t1, t2, id}


def _time(stamp: str | None) -> str:
    """An ISO time as 'YYYY-MM-DD HH:MM:SS' (UTC), or ''."""
    return "" if not stamp else stamp[:19].replace("T", " ")


def read_view(campaign: Campaign, version: int, max_rows: int = DASHBOARD.table_rows) -> View:
    """Everything the page shows except the extras, from one read of the points."""
    points = campaign.points()  # read once: history and best as Campaign.history and .best
    history = sorted((p for p in points if p.status == "told"), key=lambda p: p.seq)
    curve_loss = campaign.loss(history)
    losses = {p.id: float(v) for p, v in zip(history, curve_loss)}
    best_loss = np.minimum.accumulate(curve_loss) if len(history) else curve_loss
    best = history[int(np.argmin(curve_loss))] if history else None
    counts = {s: sum(p.status == s for p in points) for s in ("pending", "told", "failed")}
    shown = points[-max_rows:]
    table = {  # numbers as arrays: Bokeh sends them to the browser as binary buffers
        "id": np.array([p.id for p in shown], dtype=np.int64),
        "batch": np.array([p.batch for p in shown], dtype=np.int64),
        "status": [p.status for p in shown],
        "value": np.array([np.nan if p.value is None else p.value for p in shown]),
        "loss": np.array([losses.get(p.id, np.nan) for p in shown]),
        "t": [", ".join(f"{x:.3f}" for x in p.t) for p in shown],
        "created": [_time(p.created) for p in shown], "told": [_time(p.told) for p in shown]}
    by_status = {}
    if campaign.settings.dim == 2:
        for status in ("told", "pending", "failed"):
            chosen = [p for p in points if p.status == status]
            by_status[status] = {"t1": [p.t[0] for p in chosen], "t2": [p.t[1] for p in chosen],
                                 "id": [p.id for p in chosen]}
    return View(
        version=version, title=f"campaign {campaign.path.name}: {describe(campaign)}",
        counts=counts,
        best=None if best is None else {"id": best.id, "value": best.value,
                                        "loss": losses[best.id], "t": list(best.t)},
        curve={"n": np.arange(1, len(history) + 1), "loss": curve_loss, "best": best_loss,
               "id": np.array([p.id for p in history], dtype=np.int64)},
        table=table, points=by_status)


class Watcher:
    """The campaign file as the pages see it: the latest View and the latest Extras.

    Create it (and call ``poll``) in the thread that runs the server's loop: SQLite connections
    stay in the thread that opened them. Raises ``CampaignError`` for a missing or bad file.
    """

    def __init__(self, path: str | Path, config: DashboardConfig = DASHBOARD):
        self.path, self.config = Path(path), config
        self._campaign = Campaign.open(self.path)
        self._connection, _ = store.open_store(self.path)  # for the cheap signature only
        self._signature: tuple | None = None
        self._last_read = -np.inf
        self._version = 0
        self._view: View | None = None
        self._extras = Extras(version=0, surrogate_note="waiting for the first reading")
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dashboard")
        self._job: Future | None = None
        self._models: dict = {}  # the worker's decoders, loaded once

    @property
    def settings(self):
        """The campaign's settings (fixed at creation)."""
        return self._campaign.settings

    def _read_signature(self) -> tuple:
        return tuple(self._connection.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(MAX(seq), 0), "
            "COALESCE(SUM(status = 'pending'), 0) FROM points").fetchone())

    def poll(self) -> View:
        """The latest View: the file is read again when it changed (at most every min_read_s)."""
        if self._view is not None and monotonic() - self._last_read < self.config.min_read_s:
            return self._view
        self._last_read = monotonic()
        signature = self._read_signature()
        if signature != self._signature or self._view is None:
            self._signature = signature
            self._version += 1
            self._view = read_view(self._campaign, self._version, self.config.table_rows)
            self._schedule()
        return self._view

    def extras(self) -> Extras:
        """The extras of the latest version the worker finished."""
        with self._lock:
            return self._extras

    def _schedule(self) -> None:
        """Start the worker on the newest version, unless it is busy (it catches up after)."""
        if self._job is not None and not self._job.done():
            return
        self._job = self._executor.submit(self._work, self._version)
        self._job.add_done_callback(self._after)

    def _work(self, version: int) -> None:

        extras = compute_extras(self.path, version, self.config, self._models)
        with self._lock:
            self._extras = extras

    def _after(self, job: Future) -> None:
        if job.exception() is None and self.extras().version != self._version:
            self._schedule()  # the file changed while the worker was busy

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._connection.close()
        self._campaign.close()
