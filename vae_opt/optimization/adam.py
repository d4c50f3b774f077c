"""One Adam step in NumPy (Kingma & Ba, 2015): the gradient searches of both problems use it."""

from __future__ import annotations

import numpy as np

from vae_opt.config import GRADIENT_SEARCH


def adam_step(t: np.ndarray, gradient: np.ndarray, m: np.ndarray, v: np.ndarray, step: int,
              learning_rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam update of t (step counts from 1), with its moment estimates m and v; the betas
    and epsilon are Adam's defaults (config.GRADIENT_SEARCH)."""
    beta_1, beta_2 = GRADIENT_SEARCH.beta_1, GRADIENT_SEARCH.beta_2
    m = beta_1 * m + (1 - beta_1) * gradient
    v = beta_2 * v + (1 - beta_2) * gradient**2
    m_hat, v_hat = m / (1 - beta_1**step), v / (1 - beta_2**step)
    return t - learning_rate * m_hat / (np.sqrt(v_hat) + GRADIENT_SEARCH.epsilon), m, v
