"""What a problem declares about itself: the box it lives in and the structure it knows.

The optimizer assumes nothing beyond this declaration. An objective that adds
``prior_weight * nll_prior(t)`` (the prior term of a VAE's latent space) says so; only then do
settings that use that term (a known quadratic, a prior shell, a prior design) take effect, and
the floor f(t) >= prior_weight * nll_prior(t) only when ``floor`` says the rest is >= 0 (a
negative log-probability). A user's objective that declares nothing is searched in the whole box.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from vae_opt.optimization.checks import check_bounds, check_positive_int

DEFAULT_BOUNDS: tuple[float, float] = (-4.0, 4.0)  # [-4, 4]^d: the prior's +-4 sigma


@dataclass(frozen=True)
class Space:
    """The box [low, high]^dim and the known structure of the objective over it.

    prior_weight: w > 0 when the objective is ``g(t) + w * nll_prior(t)`` with nll_prior the
    negative log-density of N(0, I) (0: nothing known). floor: g >= 0 as well (then f is
    nowhere below w * nll_prior(t)); meaningless without a prior weight.
    """

    dim: int
    bounds: tuple[float, float] = DEFAULT_BOUNDS
    prior_weight: float = 0.0
    floor: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "dim", check_positive_int(self.dim, "dim"))
        object.__setattr__(self, "bounds", check_bounds(self.bounds))
        try:
            weight = float(self.prior_weight)
        except (TypeError, ValueError):
            weight = math.nan
        if not (math.isfinite(weight) and weight >= 0):
            raise ValueError(f"prior_weight must be a finite number >= 0, got {self.prior_weight!r}")
        if self.floor and weight == 0:
            raise ValueError("floor=True says the objective lies above prior_weight * "
                             "nll_prior(t); declare that prior_weight (> 0) too")
        object.__setattr__(self, "prior_weight", weight)
        object.__setattr__(self, "floor", bool(self.floor))

    @property
    def has_prior(self) -> bool:
        """Whether the objective declares the prior term (and so the prior's geometry applies)."""
        return self.prior_weight > 0

    def to_dict(self) -> dict:
        """Plain JSON-ready values."""
        return dict(asdict(self), bounds=list(self.bounds))

    @classmethod
    def from_dict(cls, data: dict) -> "Space":
        """The inverse of ``to_dict``; a ValueError naming what is missing or unknown."""
        try:
            return cls(**dict(data, bounds=tuple(data["bounds"])))
        except (KeyError, TypeError) as error:
            raise ValueError(f"a space needs dim and bounds (and optionally prior_weight, "
                             f"floor); got {sorted(data)} ({error})") from None


def declared_space(objective, dim: int | None, bounds: tuple[float, float]) -> Space:
    """The space of an objective: ``dim`` or its ``latent_dim``, ``bounds``, and the structure it
    declares through the attributes ``prior_weight`` and ``floor`` (none: nothing known)."""
    if dim is None:
        dim = getattr(objective, "latent_dim", None)
    if dim is None:
        raise ValueError("give dim= (the number of coordinates): the objective does not say it "
                         "through a `latent_dim` attribute")
    return Space(dim, bounds, prior_weight=getattr(objective, "prior_weight", 0.0),
                 floor=getattr(objective, "floor", False))
