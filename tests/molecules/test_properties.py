"""RDKit properties on known molecules, and the penalized logP's standardisation."""

import math

import pytest

from vae_opt.molecules import properties as P


def test_qed_of_aspirin():
    assert P.properties("CC(=O)Oc1ccccc1C(=O)O")["qed"] == pytest.approx(0.55, abs=0.01)


def test_penalized_logp_is_the_standardised_sum_of_its_parts():
    mol = P.molecule("CC(C)Cc1ccc(C(C)C(=O)O)cc1")  # ibuprofen
    logp, sa, cycle = P.logp(mol), P.sa_score(mol), P.cycle_penalty(mol)
    assert 1 <= sa <= 10 and cycle == 0
    expected = ((logp - 2.4570953396190123) / 1.434324401111988
                + (-sa + 3.0525811293166134) / 0.8335207024513095
                + (-cycle + 0.0485696876403053) / 0.2860212110245455)
    values = P.properties("CC(C)Cc1ccc(C(C)C(=O)O)cc1")
    assert values["penalized_logp"] == pytest.approx(expected)
    assert values["penalized_logp_raw"] == pytest.approx(logp - sa - cycle)


def test_signs_longer_chains_raise_big_rings_lower():
    short, long_ = (P.properties(s)["penalized_logp"] for s in ("CCCCCC", "CCCCCCCCCCCC"))
    assert long_ > short
    assert P.cycle_penalty(P.molecule("C1CCCCCCC1")) == 2  # an 8-ring: 8 - 6
    ring8, chain8 = (P.properties(s)["penalized_logp"] for s in ("C1CCCCCCC1", "CCCCCCCC"))
    assert ring8 < chain8


def test_non_molecules_are_nan():
    for smiles in ("", "C1CC", "not a molecule"):
        assert all(math.isnan(v) for v in P.properties(smiles).values())
    with pytest.raises(ValueError, match="unknown property"):
        P.properties("CCO", ["logd"])
