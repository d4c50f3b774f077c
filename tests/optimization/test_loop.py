"""The in-process loop: finds minima, records every point, keeps work on Ctrl-C, stores how it
ran (resolved settings and space) so that any result can be continued."""

import json
from dataclasses import replace

import numpy as np
import pytest

from vae_opt.optimization import BOSettings, OptimizationResult, Space, optimize, optimizer_after
from vae_opt.optimization.prior import shell_radii
from vae_opt.optimization.settings import BO_SETTINGS


def bowl(t):
    return np.sum((np.asarray(t) - [1.0, -2.0]) ** 2, axis=1, keepdims=True)


def test_finds_the_bowl_minimum_and_records_every_point():
    result = optimize(bowl, dim=2, seed=0, max_iter=15, settings="blog")
    assert result.X.shape == (17, 2) and result.Y.shape == (17, 1)
    assert np.allclose(result.Y, bowl(result.X))
    assert result.y_best < 0.5 and np.linalg.norm(result.x_best - [1.0, -2.0]) < 0.7
    assert result.interrupted is False


def test_the_default_is_deterministic_and_finds_the_bowl_minimum_closely():
    a = optimize(bowl, dim=2, seed=5, max_iter=20)
    b = optimize(bowl, dim=2, seed=5, max_iter=20)
    assert np.array_equal(a.X, b.X) and a.settings["settings"] == "recommended"
    assert a.y_best < 0.01 and np.linalg.norm(a.x_best - [1.0, -2.0]) < 0.1


def test_settings_default_by_dimension_and_are_resolved_against_what_the_objective_declares():
    plain = optimize(bowl, dim=2, seed=0, max_iter=1)
    assert plain.settings["bo"]["floor"] == "none"  # bowl declares no floor: none is assumed
    assert plain.settings["space"] == {"dim": 2, "bounds": [-4.0, 4.0], "prior_weight": 0.0,
                                       "floor": False}

    def with_prior(t):
        return bowl(t[:, :2]) + 0.5 * np.sum(t**2, axis=1, keepdims=True)
    with_prior.prior_weight, with_prior.floor = 1.0, True
    declared = optimize(with_prior, dim=2, seed=0, max_iter=1)
    assert declared.settings["bo"]["floor"] == "ei"
    high = optimize(lambda t: bowl(t[:, :2]), seed=0, max_iter=1, space=Space(3))  # nothing declared
    assert high.settings["settings"] == "prior-shell" and len(high.Y) == 10 + 1
    assert high.settings["bo"]["prior_shell"] == 0 and high.settings["bo"]["initial_design"] == (
        "random")  # no prior declared: the whole box, a uniform design
    outer = shell_radii(3, BO_SETTINGS["prior-shell"].prior_shell)[1]
    assert np.max(np.linalg.norm(high.X, axis=1)) > outer  # points beyond the shell: not kept to it
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


CUSTOM = replace(BO_SETTINGS["recommended"], name="not-registered", initial_points=3,
               refine_every=0, jitter=0.05)


@pytest.mark.parametrize("settings", ["blog", "recommended", CUSTOM])
def test_optimizer_after_continues_a_saved_run_with_its_own_settings(settings, tmp_path):
    result = optimize(bowl, dim=2, seed=4, max_iter=3, settings=settings, bounds=(-3.0, 5.0))
    loaded = json.loads(result.save_json(tmp_path / "r.json").read_text())
    saved = OptimizationResult(X=np.array(loaded["X"]), Y=np.array(loaded["Y"])[:, None],
                               seconds=loaded["seconds"], settings=loaded["settings"])
    for source in (result, saved):
        opt = optimizer_after(source)
        assert np.array_equal(opt.X, result.X) and np.array_equal(opt.Y, result.Y)
        assert opt.settings.to_dict() == result.settings["bo"]  # not the default, not by name
        assert opt.bounds == (-3.0, 5.0) and opt.seed == 4
        t = opt.ask()
        assert t.shape == (1, 2) and np.all((t >= -3.0) & (t <= 5.0))


def test_optimizer_after_keeps_a_declared_floor_and_refuses_a_result_that_says_nothing():
    def with_prior(t):
        return bowl(t) + 0.5 * np.sum(t**2, axis=1, keepdims=True) + np.log(2 * np.pi)
    with_prior.prior_weight, with_prior.floor = 1.0, True
    result = optimize(with_prior, dim=2, seed=0, max_iter=2)
    opt = optimizer_after(result)
    assert opt.space == Space(2, (-4.0, 4.0), 1.0, True) and opt.settings.floor == "ei"
    bare = OptimizationResult(X=result.X, Y=result.Y, seconds=0.0, settings={"seed": 0})
    with pytest.raises(ValueError, match="does not say how it was made"):
        optimizer_after(bare)


def test_optimizer_after_reads_results_written_before_settings_were_stored_in_full():
    old = optimize(bowl, dim=2, seed=0, max_iter=2, settings="blog")
    old.settings = {k: v for k, v in old.settings.items() if k not in ("bo", "space")}
    assert optimizer_after(old).settings == BOSettings("blog")


def test_result_json_is_strict_and_never_replaces_without_force(tmp_path):
    result = optimize(bowl, dim=2, seed=0, max_iter=2, settings="blog")
    path = tmp_path / "r.json"
    path.write_text("precious")
    with pytest.raises(FileExistsError, match="force"):
        result.save_json(path, force=False)
    assert path.read_text() == "precious" and sorted(p.name for p in tmp_path.iterdir()) == [
        "r.json"]  # no temporary file left behind
    saved = json.loads(result.save_json(path, force=True).read_text())
    assert set(saved) >= {"X", "Y", "x_best", "y_best", "settings", "interrupted"}
    assert saved["settings"]["settings"] == "blog" and saved["settings"]["bo"]["name"] == "blog"
    assert saved["y_best"] == min(saved["Y"]) and saved["x_best"] == saved["X"][
        int(np.argmin(saved["Y"]))]
    result.Y[0, 0] = np.nan  # strict JSON: no NaN written
    with pytest.raises(ValueError):
        result.save_json(tmp_path / "nan.json")
    assert not (tmp_path / "nan.json").exists()
