"""The starting pool and the ledger: the same seeded MOSES draw for every method, clear errors
for a bad pool or too small a budget, and no oracle call spent twice on one molecule."""

import pytest

from vae_opt.bench.protocol import Oracle
from vae_opt.molecules import suite
from vae_opt.molecules.adapters import oracle_key
from vae_opt.molecules.ledger import Ledger
from vae_opt.molecules.pool import PoolError, PoolSpec, check_pool, moses_draw


class Counting:
    """A task that scores a molecule by its length and counts what it was asked."""

    name, direction = "length", "maximize"

    def __init__(self):
        self.asked = []

    def score(self, candidates):
        self.asked += list(candidates)
        return [float(len(c)) for c in candidates]


def ledger(budget, dedupe=True):
    return Ledger(Oracle(Counting(), budget, key=oracle_key), dedupe=dedupe)


def test_moses_draw_is_seeded_distinct_and_prefix_stable():
    twenty = moses_draw(20, seed=3)
    assert moses_draw(5, seed=3) == twenty[:5]  # screening's draw begins with the pool
    assert len(set(twenty)) == 20 and moses_draw(20, seed=4) != twenty


def test_invalid_smiles_in_a_given_pool_is_named_with_its_index():
    with pytest.raises(PoolError, match=r"pool molecule 2 \('C1CC'\)"):
        check_pool(["CCO", "c1ccccc1", "C1CC"])


def test_budget_smaller_than_the_pool_is_refused_before_any_call():
    led = ledger(budget=3)
    with pytest.raises(PoolError, match="smaller than the starting pool"):
        PoolSpec(smiles=("CCO", "CCN", "CCC", "CCCl")).score(led, seed=0)
    assert led.oracle.calls == []
    with pytest.raises(PoolError, match="smaller than the starting pool"):
        suite.oracle(suite.task("penalized_logp"), budget=10, pool_size=20)


def test_one_molecule_costs_one_call_whatever_its_spelling():
    led = ledger(budget=10)
    assert led.score(["CCO", "OCC", "C(O)C"]) == [3.0, 3.0, 3.0]
    led.score(["CCO", "CCN"])
    assert [c.candidate for c in led.oracle.calls] == ["CCO", "CCN"]
    assert led.oracle.distinct == len(led.oracle.calls)


def test_invalid_molecules_cost_no_call_and_batches_are_cut_to_the_budget():
    led = ledger(budget=2)
    assert led.score(["", "not a molecule", "CCO", "CCN", "CCC"]) == [None, None, 3.0, 3.0, None]
    assert len(led.oracle.calls) == 2 and led.left == 0


def test_without_dedupe_a_known_molecule_is_sent_again():
    led = ledger(budget=5, dedupe=False)
    led.score(["CCO", "OCC"])
    assert len(led.oracle.calls) == 2 and led.oracle.distinct == 1


def test_an_uncharged_pool_is_known_to_the_ledger_and_costs_no_call():
    led = ledger(budget=2)
    scored = PoolSpec(smiles=("CCO", "CCCN", "CCCCC"), charged=False).score(led, seed=0)
    assert scored == {"CCO": 3.0, "CCCN": 4.0, "CCCCC": 5.0} and led.oracle.calls == []
    assert led.score(["OCC", "CCCl"]) == [3.0, 4.0]  # a pool molecule is known; a new one costs
    assert [c.candidate for c in led.oracle.calls] == ["CCCl"]


def test_a_best_of_pool_holds_the_best_fifth_of_its_draw_and_others():
    task = Counting()
    pool, values = PoolSpec(10, charged=False, best_of=40)._prescored(task, seed=1)
    draw = sorted(len(s) for s in check_pool(moses_draw(40, 1, stream=23)))
    assert len(pool) == len(set(pool)) == 10 and values == [float(len(s)) for s in pool]
    assert values[:2] == [float(v) for v in draw[::-1][:2]]  # the best two of 40 come first
    assert set(pool) <= set(check_pool(moses_draw(40, 1, stream=23)))
    with pytest.raises(PoolError, match="charged=False"):
        PoolSpec(10, best_of=40)
