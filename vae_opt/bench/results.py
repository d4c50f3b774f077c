"""The one results format of every benchmark: a JSON-lines file, one line per finished run.

A line is written (and flushed to disk) the moment its run finishes, keyed by suite, task,
method, seed and budget; a re-run reads the file and skips the runs it holds, so an interrupted
benchmark resumes where it stopped. A kill can leave a half-written last line: it is ignored
when read and cut off before the next line is appended, so earlier lines are never corrupted.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any, Iterable

FORMAT = 1
KEY_FIELDS = ("suite", "task", "method", "seed", "budget")
RESULTS_FILE = "results.jsonl"

Key = tuple[str, str, str, int, int]


def key_of(record: dict) -> Key:
    """The identity of a run: (suite, task, method, seed, budget)."""
    return (str(record["suite"]), str(record["task"]), str(record["method"]),
            int(record["seed"]), int(record["budget"]))


def _plain(value: Any) -> Any:
    """JSON-ready: NumPy scalars and arrays as Python numbers and lists, NaN and inf as null."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class ResultsFile:
    """The results of one benchmark directory: read what is there, append finished runs."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def read(self) -> list[dict]:
        """Every complete line's record, in file order; a truncated last line is skipped, a
        malformed line elsewhere is an error that names its line number."""
        if not self.path.exists():
            return []
        lines = self.path.read_text().split("\n")
        records = []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                if number == len(lines):  # the last line, without its newline: a killed write
                    break
                raise ValueError(f"{self.path}:{number}: not a results line ({error})") from None
        return records

    def done(self) -> set[Key]:
        """The keys of the runs the file holds."""
        return {key_of(r) for r in self.read()}

    def _cut_partial_line(self) -> None:
        """Remove a half-written last line (no trailing newline), so an append starts clean."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        data = self.path.read_bytes()
        if data.endswith(b"\n"):
            return
        with open(self.path, "r+b") as f:
            f.truncate(data.rfind(b"\n") + 1)

    def append(self, record: dict) -> dict:
        """Write one finished run as one line, flushed and synced before returning."""
        missing = [k for k in KEY_FIELDS if k not in record]
        if missing:
            raise ValueError(f"a results line needs {', '.join(missing)}")
        record = _plain({"format": FORMAT, **record})
        line = json.dumps(record, allow_nan=False, separators=(",", ":")) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._cut_partial_line()
        with open(self.path, "a") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        return record


def select(records: Iterable[dict], **wanted: Any) -> list[dict]:
    """The records whose fields equal every given value, e.g. select(rs, suite="mnist")."""
    return [r for r in records if all(r.get(k) == v for k, v in wanted.items())]
