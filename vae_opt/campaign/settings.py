"""What a campaign fixes at creation, and the checks of what users give it later (ids, values).

The settings are stored in the campaign file as JSON. The BO settings are stored in full, not
by name alone, so that a campaign keeps proposing the same way if the named defaults change.
Model files are recorded with their SHA-256: images decoded later must come from the same VAE.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

from vae_opt.config import BOSettings
from vae_opt.campaign.store import CampaignError

# "molecule": the VAE is a molecule model (vae_opt.molecules); `ask` writes SMILES.
OBJECTIVES = ("decode-classify", "predictor", "molecule")
FAILED = "failed"


def sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_record(path: str | Path | None) -> dict | None:
    """{'path', 'sha256'} of a model file (absolute path), or None for no model."""
    if path is None:
        return None
    path = Path(path)
    if not path.is_file():
        raise CampaignError(f"model file {path} does not exist")
    return {"path": str(path.resolve()), "sha256": sha256(path)}


def check_model(record: dict | None, role: str) -> None:
    """Refuse a recorded model file that is gone or whose bytes changed since `new`."""
    if record is None:
        return
    path = Path(record["path"])
    if not path.is_file():
        raise CampaignError(f"the {role} file {path} recorded when the campaign was created is "
                            "missing; restore it (the told values were measured on its samples)")
    now = sha256(path)
    if now != record["sha256"]:
        raise CampaignError(f"the {role} file {path} changed since the campaign was created "
                            f"(SHA-256 {record['sha256'][:12]}... then, {now[:12]}... now); its "
                            "samples would not match the told values: restore the file or start "
                            "a new campaign")


@dataclass(frozen=True)
class CampaignSettings:
    """Everything that defines a campaign: the box, the search, the loss and the models.

    The loss told to the optimizer is ``sign * value + prior_weight * nll_prior(t)`` with
    sign = -1 when maximizing the measured value, +1 when minimizing it.
    """

    dim: int
    bounds: tuple[float, float]
    seed: int
    bo: BOSettings
    prior_weight: float = 1.0
    maximize: bool = False
    target: int | None = None
    objective: str = "decode-classify"
    vae: dict | None = None
    classifier: dict | None = None
    created: str = ""

    @property
    def sign(self) -> float:
        return -1.0 if self.maximize else 1.0

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        data["bounds"] = list(self.bounds)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "CampaignSettings":
        try:
            data = dict(data, bounds=tuple(data["bounds"]), bo=BOSettings(**data["bo"]))
            return cls(**data)
        except (KeyError, TypeError) as error:
            raise CampaignError(f"the campaign's settings are incomplete or unknown ({error}); "
                                "was it written by another version of vae-opt?") from None


def check_id(point_id) -> int:
    """A point id as an int (from an int or its decimal string)."""
    if isinstance(point_id, str) and point_id.strip().isdigit():
        return int(point_id)
    if isinstance(point_id, int) and not isinstance(point_id, bool):
        return point_id
    raise CampaignError(f"a point id is a whole number such as 3, got {point_id!r}")


def check_value(value, point_id: int | None = None) -> float | None:
    """A measured value as a finite float; None for a failed measurement ('failed' or None)."""
    where = f" for point {point_id}" if point_id is not None else ""
    if value is None or (isinstance(value, str) and value.strip().lower() == FAILED):
        return None
    try:
        if isinstance(value, bool):
            raise TypeError
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise CampaignError(f"the value{where} must be a number or 'failed', got {value!r}"
                            ) from None
    if not math.isfinite(number):
        raise CampaignError(f"the value{where} must be a finite number, got {value!r}; record a "
                            "measurement that failed as 'failed' (tell ... --failed)")
    return number


def check_prior_weight(weight) -> float:
    """The prior's weight w as a finite float >= 0."""
    try:
        weight = float(weight)
    except (TypeError, ValueError):
        raise CampaignError(f"the prior weight must be a number >= 0, got {weight!r}") from None
    if not (math.isfinite(weight) and weight >= 0):
        raise CampaignError(f"the prior weight must be a finite number >= 0, got {weight}")
    return weight


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
