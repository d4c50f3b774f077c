"""The in-process loop: finds minima, records every point, keeps work on Ctrl-C."""

import json

import numpy as np
import pytest

from vae_opt.optimization import optimize, optimizer_after


def bowl(t):
    return np.sum((np.asarray(t) - [1.0, -2.0]) ** 2, axis=1, keepdims=True)


def test_finds_the_bowl_minimum_and_records_every_point():
    result = optimize(bowl, dim=2, seed=0, max_iter=15, settings="blog")
    assert result.X.shape == (17, 2) and result.Y.shape == (17, 1)
    assert np.allclose(result.Y, bowl(result.X))
    assert result.y_best < 0.5 and np.linalg.norm(result.x_best - [1.0, -2.0]) < 0.7
    assert result.interrupted is False


def test_recommended_is_deterministic_and_finds_a_known_optimum():
    a = optimize(bowl, dim=2, seed=5, max_iter=20, settings="recommended")
    b = optimize(bowl, dim=2, seed=5, max_iter=20, settings="recommended")
    assert np.array_equal(a.X, b.X)
    assert a.y_best < 0.05 and np.linalg.norm(a.x_best - [1.0, -2.0]) < 0.25


def test_dim_comes_from_the_objective_or_must_be_given():
    def f(t):
        return bowl(t[:, :2])
    with pytest.raises(ValueError, match="give dim="):
        optimize(f, max_iter=1)
    f.latent_dim = 3
    assert optimize(f, max_iter=1, settings="blog").X.shape == (3, 3)


@pytest.mark.parametrize("objective, message", [
    (lambda t: np.ones((len(t), 2)), r"one value per point, shape \(1, 1\)"),
    (lambda t: None, "must return numbers"),
])
def test_objectives_with_wrong_outputs_are_named(objective, message):
    with pytest.raises(ValueError, match=message):
        optimize(objective, dim=2, max_iter=1)


def test_nan_stops_the_run_naming_the_point_or_is_recorded_as_failed():
    def sometimes_nan(t):
        y = bowl(t)
        y[t[:, 0] > 0] = np.nan
        return y
    with pytest.raises(ValueError, match=r"value nan at t = \[.*\] is not a finite number"):
        optimize(sometimes_nan, dim=2, seed=0, max_iter=10, settings="blog")
    result = optimize(sometimes_nan, dim=2, seed=0, max_iter=10, settings="blog",
                      on_nonfinite="fail")
    assert len(result.failed) > 0 and np.all(result.failed[:, 0] > 0)
    assert np.all(np.isfinite(result.Y)) and len(result.Y) + len(result.failed) == 12
    assert np.isfinite(result.y_best)


def test_misspelt_options_are_refused():
    with pytest.raises(TypeError, match="acqusition"):
        optimize(bowl, dim=2, acqusition="EI")
    with pytest.raises(ValueError, match="on_nonfinite"):
        optimize(bowl, dim=2, on_nonfinite="ignore")


def test_ctrl_c_keeps_the_evaluations_made_so_far(tmp_path):
    calls = []

    def interrupted_at_five(t):
        calls.append(t)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return bowl(t)
    result = optimize(interrupted_at_five, dim=2, seed=0, max_iter=20, settings="blog")
    assert result.interrupted and len(result.Y) == 4
    path = result.save_json(tmp_path / "r.json")
    saved = json.loads(path.read_text())
    assert saved["interrupted"] is True and len(saved["X"]) == 4
    assert saved["y_best"] == min(saved["Y"])


def test_batches_spend_the_same_budget_in_fewer_rounds():
    rounds = []

    def counted(t):
        rounds.append(len(t))
        return bowl(t)
    result = optimize(counted, dim=2, seed=0, max_iter=8, batch=4, settings="blog")
    assert len(result.Y) == 10 and max(rounds) == 4 and len(rounds) < 10


def test_optimizer_after_a_run_continues_from_its_history():
    result = optimize(bowl, dim=2, seed=0, max_iter=3, settings="blog")
    opt = optimizer_after(result)
    assert np.array_equal(opt.X, result.X) and opt.ask().shape == (1, 2)


def test_result_json_is_strict_and_never_replaces_without_force(tmp_path):
    result = optimize(bowl, dim=2, seed=0, max_iter=2, settings="blog")
    path = tmp_path / "r.json"
    path.write_text("precious")
    written = result.save_json(path, force=False)
    assert path.read_text() == "precious" and written.name == "r-2.json"
    saved = json.loads(written.read_text())
    assert set(saved) >= {"X", "Y", "x_best", "y_best", "settings", "interrupted"}
    assert saved["settings"]["settings"] == "blog"
