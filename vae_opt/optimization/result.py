"""What one optimization run leaves behind: every evaluated point, its value, and how it ended."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np


@dataclass
class OptimizationResult:
    """Evaluated points X (n, d) with values Y (n, 1) in evaluation order, and the best of them.

    ``interrupted`` is True when the run was stopped (Ctrl-C) before its budget was spent;
    ``failed`` holds points whose evaluation failed (excluded from X and Y).
    """

    X: np.ndarray
    Y: np.ndarray
    seconds: float
    settings: dict = field(default_factory=dict)
    interrupted: bool = False
    failed: np.ndarray | None = None

    def _check_evaluated(self) -> None:
        if len(self.Y) == 0:
            raise ValueError("no evaluation succeeded in this run, so it has no best point "
                             f"({0 if self.failed is None else len(self.failed)} failed)")

    @property
    def x_best(self) -> np.ndarray:
        self._check_evaluated()
        return self.X[int(np.argmin(self.Y[:, 0]))]

    @property
    def y_best(self) -> float:
        self._check_evaluated()
        return float(np.min(self.Y[:, 0]))

    def best(self, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """The k evaluated points with the lowest values, best first: (X_k, Y_k)."""
        order = np.argsort(self.Y[:, 0], kind="stable")[:k]
        return self.X[order], self.Y[order, 0]

    def to_dict(self) -> dict:
        d = asdict(self)
        empty = len(self.Y) == 0
        d.update(X=self.X.tolist(), Y=self.Y[:, 0].tolist(),
                 failed=[] if self.failed is None else self.failed.tolist(),
                 x_best=None if empty else self.x_best.tolist(),
                 y_best=None if empty else self.y_best)
        return d

    def to_json(self) -> str:
        """The result as strict JSON text (no NaN), one trailing newline."""
        return json.dumps(self.to_dict(), indent=2, allow_nan=False) + "\n"

    def save_json(self, path: str | Path, force: bool = True) -> Path:
        """Write the result as strict JSON (no NaN), atomically: never a half-written file.
        Without ``force`` an existing file is refused (FileExistsError)."""
        path = Path(path)
        if path.exists() and not force:
            raise FileExistsError(f"{path} exists; pass force=True to replace it")
        text = self.to_json()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w") as f:
                f.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path
