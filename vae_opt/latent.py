"""The latent space itself, without any network: points, the prior term, and grids.

Kept free of TensorFlow so that the optimization core and campaigns (`tell`, `show`) use the
prior term without starting it.
"""

from __future__ import annotations

import math

import numpy as np


def check_latent_points(t, dim: int, dtype=np.float64) -> np.ndarray:
    """Latent points as an (n, dim) array (one point may be given as (dim,)), finite, or a
    ValueError saying which shape was expected."""
    t = np.asarray(t, dtype=dtype)
    if t.ndim == 1 and t.shape[0] == dim:
        t = t[None, :]
    if t.ndim != 2 or t.shape[1] != dim:
        raise ValueError(f"latent points must have shape (n, {dim}) for this {dim}-d latent "
                         f"space, got shape {t.shape}")
    if not np.all(np.isfinite(t)):
        raise ValueError("latent points must be finite (got NaN or inf)")
    return t


def nll_prior(t: np.ndarray) -> np.ndarray:
    """-log N(t | 0, I) for latent points t of shape (n, d); returns shape (n, 1)."""
    t = np.asarray(t, dtype=np.float64)
    return 0.5 * np.sum(t**2, axis=-1, keepdims=True) + 0.5 * t.shape[-1] * math.log(2 * math.pi)


def nll_prior_gradient(t: np.ndarray) -> np.ndarray:
    """The gradient of nll_prior with respect to t: t itself, shape (n, d)."""
    return np.asarray(t, dtype=np.float64)


def latent_grid(bounds: tuple[float, float], size: int, latent_dim: int = 2) -> np.ndarray:
    """A regular size x size grid over bounds^2 as points of shape (size * size, 2)."""
    if latent_dim != 2:
        raise ValueError(f"grids and surface figures are drawn for a 2-d latent space only; this "
                         f"model's is {latent_dim}-d (use the top-10 strip or best-so-far curve)")
    axis = np.linspace(bounds[0], bounds[1], size)
    t1, t2 = np.meshgrid(axis, axis)
    return np.stack([t1.ravel(), t2.ravel()], axis=-1)
