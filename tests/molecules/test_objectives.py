"""Molecule objectives: accepted by the domain-free optimize, penalties for non-molecules."""

import numpy as np
import pytest

from vae_opt.optimization.settings import BOSettings
from vae_opt.latent import nll_prior
from vae_opt.molecules.objectives import MoleculeObjective, PredictorObjective
from vae_opt.optimization import optimize


def test_optimize_accepts_the_objective(tiny_model):
    objective = MoleculeObjective(tiny_model, "qed")
    result = optimize(objective, bounds=(-2.0, 2.0), seed=0, max_iter=2,
                      settings=BOSettings("test", initial_points=2, restarts=1))
    assert result.X.shape == (4, 4) and np.all(np.isfinite(result.Y))
    assert len(objective.records) == 4


def test_value_is_minus_property_plus_weighted_prior(tiny_model, monkeypatch):
    objective = MoleculeObjective(tiny_model, "qed", weight=0.5)
    t = np.zeros((2, 4))
    monkeypatch.setattr(tiny_model, "decode", lambda t: ["CC(=O)Oc1ccccc1C(=O)O", ""])
    f = objective(t)
    assert f.shape == (2, 1)
    prior = 0.5 * nll_prior(t)[:, 0]
    assert f[0, 0] == pytest.approx(-0.5501 + prior[0], abs=1e-3)
    assert f[1, 0] == pytest.approx(-0.0 + prior[1])  # the empty molecule: QED penalty 0
    assert not objective.records[1].valid
    failing = MoleculeObjective(tiny_model, "qed", invalid="fail")
    assert np.isnan(failing(t)[1, 0])


def test_predictor_gradient_is_finite(tiny_model):
    g, grad = PredictorObjective(tiny_model, "penalized_logp").value_and_gradient(np.ones((3, 4)))
    assert g.shape == (3,) and grad.shape == (3, 4) and np.all(np.isfinite(grad))
