"""The geometry of the Gaussian prior N(0, I): its negative log-density and the shell that holds
its mass. A problem whose objective adds ``w * nll_prior(t)`` declares it (``space.Space``);
the floors and shells of the settings follow from that declaration.
"""

from __future__ import annotations

import math

import numpy as np


def nll_prior(t: np.ndarray) -> np.ndarray:
    """-log N(t | 0, I) for points t of shape (n, d); returns shape (n, 1)."""
    t = np.asarray(t, dtype=np.float64)
    return 0.5 * np.sum(t**2, axis=-1, keepdims=True) + 0.5 * t.shape[-1] * math.log(2 * math.pi)


def nll_prior_gradient(t: np.ndarray) -> np.ndarray:
    """The gradient of nll_prior with respect to t: t itself, shape (n, d)."""
    return np.asarray(t, dtype=np.float64)


def shell_radii(dim: int, mass: float) -> tuple[float, float]:
    """The radii (low, high) between which |t| lies for the central `mass` of t ~ N(0, I_dim):
    quantiles (1 - mass) / 2 and (1 + mass) / 2 of the chi distribution with dim degrees of freedom.

    In d dimensions the prior's mass sits in this shell (|t| ~ sqrt(d)), not at its mode t = 0:
    at d = 16 the central 80 % lies between |t| = 3.05 and 4.85.
    """
    from scipy.stats import chi  # scipy.stats takes a second to import; only shells need it

    if not 0 < mass < 1:
        raise ValueError(f"the prior shell's mass must lie strictly between 0 and 1, got {mass!r}")
    return float(chi.ppf((1 - mass) / 2, dim)), float(chi.ppf((1 + mass) / 2, dim))


def project_to_shell(t: np.ndarray, radii: tuple[float, float]) -> np.ndarray:
    """Points moved along their rays onto the shell low <= |t| <= high (points inside stay)."""
    t = np.atleast_2d(np.asarray(t, dtype=np.float64))
    norm = np.linalg.norm(t, axis=1, keepdims=True)
    direction = np.where(norm > 0, t / np.where(norm > 0, norm, 1.0), 0.0)
    direction[norm[:, 0] == 0, 0] = 1.0  # the origin has no ray: take the first axis
    return direction * np.clip(norm, *radii)


def sample_shell(n: int, dim: int, radii: tuple[float, float], rng: np.random.Generator,
                 box: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """n draws of t ~ N(0, I) restricted to the shell (and to `box`, per-axis (low, high)): the
    prior's own points, kept where proposals may go. Rejection sampling, then a prior draw
    projected onto the shell and clipped to the box for any point still missing."""
    kept = np.zeros((0, dim))
    for _ in range(20):
        t = rng.standard_normal((max(4 * n, 64), dim))
        norm = np.linalg.norm(t, axis=1)
        inside = (norm >= radii[0]) & (norm <= radii[1])
        if box is not None:
            inside &= np.all((t >= box[0]) & (t <= box[1]), axis=1)
        kept = np.vstack([kept, t[inside]])
        if len(kept) >= n:
            return kept[:n]
    missing = project_to_shell(rng.standard_normal((n - len(kept), dim)), radii)
    if box is not None:
        missing = np.clip(missing, box[0], box[1])
    return np.vstack([kept, missing])
