"""The settings every domain shares: the default search box, iterations and batch size.

Each domain keeps its own recipe beside its code (``vae_opt.mnist.config``,
``vae_opt.molecules.config``); the BO settings are the optimization core's
(``vae_opt.optimization.settings``).
"""

from __future__ import annotations

from dataclasses import dataclass

from vae_opt.optimization.settings import DEFAULT_MAX_ITER
from vae_opt.optimization.space import DEFAULT_BOUNDS


@dataclass(frozen=True)
class OptimizationConfig:
    """Where and how long the method searches: the box [low, high]^d and the iterations."""

    bounds: tuple[float, float] = DEFAULT_BOUNDS
    max_iter: int = DEFAULT_MAX_ITER
    max_batch: int = 100  # most points one campaign ask/run batch proposes (a 96-well plate fits)


OPTIMIZATION = OptimizationConfig()
