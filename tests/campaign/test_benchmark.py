"""The campaign benchmark on a tiny plan: its rows, its summary, and resuming an interrupted run."""

import io

import pytest

from vae_opt.campaign.benchmark import COLUMNS, read_results, run_benchmark, summary_markdown


@pytest.mark.slow
def test_a_tiny_benchmark_writes_rows_and_summary_and_resumes(tmp_path):
    plan = dict(targets=(3,), seeds=(0,), batches=(1, 4), budget=6, stream=io.StringIO())
    rows = run_benchmark(tmp_path, **plan)
    assert [(r["batch"], r["rounds"], r["n_evaluations"]) for r in rows] == [(1, 6, 6), (4, 2, 6)]
    assert all(r["regret"] > -0.5 and isinstance(r["success_judge"], bool) for r in rows)
    on_disk = read_results(tmp_path / "results.csv")
    assert [list(r) for r in on_disk] == [list(COLUMNS)] * 2
    summary = (tmp_path / "summary.md").read_text()
    assert "| sequential (1) |" in summary and "| 4 |" in summary and "6 evaluations" in summary
    again = run_benchmark(tmp_path, **plan)  # every row is in results.csv: nothing runs again
    assert [r["seconds"] for r in again] == [r["seconds"] for r in on_disk]
    assert summary_markdown(again) == summary_markdown(on_disk)
