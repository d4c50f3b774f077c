"""The GP and the trust region of latent-space BO: the likelihood's gradient is right, fits stay
on a subset (fast at 1,000 points), the posterior learns, and the box moves as TuRBO's does."""

import numpy as np
import pytest
from scipy.optimize import check_grad

from vae_opt.molecules import gp as gp_module
from vae_opt.molecules.gp import GP, _negative_log_likelihood
from vae_opt.molecules.regions import TrustRegion, prior_shell_candidates, prior_shell_radii


def data(n, d, seed=0):
    rng = np.random.default_rng(seed)
    t = rng.standard_normal((n, d))
    return t, np.sin(2 * t[:, 0]) + 0.5 * t[:, 1]


def test_the_likelihood_gradient_matches_finite_differences():
    t, y = data(30, 4)
    theta = np.log([0.9, 1.3, 2.0, 0.7, 0.8, 0.05])
    error = check_grad(lambda x: _negative_log_likelihood(x, t, y)[0],
                       lambda x: _negative_log_likelihood(x, t, y)[1], theta)
    assert error < 1e-4 * np.linalg.norm(_negative_log_likelihood(theta, t, y)[1])


def test_hyper_parameters_are_fitted_on_at_most_fit_points(monkeypatch):
    sizes = []
    original = gp_module._negative_log_likelihood

    def spy(theta, t, y):
        sizes.append(len(y))
        return original(theta, t, y)

    monkeypatch.setattr(gp_module, "_negative_log_likelihood", spy)
    t, y = data(1000, 56)
    GP(56, fit_points=120).fit(t, y, np.random.default_rng(0))
    assert sizes and max(sizes) == 120


def test_the_posterior_learns_the_function_and_thompson_samples_are_joint():
    t, y = data(200, 3)
    model = GP(3)
    model.fit(t, y, np.random.default_rng(0))
    model.condition(t, y)
    t_new, y_new = data(50, 3, seed=1)
    mean, cov = model.posterior(t_new)
    assert np.corrcoef(mean, y_new)[0, 1] > 0.95
    samples = model.thompson(t_new, 7, np.random.default_rng(0))
    assert samples.shape == (7, 50) and np.all(np.diag(cov) > -1e-9)


def test_trust_region_follows_turbo_and_restarts_when_too_small():
    region = TrustRegion(dim=56, batch=10)
    assert region.failure_tolerance == 6  # ceil(max(4 / 10, 56 / 10))
    for _ in range(3):
        region.update(improved=True)
    assert region.length == pytest.approx(2 * region.length_init)
    for _ in range(6):
        region.update(improved=False)
    assert region.length == pytest.approx(region.length_init)
    region.update(improved=False, found_new=False)  # nothing new decoded: look wider
    assert region.length == pytest.approx(2 * region.length_init)
    region.length = region.length_min * 1.5
    for _ in range(6):
        region.update(improved=False)
    assert region.length == region.length_init and region.restarts == 1


def test_trust_region_candidates_stay_in_the_box_and_move_few_coordinates():
    region = TrustRegion(dim=56, batch=10)
    center, rng = np.zeros(56), np.random.default_rng(0)
    points = region.candidates(center, np.ones(56), 500, rng)
    assert np.abs(points).max() <= region.length / 2
    moved = (points != 0).sum(1)
    assert moved.min() >= 1 and moved.mean() < 56 / 2


def test_prior_shell_candidates_lie_in_the_shell():
    low, high = prior_shell_radii(56)
    points = prior_shell_candidates(np.full((3, 56), 3.0), 200, np.random.default_rng(0))
    norms = np.linalg.norm(points, axis=1)
    assert norms.min() >= low - 1e-9 and norms.max() <= high + 1e-9


def test_gp_speed_times_each_part_of_an_iteration():
    from vae_opt.molecules.gp_speed import gp_iteration_seconds, table

    row = gp_iteration_seconds(60, 8, candidates=50, fit_points=30)
    assert all(row[k] > 0 for k in ("fit", "condition", "thompson"))
    assert row["per_iteration"] == pytest.approx(row["fit"] / 10 + row["condition"]
                                                 + row["thompson"])
    assert table((40,), (4,)).splitlines()[2].startswith("| 40 | 4 |")


def test_gp_speed_command_prints_the_table(capsys):
    from vae_opt.cli import main

    assert main(["molecules", "gp-speed", "--points", "30", "--dims", "3"]) == 0
    assert "| 30 | 3 |" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # argparse's usage error, not a traceback
        main(["molecules", "gp-speed", "--points", "0"])
