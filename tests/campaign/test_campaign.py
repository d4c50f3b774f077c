"""What campaign users rely on: pending points, batches, reproducibility, refusals, the loop."""

import importlib.util
import io
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from vae_opt.campaign import Campaign, CampaignError
from vae_opt.optimization.settings import BOSettings
from vae_opt.latent import nll_prior, shell_radii
from vae_opt.optimization import Optimizer
from vae_opt.optimization import gpyopt_backend as backend

FAST = BOSettings("fast-test", initial_points=100)  # no GP: every proposal from the design
BOUNDS = (-3.0, 3.0)


def measure(t):
    """A tiny synthetic lab: a bowl with its minimum at (1, -0.5)."""
    t = np.atleast_2d(np.asarray(t, dtype=np.float64))
    return np.sum((t - [1.0, -0.5]) ** 2, axis=1)


def new(path, settings="blog", **kwargs):
    return Campaign.create(path, dim=2, bounds=BOUNDS, seed=3, settings=settings,
                           prior_weight=1.0, maximize=False, **kwargs)


def tell_all(campaign, points):
    return campaign.tell_many([(p.id, measure(p.t)[0]) for p in points])


def distinct(points) -> bool:
    t = np.array([p.t for p in points])
    return len(np.unique(t, axis=0)) == len(t)


# --- pending points and batches -------------------------------------------------------------


def test_pending_points_are_never_proposed_again(tmp_path):
    campaign = new(tmp_path / "c.db")
    tell_all(campaign, campaign.ask(2))  # the initial design; the model takes over after it
    first, second = campaign.ask(), campaign.ask()  # asked twice without telling
    assert first[0].t != second[0].t
    assert [p.status for p in campaign.points()] == ["told", "told", "pending", "pending"]
    tell_all(campaign, first + second)
    campaign.ask(3)
    assert distinct(campaign.points())


def test_a_batch_gives_distinct_points_inside_the_bounds(tmp_path):
    campaign = new(tmp_path / "c.db")
    tell_all(campaign, campaign.ask(3))
    batch = campaign.ask(4)
    t = np.array([p.t for p in batch])
    assert len(batch) == 4 and distinct(batch) and {p.batch for p in batch} == {2}
    assert np.all((t >= BOUNDS[0]) & (t <= BOUNDS[1]))


def _gpyopt_own_estimate_l():
    """GPyOpt's original estimate_L, from a fresh copy of its module (ours replaces it)."""
    from GPyOpt.core.evaluators import batch_local_penalization

    spec = importlib.util.spec_from_file_location(
        "GPyOpt.core.evaluators._unpatched_local_penalization", batch_local_penalization.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.estimate_L


def test_local_penalization_fails_with_gpyopts_estimate_l_and_works_with_ours(monkeypatch):
    from GPyOpt.core.evaluators import batch_local_penalization

    backend.gpyopt()  # installs our estimate
    optimizer = Optimizer(2, bounds=BOUNDS, settings="blog", seed=0)
    t = optimizer.ask(3)
    optimizer.tell(t, measure(t))
    with monkeypatch.context() as patch:
        patch.setattr(batch_local_penalization, "estimate_L", _gpyopt_own_estimate_l())
        with pytest.raises(TypeError, match="float"):  # SciPy 1.17: minimize(...).fun is a float
            optimizer.ask(4)
    assert batch_local_penalization.estimate_L is backend._estimate_lipschitz
    batch = optimizer.ask(4)
    assert batch.shape == (4, 2) and len(np.unique(batch, axis=0)) == 4
    assert np.all((batch >= BOUNDS[0]) & (batch <= BOUNDS[1]))


# --- reproducibility ------------------------------------------------------------------------


def _drive(path, reopen: bool) -> list:
    """Asks of 2, 1, 2, 1 points, each batch told at once; the proposals."""
    campaign, proposals = new(path), []
    for n in (2, 1, 2, 1):
        points = campaign.ask(n)
        proposals.append([p.t for p in points])
        tell_all(campaign, points[::-1])  # told in reverse order: the order is part of history
        if reopen:
            campaign.close()
            campaign = Campaign.open(path)
    campaign.close()
    return proposals


def test_same_seed_and_values_give_the_same_proposals_across_reopening(tmp_path):
    once, reopened = _drive(tmp_path / "a.db", False), _drive(tmp_path / "b.db", True)
    assert once == reopened
    optimizer, uninterrupted = Optimizer(2, bounds=BOUNDS, settings="blog", seed=3), []
    for n in (2, 1, 2, 1):
        t = optimizer.ask(n)
        uninterrupted.append([tuple(row) for row in t.tolist()])
        optimizer.tell(t[::-1], measure(t[::-1]) + nll_prior(t[::-1])[:, 0])
    assert once == uninterrupted


# --- telling --------------------------------------------------------------------------------


def test_the_file_keeps_raw_values_and_the_optimizer_gets_the_loss(tmp_path):
    campaign = Campaign.create(tmp_path / "c.db", dim=2, seed=0, settings=FAST,
                               prior_weight=0.25, maximize=True)
    point = campaign.ask()[0]
    campaign.tell(point.id, 2.5)
    assert campaign.points()[0].value == 2.5
    expected = -2.5 + 0.25 * nll_prior(np.array([point.t]))[0, 0]
    assert campaign.optimizer().Y[0, 0] == pytest.approx(expected)
    assert campaign.loss(campaign.points())[0] == pytest.approx(expected)


@pytest.mark.parametrize("point_id, value, message", [
    (99, 1.0, "no point with id 99"),
    ("x", 1.0, "whole number"),
    (1, float("nan"), "finite number"),
    (1, "inf", "finite number"),
    (1, "12 kg", "must be a number or 'failed'"),
    (1, True, "must be a number"),
])
def test_bad_tells_change_nothing(tmp_path, point_id, value, message):
    campaign = new(tmp_path / "c.db", settings=FAST)
    campaign.ask(2)
    before = campaign.points()
    with pytest.raises(CampaignError, match=message):
        campaign.tell(point_id, value)
    assert campaign.points() == before


def test_a_point_told_twice_is_refused_unless_overwritten(tmp_path):
    campaign = new(tmp_path / "c.db", settings=FAST)
    point = campaign.ask()[0]
    campaign.tell(point.id, 1.0)
    for again in (lambda: campaign.tell(point.id, 2.0), lambda: campaign.fail(point.id)):
        with pytest.raises(CampaignError, match="already told .*overwrite=True"):
            again()
    assert campaign.points()[0].value == 1.0
    assert campaign.tell(point.id, 2.0, overwrite=True).value == 2.0
    assert campaign.fail(point.id, overwrite=True).status == "failed"


def test_tell_many_applies_all_rows_or_none(tmp_path):
    campaign = new(tmp_path / "c.db", settings=FAST)
    ids = [p.id for p in campaign.ask(3)]
    before = campaign.points()
    for rows in ([(ids[0], 1.0), (ids[1], 2.0), (42, 3.0)],      # unknown id last
                 [(ids[0], 1.0), (ids[1], "nan")],                # a bad value
                 [(ids[0], 1.0), (ids[0], 2.0)]):                 # one point twice
        with pytest.raises(CampaignError):
            campaign.tell_many(rows)
        assert campaign.points() == before
    told = campaign.tell_many([(ids[0], 1.0), (str(ids[1]), "failed"), (ids[2], "-3.5")])
    assert [(p.status, p.value) for p in told] == [("told", 1.0), ("failed", None), ("told", -3.5)]


def test_failed_points_are_never_fitted_nor_proposed_again(tmp_path):
    campaign = new(tmp_path / "c.db")
    points = campaign.ask(3)
    campaign.fail(points[0].id)
    tell_all(campaign, points[1:])
    optimizer = campaign.optimizer()
    assert len(optimizer.X) == 2 and optimizer.failed.tolist() == [list(points[0].t)]
    campaign.ask(2)
    assert distinct(campaign.points())


@pytest.mark.parametrize("n", [0, -1, 1.5, True])
def test_asking_for_no_points_is_refused(tmp_path, n):
    campaign = new(tmp_path / "c.db", settings=FAST)
    with pytest.raises(CampaignError, match="positive integer"):
        campaign.ask(n)
    assert campaign.points() == []


@pytest.mark.parametrize("bounds", [(2.0, 2.0), (3.0, -3.0), (0.0, float("inf"))])
def test_bounds_with_low_not_below_high_are_refused(tmp_path, bounds):
    with pytest.raises(ValueError, match="low < high"):
        Campaign.create(tmp_path / "c.db", dim=2, bounds=bounds)
    assert not (tmp_path / "c.db").exists()


# --- the in-process loop --------------------------------------------------------------------


def test_run_measures_the_budget_in_batches_with_one_progress_line_each(tmp_path):
    campaign = new(tmp_path / "c.db")
    stream = io.StringIO()
    best = campaign.run(measure, budget=7, batch=3, progress=stream)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 7 and all("best loss" in line for line in lines)
    assert lines[-1].startswith("  evaluation 7/7")
    assert [p.batch for p in campaign.points()] == [1, 1, 1, 2, 2, 2, 3]
    assert campaign.counts() == {"pending": 0, "told": 7, "failed": 0}
    assert best == campaign.best() and best.id == campaign.history()[
        int(np.argmin(campaign.loss(campaign.history())))].id


def test_run_records_non_finite_measurements_as_failed(tmp_path):
    campaign = new(tmp_path / "c.db")
    campaign.run(lambda t: np.where(t[:, 0] > 0, np.nan, measure(t)), budget=6, batch=2,
                 progress=False)
    counts = campaign.counts()
    assert counts["told"] + counts["failed"] == 6 and counts["failed"] >= 1


def test_run_measures_pending_points_first_and_continues_to_the_budget(tmp_path):
    campaign = new(tmp_path / "c.db")
    campaign.run(measure, budget=3, progress=False)
    left_pending = campaign.ask(2)  # as if a run was killed after asking
    seen = []

    def logging_measure(t):
        seen.extend(map(tuple, t))
        return measure(t)

    campaign.run(logging_measure, budget=6, batch=2, progress=False)
    assert seen[:2] == [p.t for p in left_pending] and len(seen) == 3
    assert campaign.counts() == {"pending": 0, "told": 6, "failed": 0}
    campaign.run(logging_measure, budget=6, progress=False)  # nothing left to do
    assert len(seen) == 3


# --- every sequence of asks and tells round-trips through the file ----------------------------

OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("ask"), st.integers(1, 3)),
    st.tuples(st.just("tell"), st.integers(0, 20),
              st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)),
    st.tuples(st.just("fail"), st.integers(0, 20)),
), max_size=12)


@hypothesis_settings(max_examples=40, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow])
@given(operations=OPERATIONS, seed=st.integers(0, 2**31), maximize=st.booleans())
def test_any_sequence_of_asks_and_tells_round_trips_through_the_file(operations, seed, maximize):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.db"
        campaign = Campaign.create(path, dim=2, bounds=BOUNDS, seed=seed, settings=FAST,
                                   prior_weight=0.5, maximize=maximize)
        mirror = Optimizer(2, bounds=BOUNDS, settings=FAST, seed=seed)  # in memory, uninterrupted
        for operation in operations:
            pending = campaign.points("pending")
            if operation[0] == "ask":
                asked = campaign.ask(operation[1])
                assert np.array([p.t for p in asked]).tolist() == mirror.ask(operation[1]).tolist()
            elif pending:
                point = pending[operation[1] % len(pending)]
                if operation[0] == "tell":
                    campaign.tell(point.id, operation[2])
                    mirror.tell(np.array(point.t), campaign.loss([campaign.points()[point.id - 1]]))
                else:
                    campaign.fail(point.id)
                    mirror.fail(np.array(point.t))
        before = campaign.points()
        campaign.close()
        with Campaign.open(path) as reopened:
            assert reopened.points() == before
            rebuilt = reopened.optimizer()
            for name in ("X", "Y", "pending", "failed"):
                np.testing.assert_array_equal(getattr(rebuilt, name), getattr(mirror, name))
            assert np.array(reopened.ask(2)[0].t).tolist() == mirror.ask(2)[0].tolist()


# --- killed at any moment, resumed ----------------------------------------------------------

KILLED_RUN = """
import json, os, sys, time
import numpy as np
from vae_opt.campaign import Campaign

def measure(t):
    with open(sys.argv[2], "a") as log:
        for point in t:
            log.write(json.dumps(list(point)) + "\\n")
        log.flush()
        os.fsync(log.fileno())
    time.sleep(0.2)
    return np.sum((t - [1.0, -0.5]) ** 2, axis=1)

with Campaign.open(sys.argv[1]) as campaign:
    campaign.run(measure, budget=int(sys.argv[3]), batch=2, progress=False)
"""


def _told(path):
    with Campaign.open(path) as campaign:
        return {p.id: p for p in campaign.points("told")}


@pytest.mark.slow
def test_a_run_killed_with_sigkill_resumes_without_losing_or_remeasuring_told_points(tmp_path,
                                                                                    n_told):
    import json
    import signal
    import subprocess
    import sys
    import time

    from vae_opt.campaign.store import integrity

    path, log, script, budget = tmp_path / "c.db", tmp_path / "log", tmp_path / "run.py", 16
    new(path).close()
    script.write_text(KILLED_RUN)
    process = subprocess.Popen([sys.executable, str(script), str(path), str(log), str(budget)])
    deadline = time.time() + 120
    while n_told(path) < 5 and time.time() < deadline and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert integrity(path) == "ok"
    told_before = _told(path)
    assert 5 <= len(told_before) < budget
    measured_before = [tuple(json.loads(line)) for line in log.read_text().splitlines()]

    remeasured = []
    with Campaign.open(path) as campaign:
        pending = [p.t for p in campaign.points("pending")]
        campaign.run(lambda t: (remeasured.extend(map(tuple, t)), measure(t))[1],
                     budget=budget, batch=2, progress=False)
        told_after = {p.id: p for p in campaign.points("told")}
    assert integrity(path) == "ok"
    assert len(told_after) == budget
    assert all(told_after[i] == point for i, point in told_before.items())  # kept, unchanged
    assert not {p.t for p in told_before.values()} & set(remeasured)  # never measured again
    assert remeasured[:len(pending)] == pending  # the killed run's pending points come first
    assert len(measured_before) >= len(told_before)


@pytest.mark.parametrize("dim, settings", [(2, "recommended"), (8, "prior-shell")])
def test_default_settings_follow_the_latent_dimension(tmp_path, dim, settings):
    campaign = Campaign.create(tmp_path / "c.db", dim=dim, seed=0)
    assert campaign.settings.bo.name == settings
    t = np.array([point.t for point in campaign.ask(2)])
    assert t.shape == (2, dim)
    if dim > 2:  # the first proposals are prior draws inside the shell
        low, high = shell_radii(dim, campaign.settings.bo.prior_shell)
        assert np.all((np.linalg.norm(t, axis=1) >= low) & (np.linalg.norm(t, axis=1) <= high))
