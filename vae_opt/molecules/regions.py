"""Where latent-space BO looks for its next batch: candidate points t for Thompson sampling.

* ``TrustRegion``: TuRBO's box (Eriksson et al. 2019), as LOL-BO uses it in a VAE's latent space:
  centred on the best point, side `length` in latent units stretched per dimension by the GP's
  lengthscales, doubled after `success_tolerance` improving batches, halved after
  `failure_tolerance` others, reset to its initial side once below `length_min`; candidates move
  a random subset of about 20 coordinates of the centre (TuRBO's perturbation mask).
* ``prior_shell_candidates``: prior draws and perturbed best points, pulled radially into the
  shell where the prior N(0, I) has its mass (norms between the 0.5 % and 99.5 % chi quantiles).
* ``prior_candidates``: plain prior draws t ~ N(0, I).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import chi


@dataclass
class TrustRegion:
    """TuRBO's trust-region state in a latent space of `dim` dimensions, batches of `batch`."""

    dim: int
    batch: int
    length_init: float = 1.6
    length_min: float = 0.05
    length_max: float = 6.4
    success_tolerance: int = 3
    failure_tolerance: int = 0
    perturbed: int = 20

    def __post_init__(self):
        self.length = self.length_init
        self.successes = self.failures = self.restarts = 0
        if self.failure_tolerance <= 0:
            self.failure_tolerance = math.ceil(max(4 / self.batch, self.dim / self.batch))

    def update(self, improved: bool, found_new: bool = True) -> None:
        """Count a batch: improving ones grow the box, others shrink it; a batch that found no
        new molecule grows it (the decoder is constant on too small a box)."""
        if not found_new:
            self.length = min(2 * self.length, self.length_max)
            return
        self.successes, self.failures = (self.successes + 1, 0) if improved else (
            0, self.failures + 1)
        if self.successes >= self.success_tolerance:
            self.length, self.successes = min(2 * self.length, self.length_max), 0
        elif self.failures >= self.failure_tolerance:
            self.length, self.failures = self.length / 2, 0
        if self.length < self.length_min:
            self.length, self.restarts = self.length_init, self.restarts + 1

    def candidates(self, center: np.ndarray, lengthscales: np.ndarray, n: int,
                   rng: np.random.Generator) -> np.ndarray:
        """`n` points in the box around `center`, each moving a random subset of coordinates."""
        weights = lengthscales / lengthscales.mean()
        weights = weights / np.prod(weights ** (1.0 / self.dim))
        half = weights * self.length / 2
        box = center + rng.uniform(-1.0, 1.0, (n, self.dim)) * half
        mask = rng.random((n, self.dim)) <= min(self.perturbed / self.dim, 1.0)
        mask[np.arange(n), rng.integers(0, self.dim, n)] = True  # at least one coordinate moves
        return np.where(mask, box, center)


def prior_shell_radii(dim: int, mass: float = 0.99) -> tuple[float, float]:
    """The norms between which N(0, I) in `dim` dimensions puts `mass` of its samples."""
    tail = (1.0 - mass) / 2
    return float(chi.ppf(tail, dim)), float(chi.ppf(1.0 - tail, dim))


def prior_candidates(dim: int, n: int, rng: np.random.Generator) -> np.ndarray:
    """`n` prior draws t ~ N(0, I)."""
    return rng.standard_normal((n, dim))


def prior_shell_candidates(best: np.ndarray, n: int, rng: np.random.Generator,
                           step: float = 0.5) -> np.ndarray:
    """Half prior draws, half best points moved by N(0, step^2 I), all pulled into the shell."""
    dim = best.shape[1]
    moved = best[rng.integers(0, len(best), n - n // 2)]
    moved = moved + step * rng.standard_normal(moved.shape)
    t = np.concatenate([prior_candidates(dim, n // 2, rng), moved])
    low, high = prior_shell_radii(dim)
    norms = np.linalg.norm(t, axis=1, keepdims=True)
    return t * np.clip(norms, low, high) / np.maximum(norms, 1e-12)
