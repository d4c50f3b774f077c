"""The benchmark by latent dimension: its summary by hand, and a quick run on the real models."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

from vae_opt.benchmark import dimensions, dimensions_report, shell_pilot
from vae_opt.benchmark.runner import Run
from vae_opt.mnist.bench_config import DIMENSIONS_QUICK
from vae_opt.paths import model_path


def run(dim, method, success, first, best, budget=10, seconds=1.0):
    row = {"dim": dim, "budget": budget, "method": method, "success_judge": success,
           "evaluations_to_success": first, "best_objective": best, "regret": best - 1.0,
           "seconds": seconds}
    return Run(row, np.zeros(budget), np.zeros((28, 28, 1)))


def test_summary_by_hand():
    runs = [run(8, "bo", True, 2, 1.0), run(8, "bo", True, 4, 1.5), run(8, "bo", False, None, 2.0),
            run(8, "random", False, None, 5.0), run(8, "random", True, 9, 3.0),
            run(8, "random", False, None, 4.0)]
    stats = {s["method"]: s for s in dimensions_report.summarise(runs)}
    bo, random = stats["bo"], stats["random"]
    assert bo["success_judge"] == pytest.approx(2 / 3) and bo["ever_success"] == pytest.approx(2 / 3)
    assert bo["median_evaluations_to_success"] == 4.0
    assert bo["mean_evaluations_to_success"] == pytest.approx((2 + 4 + 10) / 3)  # never: budget
    assert math.isinf(random["median_evaluations_to_success"])  # two of three never succeed
    assert random["mean_evaluations_to_success"] == pytest.approx((10 + 9 + 10) / 3)
    assert bo["mean_regret"] == pytest.approx(0.5) and random["median_regret"] == pytest.approx(3.0)
    text = dimensions_report.summary_markdown(list(stats.values()))
    assert "| 8 | 10 | random | 3 | 33 % | never | 9.7 |" in text
    assert f"d = 8: {29 / 16:.1f}x (mean)" in text


def test_unknown_dimensions_and_settings_are_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        dimensions.main(["--dims", "4", "--out", "unused"])
    assert exit_.value.code == 2 and "no model for d = 4" in capsys.readouterr().err
    with pytest.raises(ValueError, match="unknown BO settings 'no-such'"):
        dimensions.run_dimensions(DIMENSIONS_QUICK, bo_settings=["no-such"])


@pytest.mark.slow
@pytest.mark.skipif(not model_path("softmax-d8").is_file(), reason="no 8-d model")
def test_quick_run_in_eight_dimensions(tmp_path):
    """Every step at d = 8: the methods, the reference minimum, regret, the outputs."""
    from dataclasses import replace

    config = replace(DIMENSIONS_QUICK, budgets=((8, 16),), reference_starts=4,
                     reference_steps=5)
    runs = dimensions.run_dimensions(config, ("bo", "random", "prior"), stream=io.StringIO())
    rows = [r.row for r in runs]
    assert {r["method"] for r in rows} == {"bo", "random", "prior"}
    assert all(r["dim"] == 8 and r["n_evaluations"] == 16 for r in rows)
    assert {r["settings"] for r in rows if r["method"] == "bo"} == {"prior-shell"}
    # The reference is the lowest value any method found, gradient restarts included.
    assert all(r["regret"] >= 0 for r in rows)
    assert min(r["best_objective"] for r in rows) >= rows[0]["reference_minimum"]
    models = dimensions.bundle(model_path("softmax-d8"))
    assert rows[0]["reference_minimum"] <= dimensions.reference_minimum(models, 4, config)
    paths = dimensions_report.write_outputs(runs, tmp_path / "out")
    assert all(path.stat().st_size > 0 for path in paths.values())
    assert "| 8 | 16 | bo |" in paths["summary.md"].read_text()


@pytest.mark.slow
@pytest.mark.skipif(not model_path("softmax-d8").is_file(), reason="no 8-d model")
def test_shell_pilot_on_a_few_draws():
    from vae_opt.mnist.pretrained import bundle

    shares, read_as = shell_pilot.shell_pilot(bundle(model_path("softmax-d8")), (0.0, 0.1), (0,),
                                              draws=400)
    assert list(shares) == [0.0, 0.1]
    assert read_as.shape == (10,) and read_as.sum() == pytest.approx(1.0)
    assert all(0.0 <= v <= 1.0 and (10 * v) == pytest.approx(round(10 * v)) for v in shares.values())


@pytest.mark.skipif(not model_path("softmax-d8").is_file(), reason="no 8-d model")
def test_a_budget_without_bo_iterations_is_refused_before_any_run():
    from dataclasses import replace

    progress = io.StringIO()
    with pytest.raises(ValueError, match=r"budget of 10 leaves BO \(prior-shell\) no iteration"):
        dimensions.run_dimensions(replace(DIMENSIONS_QUICK, budgets=((8, 10),)),
                                  ("bo", "random"), stream=progress)
    assert "[dimensions]" not in progress.getvalue()
