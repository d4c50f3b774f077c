"""The quality metrics of a molecule model, on a tiny untrained one: every number in range, the
table shows them, and held-out molecules come from MOSES test only."""

import numpy as np
import pytest

from vae_opt.molecules import quality


@pytest.fixture(scope="module")
def metrics(tiny_model):
    return quality.evaluate(tiny_model, n_test=6, n_prior=20, protocol_molecules=3,
                            log=lambda _: 0, training=frozenset({"CCO"}))


def test_metrics_are_shares_and_counts(metrics, tiny_model):
    assert metrics["test_molecules"] == 6 and metrics["protocol_molecules"] == 3
    for key in ("greedy_reconstruction", "protocol_reconstruction"):
        assert 0.0 <= metrics[key] <= 1.0
    prior = metrics["prior"]
    assert prior["n"] == 20 and all(0 <= prior[k] <= 1 for k in ("validity", "uniqueness",
                                                                 "novelty"))
    assert 0 <= metrics["latent"]["active_units"] <= tiny_model.latent_dim
    assert set(metrics["predictor_r2"]) == {"qed", "penalized_logp"}


def test_table_lists_every_metric(metrics):
    text = quality.table(metrics)
    for needle in ("greedy reconstruction", "10 encodings x 10 decodings", "valid / unique / novel",
                   "active units", "predictor R^2, qed"):
        assert needle in text


def test_held_out_molecules_are_moses_test_only(tiny_model):
    from vae_opt.molecules.data import held_out_molecules, read_moses

    test = held_out_molecules(4, seed=0, accept=tiny_model.can_encode)
    assert len(test) == 4 and set(test) <= set(read_moses("test"))
    assert not set(test) & set(read_moses("train"))
    assert held_out_molecules(4, seed=0, accept=tiny_model.can_encode) == test


def test_active_units_count_dimensions_that_vary(tiny_model, monkeypatch):
    t_mean = np.zeros((50, tiny_model.latent_dim))
    t_mean[:, 0] = np.linspace(-1, 1, 50)  # variance 0.35: active; the rest constant
    monkeypatch.setattr(type(tiny_model), "encode_distribution",
                        lambda self, smiles: (t_mean, np.zeros_like(t_mean)))
    usage = quality.latent_usage(tiny_model, ["C"] * 50)
    assert usage["active_units"] == 1
    assert usage["kl_mean"] == pytest.approx(0.5 * np.mean(t_mean[:, 0] ** 2))


def test_reconstruction_pairs_put_each_decode_beside_its_molecule(tiny_model, monkeypatch):
    smiles = ["CCO", "c1ccccc1"]
    monkeypatch.setattr(tiny_model, "decode", lambda t: ["OCC", "CCN"])  # one same, one not
    pairs, titles = quality.reconstruction_pairs(tiny_model, smiles)
    assert pairs == ["CCO", "OCC", "c1ccccc1", "CCN"]
    assert titles[1].endswith("same") and titles[3].endswith("different")
