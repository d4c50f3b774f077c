"""The objective of latent-space optimization for molecules, to minimise:

    f(t) = -property(decode(t)) + w * nll_prior(t)

The property is the external measurement: RDKit on the decoded molecule (QED, penalized logP),
not the predictor, which only guides the gradient baseline. The prior term keeps the search
where the decoder has seen data; w is per property (config.MOLECULES.prior_weights) because a
property, unlike MNIST's log p(y | t), is no log-likelihood.

A latent point whose decode is no molecule (the empty string: all positions padding) gets the
documented finite penalty ``invalid_values[property]`` by default (``invalid="penalty"``), so
the GP learns to avoid it; with ``invalid="fail"`` its value is NaN, for ``optimize(...,
on_nonfinite="fail")``, which leaves it out of the GP. Every evaluation is recorded in
``records`` (SMILES and all properties), which the benchmark and the notebook read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from vae_opt.molecules.config import MOLECULES, MoleculeConfig
from vae_opt.latent import check_latent_points, nll_prior
from vae_opt.validation import check_choice
from vae_opt.molecules.bundle import MoleculeModel
from vae_opt.molecules.properties import PROPERTIES, check_property, properties

INVALID = ("penalty", "fail")


def prior_weight(prop: str, config: MoleculeConfig = MOLECULES) -> float:
    return dict(config.prior_weights)[check_property(prop)]


def invalid_value(prop: str, config: MoleculeConfig = MOLECULES) -> float:
    return dict(config.invalid_values)[check_property(prop)]


@dataclass
class Record:
    """One evaluation: the point, its molecule, every property (NaN if no molecule), f."""

    t: np.ndarray
    smiles: str
    values: dict[str, float]
    f: float

    @property
    def valid(self) -> bool:
        return not math.isnan(self.values[PROPERTIES[0]])


@dataclass
class MoleculeObjective:
    """f(t) = -property(decode(t)) + w * nll_prior(t), shape (n, 1); see the module docstring."""

    model: MoleculeModel
    prop: str = "qed"
    weight: float | None = None  # w; None: the config's for this property
    invalid: str = "penalty"
    config: MoleculeConfig = MOLECULES
    records: list[Record] = field(default_factory=list)

    def __post_init__(self):
        check_property(self.prop)
        check_choice(self.invalid, INVALID, "handling of invalid molecules (invalid=)")
        if self.weight is None:
            self.weight = prior_weight(self.prop, self.config)

    @property
    def latent_dim(self) -> int:
        return self.model.latent_dim

    @property
    def prior_weight(self) -> float:
        """w, declared to the optimizer (vae_opt.optimization.Space); no floor: -property may
        take any sign."""
        return float(self.weight)

    def __call__(self, t: np.ndarray) -> np.ndarray:
        t = check_latent_points(t, self.latent_dim)
        smiles = self.model.decode(t)
        measured = [properties(s) for s in smiles]
        fallback = invalid_value(self.prop, self.config) if self.invalid == "penalty" else np.nan
        prop = np.asarray([fallback if math.isnan(m[self.prop]) else m[self.prop]
                           for m in measured], dtype=np.float64)
        f = -prop[:, None] + self.weight * nll_prior(t)
        for ti, s, m, fi in zip(t, smiles, measured, f[:, 0]):
            self.records.append(Record(ti.copy(), s, m, float(fi)))
        return f


@dataclass
class PredictorObjective:
    """g(t) = -predicted property(t) + w * nll_prior(t) with its gradient: the predictor's view,
    used by the gradient-search baseline (never as the measurement)."""

    model: MoleculeModel
    prop: str = "qed"
    weight: float | None = None
    config: MoleculeConfig = MOLECULES

    def __post_init__(self):
        if self.prop not in self.model.property_names:
            raise ValueError(f"the model predicts {self.model.property_names}, not {self.prop!r}")
        if self.weight is None:
            self.weight = prior_weight(self.prop, self.config)

    @property
    def latent_dim(self) -> int:
        return self.model.latent_dim

    def value_and_gradient(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """g at t (n,) and dg/dt (n, d)."""
        from vae_opt.backend import tf  # TensorFlow

        j = self.model.property_names.index(self.prop)
        scale = float(self.model.property_std[j])
        shift = float(self.model.property_mean[j])
        x = tf.constant(np.asarray(t, dtype=np.float32))
        with tf.GradientTape() as tape:
            tape.watch(x)
            predicted = self.model.predictor(x, training=False)[:, j] * scale + shift
            g = -predicted + self.weight * 0.5 * tf.reduce_sum(x * x, axis=-1)
        gradient = tape.gradient(g, x)
        return np.asarray(g, dtype=np.float64), np.asarray(gradient, dtype=np.float64)
