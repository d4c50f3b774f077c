"""Tables from results lines: the harness's own summary (every suite) and the suite's report
(its tables and figures, when it registers one). Both read only the results file, so a report
can be regenerated at any time with ``vae-opt bench NAME --report-only``."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from vae_opt.bench.registry import Suite
from vae_opt.files import check_output_dir, write_text_atomic

SUMMARY_FILE = "bench-summary.md"


def number_cell(value: float | None, digits: int = 3) -> str:
    """A table cell: the value rounded, 'n/a' for a missing value or NaN, 'never' for infinity."""
    if value is None or math.isnan(value):
        return "n/a"
    return "never" if math.isinf(value) else f"{value:.{digits}f}"


def _mean(records: list[dict], key: str) -> float:
    """The mean of a field over records, NaN when no record has a number there."""
    values = [r[key] for r in records if isinstance(r.get(key), (int, float))]
    return float(np.mean(values)) if values else math.nan


def summary_table(records: list[dict], k: int = 10) -> str:
    """Per task and method, means over seeds of best, top-k mean, top-k AUC, calls and seconds."""
    lines = [f"| task | method | runs | budget | best | top-{k} mean | top-{k} AUC | calls "
             "| s/run |", "|" + "---|" * 9]
    for task in dict.fromkeys(r["task"] for r in records):
        for method in dict.fromkeys(r["method"] for r in records if r["task"] == task):
            mine = [r for r in records if r["task"] == task and r["method"] == method]
            budgets = "/".join(map(str, sorted({r["budget"] for r in mine})))
            cells = [task, method, str(len(mine)), budgets, number_cell(_mean(mine, "best")),
                     number_cell(_mean(mine, f"top{k}_mean")),
                     number_cell(_mean(mine, f"top{k}_auc")), number_cell(_mean(mine, "calls"), 1),
                     number_cell(_mean(mine, "seconds"), 2)]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write_reports(suite: Suite, records: list[dict], out_dir: str | Path) -> dict[str, Path]:
    """The harness's summary (bench-summary.md) and the suite's own report, into out_dir."""
    out_dir = check_output_dir(out_dir)
    records = [r for r in records if r["suite"] == suite.name]
    text = (f"# Suite {suite.name}\n\n{suite.description}\n\nMeans over seeds; best, top-k "
            "mean and AUC in the task's own direction (PMO's top-k AUC over calls).\n\n"
            + summary_table(records, suite.k))
    paths = {SUMMARY_FILE: write_text_atomic(out_dir / SUMMARY_FILE, text, force=True)}
    if suite.report is not None and records:
        paths.update(suite.report(records, out_dir))
    return paths
