"""The latent space itself, without any network: points, the prior term, and grids.

Kept free of TensorFlow so that campaigns (`tell`, `show`) use the prior term without starting
it. The prior's geometry and the point check live in the optimization core
(``vae_opt.optimization.prior`` and ``checks``) and are re-exported here.
"""

from __future__ import annotations

import numpy as np

from vae_opt.optimization.checks import check_points as check_latent_points  # noqa: F401
from vae_opt.optimization.prior import (nll_prior, nll_prior_gradient,  # noqa: F401
                                        project_to_shell, sample_shell, shell_radii)


def latent_grid(bounds: tuple[float, float], size: int, latent_dim: int = 2) -> np.ndarray:
    """A regular size x size grid over bounds^2 as points of shape (size * size, 2)."""
    if latent_dim != 2:
        raise ValueError(f"grids and surface figures are drawn for a 2-d latent space only; this "
                         f"model's is {latent_dim}-d (use the top-10 strip or best-so-far curve)")
    axis = np.linspace(bounds[0], bounds[1], size)
    t1, t2 = np.meshgrid(axis, axis)
    return np.stack([t1.ravel(), t2.ravel()], axis=-1)
