"""Every method of the molecule suite against a budgeted Oracle: the budget holds, the starting
pool is scored first, every call is recorded, and no molecule is scored twice."""

import sys

import numpy as np
import pytest

from vae_opt.bench.protocol import Oracle
from vae_opt.molecules import suite
from vae_opt.molecules.adapters import oracle_key
from vae_opt.molecules.latent_bo import LatentBO
from vae_opt.molecules.peers import GraphGA, MissingPackageError, PriorDraws
from vae_opt.molecules.pool import PoolError, PoolSpec, moses_draw

BUDGET, POOL = 50, 20
TASK = "penalized_logp_guarded"  # cheap and needs no GuacaMol


class FewMolecules:
    """A stand-in VAE whose decoder knows only 12 molecules: proposals collide all the time."""

    latent_dim = 6
    smiles = moses_draw(12, seed=99)

    def decode(self, t):
        index = np.floor(np.abs(np.asarray(t)[:, 0]) * 4).astype(int) % len(self.smiles)
        return [self.smiles[i] for i in index]

    def encodable(self, smiles):
        return list(smiles)

    def encode(self, smiles):
        return np.array([np.random.default_rng(abs(hash(s)) % 2**32).standard_normal(6)
                         for s in smiles])


FAST = {"candidates": 200, "refit_every": 100, "max_idle_iterations": 3}  # stand-in runs


def run(method, budget=BUDGET, seed=0, task=TASK):
    oracle = suite.oracle(suite.task(task), budget, POOL)
    method.run(oracle, seed)
    return oracle


@pytest.mark.parametrize("name", ["bo", "graph_ga", "screening", "prior"])
def test_each_method_spends_the_budget_on_distinct_molecules_after_the_pool(name):
    oracle = run(suite.methods(pool_size=POOL)[name])
    pool = PoolSpec(POOL).molecules(0)
    assert len(oracle.calls) == BUDGET  # the committed model and the GA always find new ones
    assert [c.candidate for c in oracle.calls[:POOL]] == pool  # same pool, scored first
    assert oracle.distinct == BUDGET  # no molecule scored twice
    assert all(np.isfinite(c.value) for c in oracle.calls)


def test_bo_on_a_guacamol_mpo_keeps_its_timings_and_the_same_pool():
    pytest.importorskip("guacamol", reason="guacamol is installed by `make setup`")
    bo = suite.method("bo", pool_size=POOL)
    oracle = run(bo, task="perindopril_mpo", seed=1)
    assert len(oracle.calls) == BUDGET and oracle.distinct == BUDGET
    assert len(bo.seconds_per_iteration) >= (BUDGET - POOL) // bo.batch
    assert [c.candidate for c in oracle.calls[:POOL]] == PoolSpec(POOL).molecules(1)


def test_bo_never_spends_a_call_twice_even_when_the_decoder_repeats_itself():
    bo = LatentBO(FewMolecules, PoolSpec(5), **FAST)
    oracle = run(bo, budget=40)
    assert oracle.distinct == len(oracle.calls) <= 5 + 12  # stopped: nothing new to decode
    assert len(bo._y) > len(oracle.calls)  # ... and the GP learned the known values it met


def test_bo_without_dedupe_does_spend_calls_twice():  # the ablation's "off" really is off
    bo = LatentBO(FewMolecules, PoolSpec(5), dedupe=False, **FAST)
    oracle = run(bo, budget=40)
    assert len(oracle.calls) == 40 and oracle.distinct < 40


@pytest.mark.parametrize("name", ["bo_no_warm_start", "bo_prior_shell", "bo_no_region",
                                  "bo_batch_1"])
def test_each_ablation_variant_respects_the_budget(name):
    method = LatentBO(FewMolecules, PoolSpec(5), name=name, **FAST, **suite.BO_VARIANTS[name])
    oracle = run(method, budget=30)
    assert 5 <= len(oracle.calls) <= 30 and oracle.distinct == len(oracle.calls)


def test_prior_draws_stop_when_the_decoder_has_nothing_new():
    prior = PriorDraws(FewMolecules, PoolSpec(5), batch=10, max_draws_per_call=2)
    oracle = run(prior, budget=40)
    assert oracle.distinct == len(oracle.calls) <= 5 + 12


@pytest.mark.parametrize("name", ["bo", "graph_ga", "screening", "prior"])
def test_a_budget_smaller_than_the_pool_is_a_clear_error(name):
    method = suite.methods(pool_size=POOL)[name]
    with pytest.raises(PoolError, match="budget .* is smaller than the starting pool"):
        method.run(Oracle(suite.task(TASK), POOL - 1, key=oracle_key), seed=0)


def test_a_given_pool_with_an_invalid_smiles_is_named():
    method = suite.method("screening", pool_smiles=["CCO", "C1CC"])
    with pytest.raises(PoolError, match=r"pool molecule 1 \('C1CC'\)"):
        run(method)


def test_missing_mol_ga_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "mol_ga", None)  # `import mol_ga` now raises ImportError
    with pytest.raises(MissingPackageError, match="pip install mol-ga==0.2.1"):
        run(GraphGA(PoolSpec(POOL)))


def test_trust_region_centres_on_a_point_that_decodes_to_its_own_molecule():
    bo = LatentBO(FewMolecules)
    bo._t, bo._y, bo._own = np.zeros((0, 2)), np.zeros(0), np.zeros(0, bool)
    bo._learn(np.array([[0.0, 0.0], [1.0, 1.0]]), [0.9, 0.1], own=[False, True])  # pool
    bo._learn(np.array([[2.0, 2.0]]), [None])  # no molecule: learned at the worst value
    assert bo._y.tolist() == [0.9, 0.1, 0.1]
    assert bo._center().tolist() == [1.0, 1.0]  # not the pool's best, whose t_mean decodes away
