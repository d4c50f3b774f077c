"""Checks of user input, each raising a ValueError that says what was wrong and what is allowed."""

from __future__ import annotations

from vae_opt.mnist.config import NUM_CLASSES
from vae_opt.optimization.checks import (MAX_BOUND, check_bounds, check_choice,  # noqa: F401
                                         check_positive_int, check_seed)
from vae_opt.optimization.checks import is_int as _is_int


def check_target(target) -> int:
    """The target digit as an int in 0..9."""
    if not _is_int(target):
        raise ValueError(f"target must be an integer digit 0-9, got {target!r}")
    if not 0 <= int(target) < NUM_CLASSES:
        raise ValueError(f"target must be a digit between 0 and 9, got {target}")
    return int(target)


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
