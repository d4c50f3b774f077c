"""Other libraries' BO in the benchmark: adapters tested when the `peers` extra is installed."""

from __future__ import annotations

import io

import numpy as np
import pytest

from vae_opt.benchmark import peers, runner
from vae_opt.benchmark.runner import ALL_METHODS, check_methods, objective_minima, run_benchmark


def bowl(t):
    return np.sum((np.asarray(t) - [1.0, -2.0]) ** 2, axis=1, keepdims=True)


def test_methods_are_checked_and_ordered():
    assert check_methods(["cvae", "bo", "bo"]) == ("bo", "cvae")
    with pytest.raises(ValueError, match="unknown benchmark method.*'sgd'.*choose from bo"):
        check_methods(["bo", "sgd"])
    with pytest.raises(ValueError, match="at least one method"):
        check_methods([])


def test_missing_peers_are_skipped_with_one_line(monkeypatch):
    monkeypatch.setattr(runner, "available", lambda peer: False)
    note = io.StringIO()
    assert check_methods(ALL_METHODS, note) == runner.METHODS + ("prior",)
    lines = note.getvalue().splitlines()
    assert len(lines) == 1
    assert "skipping skopt, botorch: not installed" in lines[0] and ".[peers]" in lines[0]
    assert check_methods(["random"], note) == ("random",) and len(note.getvalue().splitlines()) == 1


@pytest.mark.parametrize("peer", [
    "skopt", pytest.param("botorch", marks=pytest.mark.slow),  # importing torch: seconds
])
def test_peer_adapters_spend_the_budget_deterministically(peer):
    pytest.importorskip({"skopt": "skopt", "botorch": "botorch"}[peer])
    search = peers.SEARCHES[peer]
    a = search(bowl, 8, 2, (-4.0, 4.0), seed=1)
    b = search(bowl, 8, 2, (-4.0, 4.0), seed=1)
    assert a.X.shape == (8, 2) and a.Y.shape == (8, 1)
    assert np.all(np.abs(a.X) <= 4.0)
    assert np.allclose(a.Y, bowl(a.X))  # every value is the objective's at its point
    assert np.array_equal(a.X, b.X)
    assert a.settings["method"] == peer and a.seconds > 0
    assert a.y_best < bowl(a.X[:2]).min() + 1e-12  # never worse than its initial points


def test_peers_run_in_the_benchmark_at_the_same_budget(stand_ins):
    pytest.importorskip("skopt")
    runs = run_benchmark((4,), (0,), 6, models=stand_ins, grid_spacing=1.0, budget=7,
                         methods=("random", "skopt"), stream=io.StringIO())
    assert [r.row["method"] for r in runs] == ["random", "skopt"]
    assert all(r.row["n_evaluations"] == 7 and len(r.trace) == 7 for r in runs)
    minimum = objective_minima(stand_ins.objective(4).log_probs, (-4.0, 4.0), 1.0)[4]
    row = runs[1].row
    assert row["regret"] == pytest.approx(row["best_objective"] - minimum)
    assert runs[1].trace[-1] == pytest.approx(row["best_objective"])
