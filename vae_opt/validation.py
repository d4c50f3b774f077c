"""Checks of user input, each raising a ValueError that says what was wrong and what is allowed."""

from __future__ import annotations

import numpy as np

from vae_opt.config import NUM_CLASSES

MAX_BOUND = 100.0  # |t| beyond this is ~ -log N = 5000 nats: nothing a decoder was trained on


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def check_positive_int(value, name: str) -> int:
    """`value` as a positive int, or a ValueError naming `name`."""
    if not _is_int(value) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_choice(value, choices: tuple, name: str, hint: str = "choose one of") -> None:
    """`value` must be one of `choices`; the error names `name` and lists the choices."""
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; {hint} {', '.join(map(str, choices))}")


def check_target(target) -> int:
    """The target digit as an int in 0..9."""
    if not _is_int(target):
        raise ValueError(f"target must be an integer digit 0-9, got {target!r}")
    if not 0 <= int(target) < NUM_CLASSES:
        raise ValueError(f"target must be a digit between 0 and 9, got {target}")
    return int(target)


def check_bounds(bounds) -> tuple[float, float]:
    """Bounds (low, high) of every latent coordinate, finite, with low < high."""
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
    if not _is_int(seed) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    return int(seed)


def check_seeds(seeds) -> tuple[int, ...]:
    """Seeds as integers >= 0, duplicates dropped; at least one."""
    seeds = tuple(dict.fromkeys(seeds))
    if not seeds:
        raise ValueError("give at least one seed")
    if any(not _is_int(s) or s < 0 for s in seeds):
        raise ValueError(f"seeds must be integers >= 0, got {list(seeds)}")
    return tuple(int(s) for s in seeds)


def check_count(value, name: str, available: int | None = None) -> int:
    """A count of items (> 0), and no more than `available` when that is known."""
    value = check_positive_int(value, name)
    if available is not None and value > available:
        raise ValueError(f"{name} must be at most {available} (the number available), got {value}")
    return value
