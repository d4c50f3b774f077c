"""The named BO settings and the options the settings study added (docs/bo-settings.md)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import scipy.optimize

from vae_opt.optimization.settings import BOSettings, BO_SETTINGS, default_settings
from vae_opt.latent import shell_radii
from vae_opt.optimization import Optimizer, check_settings, optimize
from vae_opt.optimization import gpyopt_additions as additions
from vae_opt.optimization import gpyopt_backend as backend

LOG_2PI = np.log(2 * np.pi)
CENTER = np.array([1.2, -0.8])


def well(t):
    """nll_prior(t) plus a well of depth 6 at CENTER: nowhere below the prior's floor, like the
    package's objectives, with its minimum between the well and the origin."""
    t = np.atleast_2d(t)
    prior = 0.5 * np.sum(t**2, axis=1) + LOG_2PI
    return (prior + 6.0 * (1 - np.exp(-np.sum((t - CENTER) ** 2, axis=1) / (2 * 0.7**2))))[:, None]


well.prior_weight, well.floor = 1.0, True  # declared, as the package's objectives declare it


def well_minimum() -> tuple[np.ndarray, float]:
    results = [scipy.optimize.minimize(lambda t: float(well(t)[0, 0]), x0)
               for x0 in ([0.0, 0.0], CENTER, 0.5 * CENTER)]
    best = min(results, key=lambda r: r.fun)
    return best.x, float(best.fun)


def test_blog_keeps_gpyopt_as_the_method_uses_it():
    blog = BO_SETTINGS["blog"]
    assert blog == BOSettings("blog")
    assert (blog.anchor_points, blog.anchor_samples) == (5, 1000)  # GPyOpt's fixed values
    assert (blog.refine, blog.refine_every, blog.known_quadratic) == (0, 0, 0)
    assert blog.floor == "none" and blog.fast_predictions is False


def test_recommended_is_deterministic_under_a_seed():
    a = optimize(well, dim=2, seed=3, max_iter=8, settings="recommended")
    b = optimize(well, dim=2, seed=3, max_iter=8, settings="recommended")
    c = optimize(well, dim=2, seed=4, max_iter=8, settings="recommended")
    assert np.array_equal(a.X, b.X) and np.array_equal(a.Y, b.Y)
    assert not np.array_equal(a.X, c.X)


def test_recommended_finds_a_known_minimum_within_its_budget():
    settings = BO_SETTINGS["recommended"]
    x_min, f_min = well_minimum()
    result = optimize(well, dim=2, seed=0, settings=settings, max_iter=52 - settings.initial_points)
    assert len(result.Y) == 52
    assert result.y_best - f_min < 0.05
    assert np.linalg.norm(result.x_best - x_min) < 0.2


def test_recommended_proposes_batches_and_ignores_a_floor_its_values_break():
    batched = optimize(well, dim=2, seed=0, max_iter=9, batch=3, settings="recommended")
    assert len(batched.Y) == BO_SETTINGS["recommended"].initial_points + 9
    shifted = optimize(lambda t: well(t) - 10.0, dim=2, seed=0, max_iter=6,
                       settings="recommended")  # below nll_prior: the floor is off, no error
    assert np.all(np.isfinite(shifted.Y))


def test_floor_region_is_the_ball_below_the_best_value():
    X = np.array([[0.5, 0.5], [2.0, -1.0]])
    Y = well(X)
    box, constraints = additions.floor_region(X, Y, (-4.0, 4.0))
    radius = np.sqrt(2 * (Y.min() - LOG_2PI))
    assert box == pytest.approx((-radius, radius))
    assert len(constraints) == 1 and constraints[0]["name"] == "floor"
    # A value below the floor: the objective is not of that form, so no floor.
    assert additions.floor_region(X, Y - 5.0, (-4.0, 4.0)) is None


@pytest.mark.parametrize("extra", [{}, {"known_quadratic": 1.0}])
def test_floor_ei_is_zero_outside_the_ball_and_its_gradient_is_right(extra):
    settings = replace(BOSettings("t", initial_points=5, exact_feval=True, restarts=1,
                                  floor="ei"), **extra)
    X = np.random.default_rng(0).uniform(-2, 2, size=(10, 2))
    Y = well(X)
    with backend.global_seed(0):
        bo = backend.fitted(X, Y, (-4.0, 4.0), settings, prior_weight=1.0)
    acquisition = bo.acquisition
    radius = np.sqrt(2 * (Y.min() - LOG_2PI))
    outside = np.array([[radius * 1.01, 0.0], [0.0, -radius * 1.2]])
    assert np.all(acquisition.acquisition_function(outside) == 0)
    inside = np.random.default_rng(1).uniform(-radius / 1.5, radius / 1.5, size=(30, 2))
    values = -acquisition.acquisition_function(inside)[:, 0]
    assert np.all(values >= 0) and values.max() > 0
    t = inside[[int(np.argmax(values))]]
    _, gradient = acquisition.acquisition_function_withGradients(t)
    h = 1e-6
    numeric = [(acquisition.acquisition_function(t + h * e) -
                acquisition.acquisition_function(t - h * e))[0, 0] / (2 * h) for e in np.eye(2)]
    assert gradient[0] == pytest.approx(numeric, rel=1e-3, abs=1e-7)


def test_the_floor_applies_before_its_ball_fits_in_the_box():
    settings = BOSettings("t", initial_points=5, exact_feval=True, restarts=1, floor="ei")
    X = np.array([[3.0, 3.0], [-3.5, 2.0], [2.5, -3.5], [-3.0, -3.0], [3.9, 0.0]])
    Y = well(X)  # best value 15.4: a ball of radius 5.2, wider than the box, short of its corners
    with backend.global_seed(0):
        bo = backend.fitted(X, Y, (-4.0, 4.0), settings, prior_weight=1.0)
    assert [v["domain"] for v in bo.domain] == [(-4.0, 4.0)] * 2
    corners = np.array([[4.0, 4.0], [-4.0, 4.0], [4.0, -4.0], [-4.0, -4.0]])
    assert np.all(bo.acquisition.acquisition_function(corners) == 0)  # outside the ball


@pytest.mark.parametrize("extra", [{"known_quadratic": 1.0},
                                   {"known_quadratic": 1.0, "fast_predictions": True}])
def test_a_known_term_is_added_back_to_the_objective_units(extra):
    settings = BOSettings("t", initial_points=5, exact_feval=True, restarts=1, **extra)
    X = np.random.default_rng(2).uniform(-3, 3, size=(12, 2))
    Y = well(X)
    with backend.global_seed(0):
        bo = backend.fitted(X, Y, (-4.0, 4.0), settings, prior_weight=1.0)
    mean, std = backend.posterior(bo, X)  # exact evaluations: the GP interpolates them
    assert mean == pytest.approx(Y[:, 0], abs=1e-2)
    assert np.all(std < 0.05)


@pytest.mark.parametrize("extra", [{}, {"ard": True}, {"exact_feval": False}])
def test_fast_predictions_are_gpys_numbers(extra):
    settings = replace(BOSettings("t", initial_points=5, exact_feval=True, restarts=1), **extra)
    rng = np.random.default_rng(4)
    X, t = rng.uniform(-4, 4, size=(20, 2)), rng.uniform(-4, 4, size=(6, 2))
    Y = well(X)
    with backend.global_seed(0):
        gpy = backend.fitted(X, Y, (-4.0, 4.0), settings, prior_weight=1.0)
    with backend.global_seed(0):
        fast = backend.fitted(X, Y, (-4.0, 4.0), replace(settings, fast_predictions=True),
                              prior_weight=1.0)
    assert "predict" in vars(fast.model) and "predict" not in vars(gpy.model)  # replaced...
    for ours, theirs in zip(fast.model.predict_withGradients(t), gpy.model.predict_withGradients(t)):
        assert np.allclose(ours, theirs, rtol=1e-9, atol=1e-12)  # ...by the same numbers
    for noise in (True, False):
        assert np.allclose(fast.model.predict(t, noise), gpy.model.predict(t, noise), rtol=1e-9,
                           atol=1e-12)


def test_gpyopt_patches_save_time_but_change_no_proposal(monkeypatch):
    from GPyOpt.optimization import acquisition_optimizer, optimizer

    X = np.random.default_rng(3).uniform(-4, 4, size=(8, 2))
    Y = well(X)

    def proposal(settings: str) -> np.ndarray:
        with backend.global_seed(7):
            return backend.propose(backend.fitted(X, Y, (-4.0, 4.0), BO_SETTINGS[settings],
                                                  prior_weight=1.0), 1)

    patched = {name: proposal(name) for name in ("blog", "recommended")}
    monkeypatch.setattr(optimizer.OptLbfgs, "optimize", backend.ORIGINALS["lbfgs"])
    monkeypatch.setattr(acquisition_optimizer.AcquisitionOptimizer, "optimize",
                        backend.ORIGINALS["anchors"])
    fitted = backend.fitted

    def uncached(*args, **kwargs):  # GPyOpt's own get_fmin, recomputed at every call
        bo = fitted(*args, **kwargs)
        del bo.model.get_fmin
        return bo

    monkeypatch.setattr(backend, "fitted", uncached)
    for name in ("blog", "recommended"):
        assert np.array_equal(proposal(name), patched[name])


def test_refinement_spends_the_last_proposals_near_the_best_point():
    settings = BOSettings("t", initial_points=4, exact_feval=True, restarts=1, refine=2,
                          refine_radius=0.3)
    optimizer = Optimizer(2, settings=settings, seed=0, budget=10)
    while optimizer.n_proposed < 10:
        t = optimizer.ask()
        if optimizer.n_proposed > 8:  # the last two proposals
            best, _ = optimizer.best()
            assert np.max(np.abs(t[0] - best)) <= 0.3 + 1e-9
        optimizer.tell(t, well(t))


@pytest.mark.parametrize("change, message", [
    ({"anchor_points": 0}, "anchor_points must be a positive integer"),
    ({"anchor_points": 10, "anchor_samples": 5}, "anchor_samples .* must be at least"),
    ({"refine": -1}, "refine must be an integer >= 0"),
    ({"refine_radius": 0.0}, "refine_radius must be > 0"),
    ({"floor": "hard"}, "none, constraint, ei"),
    ({"floor": "ei", "acquisition": "LCB"}, 'needs acquisition="EI"'),
    ({"known_quadratic": float("nan")}, "known_quadratic must be a finite number"),
    ({"prior_shell": 1.0}, "prior_shell must be 0"),
    ({"prior_shell": -0.2}, "prior_shell must be 0"),
    ({"initial_design": "prior"}, "set prior_shell too"),
])
def test_impossible_options_are_refused(change, message):
    with pytest.raises(ValueError, match=message):
        check_settings(replace(BOSettings("x"), **change))


def prior_only(t):
    """nll_prior(t) alone: its minimum is t = 0, in the hole of the prior's shell."""
    t = np.atleast_2d(t)
    return 0.5 * np.sum(t**2, axis=1) + 0.5 * t.shape[1] * LOG_2PI


prior_only.prior_weight, prior_only.floor = 1.0, True


@pytest.mark.parametrize("batch", [1, 3])
def test_prior_shell_keeps_every_proposal_in_the_shell_and_the_box(batch):
    settings = BO_SETTINGS["prior-shell"]
    result = optimize(prior_only, dim=8, seed=0, max_iter=12, batch=batch, settings=settings)
    low, high = shell_radii(8, settings.prior_shell)
    norms = np.linalg.norm(result.X, axis=1)
    assert len(result.X) == settings.initial_points + 12
    assert np.all(norms >= low - 1e-6) and np.all(norms <= high + 1e-6)
    assert np.all(np.abs(result.X) <= 4.0)


def test_prior_shell_goes_to_the_shells_edge_where_the_box_search_goes_to_the_hole():
    """On nll_prior alone the box search heads for t = 0; the shell search stops at its inner
    radius, the best it is allowed."""
    low, _ = shell_radii(8, BO_SETTINGS["prior-shell"].prior_shell)
    shell = optimize(prior_only, dim=8, seed=1, max_iter=20, settings="prior-shell")
    box = optimize(prior_only, dim=8, seed=1, max_iter=20, settings="recommended")
    assert np.linalg.norm(shell.x_best) == pytest.approx(low, abs=0.15)
    assert np.linalg.norm(box.x_best) < low - 0.3


def test_the_floor_is_off_when_its_ball_lies_in_the_shells_hole():
    X = np.array([[0.5, 0.5], [2.0, -1.0]])
    Y = well(X)
    radius = np.sqrt(2 * (Y.min() - LOG_2PI))
    assert additions.floor_region(X, Y, (-4.0, 4.0), inner=radius - 0.1) is not None
    assert additions.floor_region(X, Y, (-4.0, 4.0), inner=radius + 0.1) is None


def test_settings_by_dimension():
    assert default_settings(2) == "recommended"
    assert default_settings(8) == default_settings(16) == "prior-shell"
