"""The molecule suite's tasks as harness Tasks: every GuacaMol task and penalized logP by name,
finite scores, the size guard, and unknown names answered with the valid ones."""

import pytest

from vae_opt.molecules import adapters, suite

CHAIN_48 = "C" * 47 + "OC"  # the degenerate optimum of penalized logP: 48 carbons and a methoxy
ASPIRIN = "CC(=O)Oc1ccccc1C(=O)O"


def test_penalized_logp_guard_refuses_molecules_bigger_than_moses_train():
    raw = suite.task("penalized_logp").score([CHAIN_48, ASPIRIN])
    guarded = suite.task("penalized_logp_guarded").score([CHAIN_48, ASPIRIN])
    assert raw[0] > 10  # the chain wins unguarded ...
    assert guarded[0] == adapters.INVALID_PENALIZED_LOGP  # ... and scores as invalid guarded
    assert guarded[1] == pytest.approx(raw[1])  # a drug-sized molecule is untouched


def test_the_guard_is_the_largest_moses_train_molecule():
    largest = "O=C(Nc1cccc(C#Cc2ccccn2)c1)c1cccc2ncccc12"  # in MOSES train, 27 heavy atoms
    assert adapters.heavy_atoms(largest) == adapters.MOSES_TRAIN_MAX_HEAVY_ATOMS
    value = suite.task("penalized_logp_guarded").score([largest])[0]
    assert value != adapters.INVALID_PENALIZED_LOGP


def test_invalid_smiles_score_finite_so_metrics_are_defined():
    values = suite.task("penalized_logp").score(["not a molecule", ""])
    assert values == [adapters.INVALID_PENALIZED_LOGP] * 2


def test_tasks_maximize_and_key_molecules_by_canonical_smiles():
    task = suite.task("penalized_logp_guarded")
    assert task.direction == "maximize"
    assert adapters.oracle_key("OCC") == adapters.oracle_key("CCO") == "CCO"


def test_every_guacamol_task_and_both_penalized_logps_by_name():
    pytest.importorskip("guacamol", reason="guacamol is installed by `make setup`")
    tasks = suite.tasks()
    assert len(tasks) == 22
    assert {"osimertinib_mpo", "fexofenadine_mpo", "ranolazine_mpo", "perindopril_mpo",
            "amlodipine_mpo", "sitagliptin_mpo", "zaleplon_mpo", "deco_hop", "scaffold_hop",
            "penalized_logp", "penalized_logp_guarded"} <= set(tasks)
    assert all(t.direction == "maximize" and t.name == n for n, t in tasks.items())
    values = tasks["perindopril_mpo"].score([ASPIRIN, "not a molecule"])
    assert 0 < values[0] <= 1 and values[1] == -1.0  # GuacaMol scores an invalid molecule -1


def test_unknown_task_lists_the_valid_names():
    pytest.importorskip("guacamol", reason="guacamol is installed by `make setup`")
    with pytest.raises(ValueError, match="penalized_logp_guarded.*|.*osimertinib_mpo"):
        suite.task("osimertinib")


def test_unknown_method_lists_the_valid_names():
    with pytest.raises(suite.UnknownNameError, match="graph_ga, screening, prior"):
        suite.method("turbo")
    assert set(suite.methods()) == set(suite.method_names())
