"""A campaign as text: the `show` table and JSON, the `export` CSV, and results CSVs to tell.

A results CSV has a header with the columns ``id`` and ``value`` (others are ignored); a value is
a number or ``failed``. It is read whole and checked before anything is told, so a bad row
anywhere means nothing of the file is applied.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np

from vae_opt.campaign.campaign import Campaign, Point
from vae_opt.campaign.settings import check_id, check_value
from vae_opt.campaign.store import CampaignError


def point_dict(campaign: Campaign, point: Point) -> dict:
    """A point as JSON-ready dict, with its loss under the key 'objective' (None if not told)."""
    objective = float(campaign.loss([point])[0]) if point.status == "told" else None
    return dict(point.to_dict(), objective=objective)


def summary(campaign: Campaign) -> dict:
    """What `show --json` prints: counts, the best point, every point, and the settings."""
    counts = campaign.counts()
    best = campaign.best()
    best = None if best is None else point_dict(campaign, best)
    return {
        "n_told": counts["told"], "n_pending": counts["pending"], "n_failed": counts["failed"],
        "best": None if best is None else {
            key: best[key] for key in ("id", "t", "value", "objective")},
        "points": [point_dict(campaign, p) for p in campaign.points()],
        "settings": campaign.settings.to_json(),
    }


def describe(campaign: Campaign) -> str:
    """One line saying what a campaign optimizes, and over which box."""
    s = campaign.settings
    sign = "-value" if s.maximize else "value"
    shown = [f"{s.domain} domain"] if s.domain is not None else []
    for key, value in s.attributes.items():  # a model file by its name
        if isinstance(value, dict) and "path" in value:
            shown.append(f"{key} {Path(value['path']).name}")
        elif value is not None and not isinstance(value, (dict, list)):
            shown.append(f"{key} {value}")
    about = "".join(f", {text}" for text in shown)
    return (f"{s.dim}-d latent box [{s.bounds[0]:g}, {s.bounds[1]:g}]{about}; minimising "
            f"loss = {sign} + {s.prior_weight:g} * nll_prior(t); settings {s.bo.name}, "
            f"seed {s.seed}")


def _number(value: float | None, width: int = 10) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:{width}.4f}"


def table(campaign: Campaign) -> str:
    """The `show` table: a header line, the counts and best point, then one row per point."""
    counts = campaign.counts()
    best = campaign.best()
    lines = [f"campaign {campaign.name}: {describe(campaign)}",
             f"{counts['told']} told, {counts['pending']} pending, {counts['failed']} failed"]
    if best is not None:
        lines[-1] += (f"; best: point {best.id}, value {best.value:.4f}, loss "
                      f"{campaign.loss([best])[0]:.4f}, t = {np.round(best.t, 3).tolist()}")
    lines.append(f"{'id':>5} {'batch':>5}  {'status':<8}{'value':>10} {'loss':>10}  t")
    for point in campaign.points():
        row = point_dict(campaign, point)
        marker = "  <- best" if best is not None and point.id == best.id else ""
        lines.append(f"{point.id:>5} {point.batch:>5}  {point.status:<8}"
                     f"{_number(point.value)} {_number(row['objective'])}  "
                     f"{np.round(point.t, 3).tolist()}{marker}")
    return "\n".join(lines)


def export_csv(campaign: Campaign) -> str:
    """Every point as CSV: id, batch, status, value, objective (the loss), t1..td, times."""
    dims = [f"t{i + 1}" for i in range(campaign.settings.dim)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "batch", "status", "value", "objective", *dims, "created", "told"])
    for point in campaign.points():
        row = point_dict(campaign, point)
        writer.writerow([point.id, point.batch, point.status,
                         "" if point.value is None else repr(point.value),
                         "" if row["objective"] is None else repr(row["objective"]),
                         *map(repr, point.t), point.created, point.told or ""])
    return out.getvalue()


def read_results_csv(path: str | Path) -> list[tuple[int, float | None]]:
    """(id, value) rows of a results CSV, every row checked (value None: failed); see above."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CampaignError(f"no results file at {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CampaignError(f"cannot read {path} ({error})") from None
    reader = csv.reader(io.StringIO(text))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in ("id", "value") if name not in header]
    if missing:
        raise CampaignError(f"{path} must have a header with the columns id,value; "
                            f"missing: {', '.join(missing)} (header: {','.join(header) or 'none'})")
    i_id, i_value = header.index("id"), header.index("value")
    rows = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines
        if len(row) <= max(i_id, i_value):
            raise CampaignError(f"{path} line {line}: expected columns id and value, got "
                                f"{','.join(row)!r}; nothing was told")
        try:
            point_id = check_id(row[i_id])
            rows.append((point_id, check_value(row[i_value], point_id)))
        except CampaignError as error:
            raise CampaignError(f"{path} line {line}: {error}; nothing was told") from None
    if not rows:
        raise CampaignError(f"{path} has no result rows; nothing was told")
    return rows


def dumps(data) -> str:
    """Compact JSON, one line."""
    return json.dumps(data, separators=(", ", ": "))
