"""Checks of what a caller gives the optimization core, each a ValueError that says what is allowed.

They live here so that the core imports nothing else of the package; ``vae_opt.validation``
re-exports them for the rest of it.
"""

from __future__ import annotations

import numpy as np

MAX_BOUND = 100.0  # |t| beyond this is ~ -log N = 5000 nats: nothing a decoder was trained on


def is_int(value) -> bool:
    """True for an int or NumPy integer, False for a bool."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def check_positive_int(value, name: str) -> int:
    """`value` as a positive int, or a ValueError naming `name`."""
    if not is_int(value) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_choice(value, choices: tuple, name: str, hint: str = "choose one of") -> None:
    """`value` must be one of `choices`; the error names `name` and lists the choices."""
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; {hint} {', '.join(map(str, choices))}")


def check_bounds(bounds) -> tuple[float, float]:
    """Bounds (low, high) of every coordinate, finite, with low < high."""
    try:
        low, high = (float(b) for b in bounds)
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be two numbers (low, high), got {bounds!r}") from None
    if not (np.isfinite(low) and np.isfinite(high)) or low >= high:
        raise ValueError(f"bounds must be finite with low < high, got low={low}, high={high}")
    if max(abs(low), abs(high)) > MAX_BOUND:
        raise ValueError(f"bounds must lie within [-{MAX_BOUND:g}, {MAX_BOUND:g}], got low={low:g}, "
                         f"high={high:g}; the prior N(0, I) has no mass that far out")
    return low, high


def check_seed(seed) -> int:
    """A random seed: an integer >= 0."""
    if not is_int(seed) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    return int(seed)


def check_points(t, dim: int, dtype=np.float64) -> np.ndarray:
    """Points as an (n, dim) array (one point may be given as (dim,)), finite, or a ValueError
    saying which shape was expected."""
    t = np.asarray(t, dtype=dtype)
    if t.ndim == 1 and t.shape[0] == dim:
        t = t[None, :]
    if t.ndim != 2 or t.shape[1] != dim:
        raise ValueError(f"latent points must have shape (n, {dim}) for this {dim}-d latent "
                         f"space, got shape {t.shape}")
    bad = np.flatnonzero(~np.isfinite(t).all(axis=1))
    if len(bad):
        raise ValueError(f"latent points must be finite (got NaN or inf at point {bad[0]}: "
                         f"{t[bad[0]].tolist()})")
    return t
