"""One Adam step in NumPy (Kingma & Ba, 2015): the gradient searches of both problems use it."""

from __future__ import annotations

import numpy as np

BETA_1, BETA_2, EPSILON = 0.9, 0.999, 1e-8  # Adam's defaults


def adam_step(t: np.ndarray, gradient: np.ndarray, m: np.ndarray, v: np.ndarray, step: int,
              learning_rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam update of t (step counts from 1), with its moment estimates m and v; the betas
    and epsilon are Adam's defaults (BETA_1, BETA_2, EPSILON)."""
    m = BETA_1 * m + (1 - BETA_1) * gradient
    v = BETA_2 * v + (1 - BETA_2) * gradient**2
    m_hat, v_hat = m / (1 - BETA_1**step), v / (1 - BETA_2**step)
    return t - learning_rate * m_hat / (np.sqrt(v_hat) + EPSILON), m, v
