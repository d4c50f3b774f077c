"""Many processes on one campaign, on SQLite and on PostgreSQL: nothing lost, nothing duplicated,
no point handed out twice, and a writer killed with SIGKILL mid-write loses no committed result."""

import os
import signal
import time

import pytest

from vae_opt.campaign import Campaign, CampaignError
from vae_opt.campaign.stress import design_only, start_writers, stress, value_at


def check_stress(result: dict, tells: int) -> None:
    assert result["tells"] == tells
    assert result["points"] == result["told"] == tells  # nothing lost, nothing extra
    assert result["told_by_writers"] == result["distinct_told_by_writers"] == tells  # no point
    assert result["distinct_t"] == tells and result["distinct_seq"] == tells  # handed out twice


def test_eight_writers_lose_and_duplicate_nothing(location):
    check_stress(stress(location, processes=8, tells=48), 48)


@pytest.mark.slow
def test_eight_writers_telling_a_thousand_values_lose_and_duplicate_nothing(location):
    check_stress(stress(location, processes=8, tells=1000), 1000)


def test_a_writer_killed_mid_write_loses_no_committed_result(location):
    Campaign.create(location, dim=2, settings=design_only(10_000), seed=0).close()
    (writer,) = start_writers(location, 1, 10_000)
    told = []
    deadline = time.monotonic() + 120
    while len(told) < 25 and time.monotonic() < deadline:  # its 25th commit, then kill -9
        line = writer.stdout.readline()
        if line.startswith("told "):
            told.append(int(line.split()[1]))
    os.kill(writer.pid, signal.SIGKILL)
    rest, _ = writer.communicate()
    told += [int(line.split()[1]) for line in rest.splitlines() if line.startswith("told ")]
    assert len(told) >= 25, "the writer did not get going"
    with Campaign.open(location) as campaign:
        points = {p.id: p for p in campaign.points()}
        for point_id in told:  # every result it reported committed is there
            assert points[point_id].status == "told"
        for point in points.values():  # and no row is half-written
            if point.status == "told":
                assert point.value == value_at(point.t) and point.told and point.seq
            else:
                assert point.status == "pending" and point.value is None and point.seq is None
        n_told = campaign.counts()["told"]
        assert len(told) <= n_told <= len(told) + 1  # +1: killed between a commit and its line
        assert [p.seq for p in campaign.history()] == list(range(1, n_told + 1))
        (new,) = campaign.ask(1)  # no lock was left behind
        assert campaign.tell(new.id, 1.0).status == "told"


def test_told_values_for_unknown_or_told_points_are_refused(location):
    with Campaign.create(location, dim=2, settings=design_only(100)) as campaign:
        (point,) = campaign.ask(1)
        with pytest.raises(CampaignError, match="no point with id 2"):
            campaign.tell(2, 1.0)
        campaign.tell(point.id, 1.0)
        with pytest.raises(CampaignError, match="already told"):
            campaign.tell(point.id, 2.0)
        with pytest.raises(CampaignError, match="already told"):  # all of a batch, or nothing
            campaign.tell_many([(campaign.ask(1)[0].id, 3.0), (point.id, 2.0)])
        assert [(p.status, p.value) for p in campaign.points()] == [("told", 1.0),
                                                                   ("pending", None)]
