"""GuacaMol's tasks through the real package: the shims, every task by name, GuacaMol's scores."""

import pytest

guacamol = pytest.importorskip("guacamol", reason="guacamol is installed by `make setup`")

from vae_opt.molecules import tasks  # noqa: E402


def test_all_twenty_goal_directed_tasks_and_penalized_logp_by_name():
    names = tasks.task_names()
    assert len(names) == 21 and names[-1] == "penalized_logp"
    assert {"osimertinib_mpo", "ranolazine_mpo", "deco_hop", "scaffold_hop",
            "celecoxib_rediscovery", "c11h24", "median_molecules_1"} <= set(names)


def test_rediscovery_scores_its_target_one_and_others_less():
    celecoxib = "CC1=CC=C(C=C1)C1=CC(=NN1C1=CC=C(C=C1)S(N)(=O)=O)C(F)(F)F"
    scores = tasks.task("celecoxib_rediscovery").score([celecoxib, "CCO"])
    assert scores[0] == pytest.approx(1.0) and scores[1] < 0.2


def test_isomer_task_scores_the_formula():
    scores = tasks.task("c11h24").score(["CCCCCCCCCCC", "CCCCCCCCCC"])  # undecane, decane
    assert scores[0] == pytest.approx(1.0) and scores[1] < scores[0]


def test_penalized_logp_is_ours():
    from vae_opt.molecules.properties import properties

    value = tasks.task("penalized_logp").score(["c1ccccc1CCCC"])[0]
    assert value == pytest.approx(properties("c1ccccc1CCCC")["penalized_logp"])


def test_unknown_task_lists_the_valid_names():
    with pytest.raises(tasks.TaskError, match="osimertinib_mpo"):
        tasks.task("osimertinib")


def test_the_scipy_shim_is_numpy_histogram():
    import numpy as np
    import scipy

    tasks.import_guacamol()
    assert scipy.histogram is np.histogram


def test_missing_guacamol_says_how_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "guacamol", None)  # import guacamol now raises ImportError
    monkeypatch.delitem(sys.modules, "guacamol.benchmark_suites", raising=False)
    tasks._guacamol_tasks.cache_clear()
    try:
        with pytest.raises(tasks.TaskError, match="pip install --no-deps guacamol==0.5.5"):
            tasks.task("osimertinib_mpo")
    finally:
        tasks._guacamol_tasks.cache_clear()
