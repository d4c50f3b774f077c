"""The blog settings' restarts, and the figure's rule: the ten best of all of them, by f alone."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from vae_opt.mnist.config import REPRODUCTION
from vae_opt.optimization import OptimizationResult
from vae_opt.paths import SOURCE_ROOT
from vae_opt.mnist.restarts import Restarts, main, run_restarts


def _result(values, x0=0.0):
    values = np.asarray(values, dtype=float)
    X = np.column_stack([np.full(len(values), x0), np.arange(len(values), dtype=float)])
    return OptimizationResult(X=X, Y=values[:, None], seconds=0.0)


def test_the_figure_shows_the_k_best_of_all_restarts_together():
    lucky = _result([0.5, 9, 9, 9, 1.5], x0=1.0)   # the single best value, few good ones
    steady = _result([1.0, 1.1, 0.7, 5], x0=2.0)
    restarts = Restarts(target=4, seeds=(7, 8), results=[lucky, steady], k=3)
    t, values, seeds = restarts.best()
    assert values.tolist() == [0.5, 0.7, 1.0] and seeds.tolist() == [7, 8, 8]
    assert t.tolist() == [[1.0, 0.0], [2.0, 2.0], [2.0, 0.0]]  # the points of those values
    assert restarts.kth_best() == [9.0, 1.1]
    assert restarts.chosen == 0 and restarts.seed == 7 and restarts.result is lucky
    assert restarts.rows() == [
        {"seed": 7, "y_best": 0.5, "y_kth_best": 9.0, "n_shown": 1},
        {"seed": 8, "y_best": 0.7, "y_kth_best": 1.1, "n_shown": 2}]


def test_a_tie_goes_to_the_first_restart():
    restarts = Restarts(4, (3, 1), [_result([1, 2]), _result([1, 0.5])], k=2)
    assert restarts.seed == 1
    assert Restarts(4, (3, 1), [_result([1, 2]), _result([1, 3])], k=1).best()[2].tolist() == [3]


def _bowl(t):
    return np.sum((np.asarray(t) - 0.5) ** 2, axis=1, keepdims=True)


_bowl.latent_dim = 2


def test_run_restarts_runs_one_search_per_seed():
    restarts = run_restarts(_bowl, target=0, seeds=(0, 1), max_iter=3, k=2)
    assert restarts.seeds == (0, 1) and len(restarts.results) == 2
    assert all(len(r.Y) == 2 + 3 for r in restarts.results)
    assert not np.allclose(restarts.results[0].X[:2], restarts.results[1].X[:2])  # other seeds
    with pytest.raises(ValueError, match="at least one seed"):
        run_restarts(_bowl, target=0, seeds=())


def test_bad_arguments_get_one_line_and_status_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--targets", "12"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "targets must be digits" in err[0]


def test_the_committed_summary_follows_the_rule_and_records_the_shown_points():
    summary = json.loads((SOURCE_ROOT / "figures" / "summary.json").read_text())
    rows = summary["top_samples"]
    assert [r["target"] for r in rows] == list(REPRODUCTION.targets)
    for row in rows:
        restarts = row["restarts"]
        assert [r["seed"] for r in restarts] == list(REPRODUCTION.seeds)
        k = row["k"]
        assert len(row["t"]) == len(row["values"]) == len(row["assigned"]) == k
        assert row["values"] == sorted(row["values"])
        assert row["y_best"] == row["values"][0] == min(r["y_best"] for r in restarts)
        assert row["y_kth_best"] == row["values"][-1] <= min(r["y_kth_best"] for r in restarts)
        assert sorted(row["found_by_seed"]) == sorted(
            s for r in restarts for s in [r["seed"]] * r["n_shown"])
        assert row["n_assigned"] == sum(row["assigned"])


def test_anyone_can_rejudge_the_committed_points():
    """Decode the recorded points again: the same objective values (to float32 precision) and
    at least 9 of 10 images assigned to the target, whatever this machine's float order."""
    from vae_opt.mnist.evaluation import assigned_to
    from vae_opt.mnist.networks.vae import decode
    from vae_opt.mnist.pretrained import bundle

    models = bundle()
    for row in json.loads((SOURCE_ROOT / "figures" / "summary.json").read_text())["top_samples"]:
        t = np.asarray(row["t"])
        values = models.objective(row["target"])(t)[:, 0]
        assert np.allclose(values, row["values"], rtol=1e-4, atol=1e-4)
        images = decode(models.decoder, t)
        assert assigned_to(models.classifier, images, row["target"]).sum() >= 9


# Numeric perturbations of the reproduction's searches: other seeds for the restarts, and
# TensorFlow without oneDNN on one intra-op thread, which changes float summation order and so
# the GP's path (target 4, seed 0: best f 7.20 with the defaults here, 2.12 without).
PERTURBATIONS = [  # the notebook's own test runs seeds 0-3 with the default numerics
    ("seeds 0-3, oneDNN off, one TensorFlow thread", REPRODUCTION.seeds,
     {"TF_ENABLE_ONEDNN_OPTS": "0", "TF_NUM_INTRAOP_THREADS": "1"}),
    ("seeds 4-7, default numerics", (4, 5, 6, 7), {}),
    ("seeds 8-11, oneDNN off, one TensorFlow thread", (8, 9, 10, 11),
     {"TF_ENABLE_ONEDNN_OPTS": "0", "TF_NUM_INTRAOP_THREADS": "1"}),
]


@pytest.mark.slow
@pytest.mark.parametrize("name, seeds, numerics", PERTURBATIONS, ids=[p[0] for p in PERTURBATIONS])
def test_the_rule_gives_nine_of_ten_for_every_figured_target(name, seeds, numerics, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("TF_ENABLE_ONEDNN_OPTS", "TF_NUM_INTRAOP_THREADS")}
    env.update(numerics)
    out = tmp_path / "restarts.json"
    subprocess.run([sys.executable, "-m", "vae_opt.mnist.restarts", "--seeds", *map(str, seeds),
                    "--json", str(out)], env=env, cwd=SOURCE_ROOT, check=True, timeout=3000)
    rows = json.loads(out.read_text())
    assert [r["target"] for r in rows] == list(REPRODUCTION.targets)
    for row in rows:
        assert [r["seed"] for r in row["restarts"]] == list(seeds)
        assert sum(r["n_shown"] for r in row["restarts"]) == row["k"] == 10
        assert row["n_assigned"] >= 9, (name, row)
