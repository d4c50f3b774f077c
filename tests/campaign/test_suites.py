"""The campaign-workers suite through the harness: the sequential loop on Branin without a wait
(the Dask modes are tested in test_parallel.py)."""

import io

import numpy as np

from vae_opt.bench import registry
from vae_opt.bench.report import write_reports
from vae_opt.bench.runner import Selection, run_suite
from vae_opt.campaign.parallel_bench import BRANIN_MIN, Sleepy


def test_a_sequential_campaign_is_one_run_with_its_regret_and_wall_time(tmp_path):
    suite = registry.suite("campaign-workers")
    (r,) = run_suite(suite, tmp_path / "r.jsonl",
                     Selection(("branin-0s",), ("sequential",), (0,), 5), io.StringIO())
    assert (r["workers"], r["calls"]) == (0, 5) and r["wall_s"] > 0
    assert r["regret"] == min(r["values"]) - BRANIN_MIN >= 0
    assert r["best"] == min(r["values"])
    write_reports(suite, [r], tmp_path)
    table = (tmp_path / "parallel.md").read_text()
    assert "| sequential (campaign.run) |" in table and "| 1.00x |" in table


def test_the_task_scores_branin_without_waiting():
    task = registry.suite("campaign-workers").make_task("branin-1s")
    assert task.seconds == 1.0
    points = [[0.0, 0.0], [1.0, -2.0]]
    assert task.score(points) == Sleepy(0.0)(np.array(points)).tolist()
