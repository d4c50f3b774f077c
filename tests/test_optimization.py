import subprocess
import sys

import numpy as np
import pytest

from vae_opt.optimization import OptimizationResult, optimize, optimizer_for


def bowl(t: np.ndarray) -> np.ndarray:
    """A smooth test objective with its minimum at (1, -2)."""
    return np.sum((np.asarray(t) - [1.0, -2.0]) ** 2, axis=1, keepdims=True)


def test_import_gpyopt_in_a_fresh_interpreter():
    # GPyOpt 1.2.6 needs pkg_resources (setuptools < 82) and matplotlib at import time.
    out = subprocess.run([sys.executable, "-c", "import GPyOpt; print(GPyOpt.__version__)"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "1.2.6"


def test_defaults_are_the_methods_settings():
    bo = optimizer_for(4, bowl, seed=0)
    assert bo.X.shape == (2, 2)  # two random initial points, evaluated at construction
    assert bo.acquisition.jitter == 0.01
    assert type(bo.acquisition).__name__ == "AcquisitionEI"
    assert bo.exact_feval is False and bo.model_type == "GP"
    assert [d["domain"] for d in bo.domain] == [(-4.0, 4.0), (-4.0, 4.0)]


def test_optimize_finds_the_bowl_minimum_and_records_every_point():
    result, _ = optimize(0, bowl, max_iter=15, seed=0)
    assert result.X.shape == (17, 2) and result.Y.shape == (17, 1)
    assert np.allclose(result.Y, bowl(result.X))
    assert np.all(np.abs(result.X) <= 4.0)
    assert result.y_best < 0.5
    assert np.linalg.norm(result.x_best - [1.0, -2.0]) < 0.7


def test_same_seed_same_points_other_seed_other_points():
    a, _ = optimize(0, bowl, max_iter=4, seed=7)
    b, _ = optimize(0, bowl, max_iter=4, seed=7)
    c, _ = optimize(0, bowl, max_iter=4, seed=8)
    assert np.array_equal(a.X, b.X)
    assert not np.allclose(a.X[:2], c.X[:2])


def test_settings_can_be_changed():
    bo = optimizer_for(1, bowl, bounds=(-1, 1), initial_points=4, jitter=0.1,
                       acquisition="LCB", seed=0)
    assert bo.X.shape == (4, 2) and np.all(np.abs(bo.X) <= 1)
    assert type(bo.acquisition).__name__ == "AcquisitionLCB"


def test_result_json_has_the_promised_keys(tmp_path):
    result, _ = optimize(2, bowl, max_iter=2, seed=0)
    result.save_json(tmp_path / "r.json")
    import json

    saved = json.loads((tmp_path / "r.json").read_text())
    assert {"target", "X", "Y", "x_best", "y_best"} <= set(saved)
    assert saved["target"] == 2 and len(saved["X"]) == len(saved["Y"]) == 4
    assert saved["y_best"] == min(saved["Y"])


def test_best_orders_points():
    result = OptimizationResult(0, np.arange(10.0).reshape(5, 2),
                                np.array([[3.0], [1.0], [2.0], [0.5], [9.0]]), 0.0)
    t, values = result.best(3)
    assert values.tolist() == [0.5, 1.0, 2.0] and t[0].tolist() == [6.0, 7.0]


@pytest.mark.parametrize("kwargs, message", [
    ({"target": 10}, "target must be a digit"),
    ({"max_iter": 0}, "max_iter must be a positive integer"),
    ({"max_iter": -3}, "max_iter must be a positive integer"),
    ({"bounds": (4, -4)}, "low < high"),
    ({"bounds": (1, 1)}, "low < high"),
    ({"bounds": (0, float("inf"))}, "finite"),
])
def test_bad_input(kwargs, message):
    args = {"target": 0, "objective": bowl, "max_iter": 1, **kwargs}
    with pytest.raises(ValueError, match=message):
        optimize(**args)


@pytest.mark.parametrize("kwargs, message", [
    ({"acquisition": "UCB"}, "unknown acquisition 'UCB'; GPyOpt offers EI, MPI, LCB"),
    ({"model": "NN"}, "unknown model 'NN'"),
    ({"initial_points": 0}, "initial_points must be a positive integer"),
])
def test_bad_gpyopt_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        optimizer_for(0, bowl, **kwargs)


def test_progress_prints_one_line_per_evaluation(capsys):
    optimize(0, bowl, max_iter=2, seed=0, progress=True)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 4 and lines[-1].lstrip().startswith("evaluation 4/4")
