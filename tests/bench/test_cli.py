import json

import pytest

from vae_opt.cli import main


def test_bench_runs_a_suite_writes_results_and_its_summary_then_resumes(toy, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["bench", "toy", "--quick", "--out", str(out)]) == 0
    lines = (out / "results.jsonl").read_text().splitlines()
    assert [json.loads(line)["task"] for line in lines] == ["left"]
    assert "| left | random | 1 | 5 |" in (out / "bench-summary.md").read_text()
    capsys.readouterr()
    assert main(["bench", "toy", "--quick", "--out", str(out)]) == 0
    assert "1 of 1 runs already in" in capsys.readouterr().err
    assert len((out / "results.jsonl").read_text().splitlines()) == 1


def test_bench_options_choose_tasks_methods_seeds_budget_and_results_path(toy, tmp_path):
    path = tmp_path / "elsewhere.jsonl"
    assert main(["bench", "toy", "--task", "right", "--method", "random", "--seed", "3", "4",
                 "--budget", "6", "--json", str(path), "--out", str(tmp_path / "o")]) == 0
    runs = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(r["task"], r["seed"], r["budget"], r["calls"]) for r in runs] == [
        ("right", 3, 6, 6), ("right", 4, 6, 6)]


def test_report_only_rewrites_the_reports_from_the_results_file(toy, tmp_path):
    out = tmp_path / "out"
    main(["bench", "toy", "--quick", "--out", str(out)])
    (out / "bench-summary.md").unlink()
    assert main(["bench", "toy", "--out", str(out), "--report-only"]) == 0
    assert "| left | random |" in (out / "bench-summary.md").read_text()
    assert toy.built and toy.built[0].scored == 5  # nothing ran again


@pytest.mark.parametrize("args, message", [
    (["bench", "nope"], "unknown suite 'nope'; choose from "),
    (["bench", "toy", "--task", "middle"], "unknown task of suite 'toy' 'middle'; choose from left, right"),
    (["bench", "toy", "--method", "bo"], "unknown method of suite 'toy' 'bo'; choose from random, greedy"),
    (["bench", "toy", "--budget", "0"], "the budget must be at least 1"),
    (["bench", "toy", "--report-only", "--out", "{tmp}"], "holds no run of suite 'toy'"),
])
def test_bad_names_exit_2_with_one_line_listing_the_valid_ones(toy, tmp_path, capsys, args, message):
    args = [a.format(tmp=tmp_path) for a in args]
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert toy.built == []


def test_bench_without_a_name_lists_the_suites(toy, capsys):
    assert main(["bench"]) == 0
    assert "toy: a parabola per task, random search\n  tasks: left, right" in capsys.readouterr().out
