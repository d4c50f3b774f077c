"""Weighted retraining (Tripp et al. 2020): the rank weights, and a fine-tuning round that
changes the model's copy the BO uses and not the cached one."""

import numpy as np
import pytest

from vae_opt.molecules import suite
from vae_opt.molecules.retraining import WeightedRetraining, rank_weights


def test_rank_weights_follow_one_over_kn_plus_rank():
    w = rank_weights([0.1, 3.0, 2.0, -1.0], k=0.5)  # k N = 2: ranks 2, 0, 1, 3
    expected = 1 / (2 + np.array([2, 0, 1, 3]))
    assert np.allclose(w, expected / expected.sum())
    assert rank_weights([5.0] * 1000, k=1e-3).max() / rank_weights([5.0] * 1000).min() > 100
    with pytest.raises(ValueError, match="finite values"):
        rank_weights([1.0, np.nan])


@pytest.mark.slow
def test_a_round_fine_tunes_a_fresh_copy_towards_the_best_molecules():
    retraining = WeightedRetraining(min_steps=2, batch_size=16)
    model = retraining.load()
    cached = suite.model_loader()()
    smiles = ["CCOc1ccccc1", "CC(=O)Nc1ccc(O)cc1", "CCN(CC)CC", "c1ccc2ccccc2c1"]
    before = model.encode(smiles)
    steps = retraining.fine_tune(model, smiles, [4.0, 1.0, 0.0, -2.0], np.random.default_rng(0))
    assert steps == 2 and retraining.rounds == 1
    assert not np.allclose(model.encode(smiles), before)  # the copy changed
    assert np.allclose(cached.encode(smiles), before, atol=1e-5)  # the shared model did not


@pytest.mark.slow
def test_bo_with_weighted_retraining_retrains_and_spends_the_budget():
    method = suite.method("bo_weighted_retraining", pool_size=10)
    method.retrain_every, method.retraining.min_steps = 10, 1
    oracle = suite.oracle(suite.task("penalized_logp"), 40, 10)
    method.run(oracle, seed=0)
    assert len(oracle.calls) == 40 and oracle.distinct == 40
    assert method.diagnostics["retrainings"] >= 2 and method.retraining.rounds >= 2
