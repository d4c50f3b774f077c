"""Campaign runs on Dask workers: every evaluation told once, a dead worker's point measured again,
and bad options or a scheduler that does not answer refused in one line, with nothing written."""

import dask
import distributed  # noqa: F401 - its config defaults, before dask.config.set names them
import numpy as np
import pytest

from vae_opt.campaign import Campaign, CampaignError
from vae_opt.campaign import parallel
from vae_opt.campaign.parallel import connect, run_parallel
from vae_opt.campaign.parallel_bench import BRANIN_MIN, Sleepy
from vae_opt.campaign.stress import design_only
from vae_opt.cli import main


@pytest.fixture(scope="module")
def client():
    """Two local worker processes for the module's tests."""
    client = connect(2)
    yield client
    cluster = client.cluster
    client.close()
    cluster.close()


def test_a_parallel_run_measures_the_budget_and_tells_each_point_once(tmp_path, client):
    with Campaign.create(tmp_path / "c.db", dim=2, settings=design_only(100),
                         prior_weight=0.0) as campaign:
        (left,) = campaign.ask(1)  # pending from an earlier run: measured first
        best = run_parallel(campaign, Sleepy(0.05), 7, client, progress=False)
        points = campaign.points()
        assert campaign.counts() == {"pending": 0, "told": 7, "failed": 0}
        assert points[0].id == left.id and points[0].seq is not None
        values = Sleepy(0.0)(np.array([p.t for p in points]))
        assert [p.value for p in points] == pytest.approx(values)
        assert best.value == min(values) >= BRANIN_MIN


def test_a_parallel_run_with_the_gp_proposes_away_from_points_in_flight(tmp_path, client):
    with Campaign.create(tmp_path / "c.db", dim=2, seed=1, prior_weight=0.0) as campaign:
        run_parallel(campaign, Sleepy(0.05), 6, client, progress=False)
        t = np.array([p.t for p in campaign.points()])
        assert len(t) == 6 and len(np.unique(t.round(6), axis=0)) == 6
        assert campaign.counts()["told"] == 6


def _dies_once_and_recovers(tmp_path, client, capsys) -> str:
    marker = tmp_path / "died"
    with Campaign.create(tmp_path / "c.db", dim=2, settings=design_only(100)) as campaign:
        run_parallel(campaign, Sleepy(0.05, die_once=str(marker)), 5, client, progress=True)
        assert campaign.counts() == {"pending": 0, "told": 5, "failed": 0}
    assert marker.exists()  # a worker did die
    client.wait_for_workers(2, timeout=60)  # and its nanny brought it back
    return capsys.readouterr().err


def test_a_worker_that_dies_has_its_task_retried_by_dask(tmp_path, client, capsys):
    _dies_once_and_recovers(tmp_path, client, capsys)


@pytest.mark.slow  # starts a cluster of its own
def test_a_point_whose_worker_died_past_dasks_retries_is_queued_again(tmp_path, capsys):
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        client = connect(2)  # its scheduler reads the setting when it starts
    try:
        assert "its worker died; queued again" in _dies_once_and_recovers(tmp_path, client, capsys)
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()


def test_an_objective_that_raises_stops_the_run_and_keeps_the_told_values(tmp_path, client):
    with Campaign.create(tmp_path / "c.db", dim=2, settings=design_only(100)) as campaign:
        with pytest.raises(ValueError, match="must return numbers"):
            run_parallel(campaign, _words, 3, client, progress=False)
        assert campaign.counts()["told"] == 0


def _words(t):
    return ["a"] * len(t)


def test_a_scheduler_that_does_not_answer_is_refused(monkeypatch):
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT_S", 2)
    with pytest.raises(CampaignError, match="no Dask scheduler answers at tcp://127.0.0.1:1"):
        connect(scheduler="tcp://127.0.0.1:1")


@pytest.mark.parametrize("options, message", [
    (("--workers", "0"), "--workers must be a positive integer"),
    (("--workers", "2", "--scheduler", "tcp://127.0.0.1:1"), "not both"),
    (("--workers", "2", "--batch", "3"), "--batch is for the in-process loop"),
    (("--scheduler", "tcp://127.0.0.1:1"), "no Dask scheduler answers"),
])
def test_bad_parallel_options_are_one_line_exit_2_and_nothing_written(tmp_path, capsys,
                                                                       monkeypatch, options,
                                                                       message):
    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT_S", 2)
    path = tmp_path / "c.db"
    Campaign.create(path, dim=2, settings=design_only(100), attributes={"target": 3}).close()
    before = path.read_bytes()
    status = main(["campaign", "run", str(path), "--budget", "2", *options])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and message in err[0], err
    with Campaign.open(path) as campaign:
        assert campaign.points() == []
    assert path.read_bytes() == before


@pytest.mark.slow  # each worker process loads TensorFlow and the pretrained models
def test_the_cli_runs_the_built_in_lab_on_dask_workers(tmp_path, capsys):
    from vae_opt.paths import model_path

    if not model_path("softmax").exists():
        pytest.skip("no pretrained models in this checkout")
    path = tmp_path / "lab.db"
    assert main(["campaign", "new", str(path), "--target", "3"]) == 0
    assert main(["campaign", "run", str(path), "--budget", "4", "--workers", "2"]) == 0
    out, err = capsys.readouterr()
    assert "on Dask (2 local worker(s))" in err and "best: point" in out
    with Campaign.open(path) as campaign:
        assert campaign.counts() == {"pending": 0, "told": 4, "failed": 0}
        # the workers' values are the built-in lab's, measured again here in-process
        nll = campaign.model().objective(3, "decode-classify").nll_target
        told = campaign.points()
        assert [p.value for p in told] == pytest.approx(
            np.asarray(nll(np.array([p.t for p in told]))).reshape(-1), rel=1e-4, abs=1e-4)
