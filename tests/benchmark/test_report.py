"""The benchmark's outputs: the CSV, the Markdown summary (checked cell by cell) and figures."""

from __future__ import annotations

import csv

import matplotlib.image
import numpy as np
import pytest

from vae_opt.benchmark.report import COLUMNS, OUTPUT_FILES, summary_markdown, write_outputs
from vae_opt.benchmark.runner import Run
from vae_opt.files import OutputError


def _run(method, target, seed, classifier, judge, top10, objective, regret, first, seconds):
    row = {"method": method, "target": target, "seed": seed, "settings": "recommended",
           "success_classifier": classifier, "success_judge": judge,
           "judge_top10_fraction": top10, "best_objective": objective, "regret": regret,
           "evaluations_to_first_success": first, "n_evaluations": 4,
           "gradient_evaluations": 0, "seconds": seconds}
    trace = np.full(4, np.nan) if method == "cvae" else np.array([9.0, 7.0, 7.0, objective])
    image = np.full((28, 28, 1), 0.1 * (1 + target + seed), np.float32)
    return Run(row, trace, image)


@pytest.fixture
def runs():
    nan = float("nan")
    return [
        _run("bo", 4, 0, True, True, 0.5, 2.0, 0.5, 3, 1.0),
        _run("bo", 4, 1, True, False, 0.3, 4.0, 1.5, None, 3.0),
        _run("bo", 7, 0, False, False, 0.0, 5.0, 2.0, 7, 2.0),
        _run("cvae", 4, 0, True, True, 0.8, nan, nan, 2, 0.1),
    ]


def test_summary_table_cell_by_cell(runs):
    summary = summary_markdown(runs)
    assert summary.startswith("# Benchmark: conditional generation of each digit\n")
    assert "BO settings: recommended." in summary
    table = [line for line in summary.splitlines() if line.startswith("| ")]
    assert table == [
        "| method | target | runs | success (classifier) | success (judge) | judge top-10 "
        "| best objective | regret | evaluations to first success | seconds |",
        # Median of first successes [3, never]: at least half never succeed.
        "| bo | 4 | 2 | 1.00 | 0.50 | 0.40 | 3.000 | 1.000 | never | 2.00 |",
        "| bo | 7 | 1 | 0.00 | 0.00 | 0.00 | 5.000 | 2.000 | 7.0 | 2.00 |",
        "| **bo** | all | 3 | 0.67 | 0.33 | 0.27 | 3.667 | 1.333 | 7.0 | 2.00 |",
        "| cvae | 4 | 1 | 1.00 | 1.00 | 0.80 | n/a | n/a | 2.0 | 0.10 |",
        "| **cvae** | all | 1 | 1.00 | 1.00 | 0.80 | n/a | n/a | 2.0 | 0.10 |",
    ]  # random and gradient made no runs: no rows


def test_summary_without_bo_runs_says_so(runs):
    assert "BO settings: n/a." in summary_markdown(runs[3:])


def test_outputs_round_trip(runs, tmp_path):
    paths = write_outputs(runs, tmp_path / "new" / "out")
    assert tuple(paths) == OUTPUT_FILES
    assert all(path.parent == tmp_path / "new" / "out" for path in paths.values())
    with open(paths["results.csv"], newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert tuple(reader.fieldnames) == COLUMNS
    assert [(r["method"], r["target"], r["seed"]) for r in rows] == [
        ("bo", "4", "0"), ("bo", "4", "1"), ("bo", "7", "0"), ("cvae", "4", "0")]
    assert rows[0]["success_judge"] == "True" and rows[1]["success_judge"] == "False"
    assert rows[1]["evaluations_to_first_success"] == ""  # None: an empty cell
    assert rows[3]["best_objective"] == "nan" and float(rows[0]["regret"]) == 0.5
    assert paths["summary.md"].read_text() == summary_markdown(runs)
    for name in ("convergence.png", "best_samples.png"):
        pixels = matplotlib.image.imread(paths[name])
        assert pixels.ndim == 3 and pixels.shape[0] > 100 and pixels.shape[1] > 100
        assert len(np.unique(pixels.reshape(-1, pixels.shape[2]), axis=0)) > 10  # drawn on
    assert not list((tmp_path / "new" / "out").glob(".*"))  # no temporary files left


def test_outputs_replace_an_earlier_benchmark(runs, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    for name in ("plot_convergence", "plot_benchmark_best_samples"):  # drawn above already
        monkeypatch.setattr(f"vae_opt.benchmark.plots.{name}", lambda runs, *methods: plt.figure(figsize=(1, 1)))
    write_outputs(runs, tmp_path)
    paths = write_outputs(runs[:1], tmp_path)
    with open(paths["results.csv"], newline="") as f:
        assert len(list(csv.DictReader(f))) == 1


def test_outputs_refuse_a_file_as_folder(runs, tmp_path):
    (tmp_path / "taken").write_text("")
    with pytest.raises(OutputError, match="it is a file, not a folder"):
        write_outputs(runs, tmp_path / "taken")
