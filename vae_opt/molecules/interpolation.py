"""A line in latent space between two molecules, decoded (Figure 3 of Gomez-Bombarelli et al.):
what the continuous representation means between two known points."""

from __future__ import annotations

import numpy as np

from vae_opt.molecules.bundle import MoleculeModel


def latent_line(t_a: np.ndarray, t_b: np.ndarray, steps: int) -> np.ndarray:
    """`steps` points evenly spaced on the segment from t_a to t_b, both ends included."""
    if steps < 2:
        raise ValueError(f"an interpolation needs at least 2 steps, got {steps}")
    weights = np.linspace(0.0, 1.0, steps)[:, None]
    return (1.0 - weights) * np.asarray(t_a)[None, :] + weights * np.asarray(t_b)[None, :]


def interpolate(model: MoleculeModel, smiles_a: str, smiles_b: str,
                steps: int = 8) -> list[str]:
    """The decodes of `steps` points on the line between the t_mean of two molecules."""
    t = model.encode([smiles_a, smiles_b])
    return model.decode(latent_line(t[0], t[1], steps))
