"""What a campaign fixes at creation, and the checks of what users give it later (ids, values).

The settings are stored in the campaign file as JSON. The BO settings are stored in full, not
by name alone, so that a campaign keeps proposing the same way if the named defaults change.
A campaign over a domain (vae_opt.domain) stores the domain's name and its attributes (model
files with their SHA-256: samples decoded later must come from the same model); files written
before domains existed (an ``objective``, ``vae``, ``classifier``, ``target``) are read as the
domain that objective belonged to.
"""

from __future__ import annotations

import dataclasses
import json
import math
import numbers
from dataclasses import dataclass, field

from vae_opt.campaign.store import CampaignError
from vae_opt.config import OPTIMIZATION
from vae_opt.domain import OBJECTIVE_DOMAINS, get_domain
from vae_opt.optimization.settings import BOSettings
from vae_opt.optimization.space import Space

FAILED = "failed"
# The objectives of files from before domains whose values are -log p(target | t) >= 0.
_NLL_OBJECTIVES = ("decode-classify", "predictor")


def loss_space(dim: int, bounds: tuple[float, float], prior_weight: float, maximize: bool,
               nll_values: bool) -> Space:
    """What a campaign's loss declares to the optimizer: the box, the prior term
    w * nll_prior(t), and the floor when the minimised value is a -log p (>= 0)."""
    return Space(dim, bounds, prior_weight, prior_weight > 0 and not maximize and nll_values)


def check_attributes(attributes) -> dict:
    """A campaign's attributes: a dict with string keys that JSON can store."""
    if not isinstance(attributes, dict) or not all(isinstance(k, str) for k in attributes):
        raise CampaignError(f"a campaign's attributes are a dict with string keys, got "
                            f"{attributes!r}")
    try:
        return json.loads(json.dumps(attributes, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise CampaignError(f"a campaign's attributes must be plain JSON ({error})") from None


def domain_defaults(domain: str, options: dict, dim: int | None) -> tuple[int, dict, dict]:
    """A new campaign's latent dimension (its model's), the attributes the domain made of the
    user's options, and the domain's defaults: settings, prior_weight, nll_values."""
    found = get_domain(domain)
    attributes = check_attributes(found.attributes(options))
    model_dim = found.load(attributes).latent_dim
    if dim is not None and dim != model_dim:
        raise CampaignError(f"the {domain} model has a {model_dim}-d latent space, not {dim}-d")
    return model_dim, attributes, {"settings": found.settings, "prior_weight": found.prior_weight,
                                   "nll_values": found.nll_values}


def _from_before_domains(data: dict) -> dict:
    """The settings of a file written before domains, in today's fields; nothing dropped."""
    data = dict(data)
    objective = data.pop("objective", "decode-classify")
    old = {key: data.pop(key, None) for key in ("vae", "classifier", "target")}
    if objective not in OBJECTIVE_DOMAINS:
        raise ValueError(f"unknown objective {objective!r}")
    attributes = {key: value for key, value in old.items() if value is not None}
    if objective in _NLL_OBJECTIVES:
        attributes["objective"] = objective
    # a campaign made in Python over a bare box recorded no model: it stays domain-free
    domain = OBJECTIVE_DOMAINS[objective] if old["vae"] is not None else None
    return dict(data, domain=domain, attributes=attributes,
                nll_values=objective in _NLL_OBJECTIVES)


@dataclass(frozen=True)
class CampaignSettings:
    """Everything that defines a campaign: the box, the search, the loss, the domain.

    The loss told to the optimizer is ``sign * value + prior_weight * nll_prior(t)`` with
    sign = -1 when maximizing the measured value, +1 when minimizing it. ``nll_values``: the
    measured values are -log p >= 0 (the loss then lies above its prior term).
    """

    dim: int
    bounds: tuple[float, float]
    seed: int
    bo: BOSettings
    prior_weight: float = 1.0
    maximize: bool = False
    nll_values: bool = False
    domain: str | None = None
    attributes: dict = field(default_factory=dict)
    created: str = ""

    @property
    def sign(self) -> float:
        return -1.0 if self.maximize else 1.0

    @property
    def space(self) -> Space:
        """What the loss declares to the optimizer (``loss_space``)."""
        return loss_space(self.dim, self.bounds, self.prior_weight, self.maximize,
                          self.nll_values)

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        data["bounds"] = list(self.bounds)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "CampaignSettings":
        try:
            if "domain" not in data:
                data = _from_before_domains(data)
            data = dict(data, bounds=tuple(data["bounds"]), bo=BOSettings.from_dict(data["bo"]))
            return cls(**data)
        except (KeyError, TypeError, ValueError) as error:
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
                            "measurement that failed as 'failed'")
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


def check_batch(n, name: str) -> int:
    """A number of points asked at once: a positive integer, at most OPTIMIZATION.max_batch."""
    cap = OPTIMIZATION.max_batch
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:  # numpy's ints too
        raise CampaignError(f"{name} must be a positive integer (at most {cap}), got {n!r}")
    if n > cap:
        raise CampaignError(f"{name} must be at most {cap}, got {n}; ask again for more (one "
                            "batch at a time)")
    return int(n)
