"""A proposed point as the campaign file records it, and the checks made before the file changes.

``writing`` is the one way ask and tell change the file: it refuses a read-only campaign with one
line (a file without write permission bits is read-only for root too, who could write it), and
turns SQLite's "attempt to write a readonly database" (a read-only disk) into the same line.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from vae_opt.campaign import store
from vae_opt.campaign.store import CampaignError


@dataclass(frozen=True)
class Point:
    """One proposed point: its id, latent vector t, batch, status and measured value (or None)."""

    id: int
    t: tuple[float, ...]
    batch: int
    status: str
    value: float | None
    created: str
    told: str | None
    seq: int | None  # the order in which results were recorded: the optimizer's replay order

    def to_dict(self) -> dict:
        return {"id": self.id, "t": list(self.t), "batch": self.batch, "status": self.status,
                "value": self.value, "created": self.created, "told": self.told}


def read_only_error(path: Path) -> CampaignError:
    return CampaignError(f"{path} is read-only: ask and tell write to the campaign file; make it "
                         f"writable (chmod u+w {path}), or work on a writable copy")


@contextlib.contextmanager
def writing(connection, path: Path | str) -> Iterator[None]:
    """``store.transaction`` on a campaign that may be written, else a CampaignError. A
    PostgreSQL campaign (a URL, not a Path) has no file mode: its server decides."""
    if isinstance(path, Path):
        mode = path.stat().st_mode
        if not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path,
                                                                                     os.W_OK):
            raise read_only_error(path)
    try:
        with store.transaction(connection):
            yield
    except sqlite3.OperationalError as error:
        if "readonly" in str(error).replace("-", "").replace(" ", ""):
            raise read_only_error(path) from None
        raise


def check_tellable(known: dict[int, Point], point_id: int, overwrite: bool, path: Path) -> None:
    """Refuse to tell an unknown point, or one told before (unless ``overwrite``)."""
    if point_id not in known:
        span = f" (its ids are 1 to {max(known)})" if known else " (no point asked yet)"
        raise CampaignError(f"no point with id {point_id} in {path}{span}")
    point = known[point_id]
    if point.status != "pending" and not overwrite:
        was = f"value {point.value}" if point.status == "told" else "a failed measurement"
        raise CampaignError(f"point {point_id} was already told ({was} at {point.told}); pass "
                            "overwrite=True to replace it")
