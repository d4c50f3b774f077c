"""The benchmark's runs and scores: on hand-made verdicts, on stand-in models, on the real ones."""

from __future__ import annotations

import io
import math
from types import SimpleNamespace

import numpy as np
import pytest

from vae_opt.optimization.settings import bo_settings

from vae_opt.backend import keras
from vae_opt.benchmark.runner import (METHODS, best_so_far, objective_minima, run_benchmark,
                                      score)
from vae_opt.mnist.evaluation import assigned_to
from vae_opt.mnist.objectives import latent_grid, objective_surfaces
from vae_opt.paths import model_path

TARGETS, SEEDS, MAX_ITER = (4, 7, 4), (0,), 6  # the repeated target is run once
SETTINGS = "recommended"
BUDGET = bo_settings(SETTINGS).initial_points + MAX_ITER  # the initial design + the iterations
SPACING = 1.0  # a 9 x 9 grid keeps the regret minimum cheap


def pixel_reader(offset: int, name: str) -> keras.Model:
    """A classifier that assigns an image to class c when its flat pixel offset + c is lit."""
    image = keras.Input((28, 28, 1))
    dense = keras.layers.Dense(10, activation="softmax")
    model = keras.Model(image, dense(keras.layers.Flatten()(image)), name=name)
    kernel = np.zeros((784, 10), np.float32)
    kernel[offset + np.arange(10), np.arange(10)] = 10.0
    dense.set_weights([kernel, np.zeros(10, np.float32)])
    return model


def images_of(judge_classes, classifier_classes) -> np.ndarray:
    images = np.zeros((len(judge_classes), 784), np.float32)
    images[np.arange(len(images)), judge_classes] = 1.0
    images[np.arange(len(images)), 100 + np.asarray(classifier_classes)] = 1.0
    return images.reshape(-1, 28, 28, 1)


@pytest.fixture(scope="module")
def readers():
    return SimpleNamespace(judge=pixel_reader(0, "judge"), classifier=pixel_reader(100, "clf"))


def test_best_so_far_follows_the_ranking_not_the_scores():
    ranking = np.array([3.0, 1.0, 2.0, 0.0, 5.0])
    scores = np.array([10.0, 20.0, 30.0, 40.0, 50.0])
    assert best_so_far(ranking, scores).tolist() == [10.0, 20.0, 20.0, 40.0, 40.0]
    # Ties keep the first sample so ranked.
    assert best_so_far(np.array([1.0, 1.0]), np.array([5.0, 6.0])).tolist() == [5.0, 5.0]


def test_score_by_hand(readers):
    judge_classes = [1, 2, 4, 0, 4, 4, 3, 4, 9, 4, 4, 5]  # judged a 4: samples 2, 4, 5, 7, 9, 10
    classifier_classes = [4] * 12
    classifier_classes[2] = 1
    images = images_of(judge_classes, classifier_classes)
    assert assigned_to(readers.judge, images, 4).tolist() == [c == 4 for c in judge_classes]
    ranking = np.array([5, 0, 11, 7, 3, 9, 1, 8, 2, 10, 6, 4], float)  # sample 1 ranked best
    scores = 10.0 + np.arange(12)

    row, trace, best = score(images, ranking, scores, 4, 10.5, readers)

    assert row == {
        "success_classifier": True,  # sample 1 is a 4 to the classifier...
        "success_judge": False,  # ...and a 2 to the judge
        # The ten best ranked are samples 1, 6, 8, 4, 11, 0, 10, 3, 7, 5: four judged 4s.
        "judge_top10_fraction": 0.4,
        "best_objective": 11.0,
        "regret": 0.5,
        "evaluations_to_first_success": 3,  # sample 2, the third evaluated
        # The best so far is sample 0 (a 1), then sample 1 (a 2) from the second on: never a 4.
        "evaluations_to_success": None,
        "n_evaluations": 12,
    }
    assert trace.tolist() == [10.0] + [11.0] * 11
    assert np.array_equal(best, images[1])


def test_score_without_any_success(readers):
    images = images_of([0, 1, 2], [4, 4, 4])
    row, trace, _ = score(images, np.array([2.0, 1.0, 0.0]), np.full(3, np.nan), 4, np.nan,
                          readers)
    assert row["evaluations_to_first_success"] is None
    assert row["success_judge"] is False and row["success_classifier"] is True
    assert row["judge_top10_fraction"] == 0.0 and math.isnan(row["regret"])
    assert np.all(np.isnan(trace))


def test_evaluations_to_success_follow_the_best_so_far(readers):
    """A success counts once the method's own best sample is judged the target, not before."""
    images = images_of([0, 4, 4, 1], [4, 4, 4, 4])
    row, _, _ = score(images, np.array([1.0, 2.0, 0.0, -1.0]), np.zeros(4), 4, 0.0, readers)
    assert row["evaluations_to_first_success"] == 2  # sample 1 is a 4, but ranked below sample 0
    assert row["evaluations_to_success"] == 3  # sample 2, a 4, becomes the best
    assert row["success_judge"] is False  # sample 3, a 1, is best at the end


def test_objective_minima_are_the_grid_minima(stand_ins):
    log_probs = stand_ins.objective(0).log_probs
    minima = objective_minima(log_probs, (-2.0, 2.0), spacing=0.5)
    grid = latent_grid((-2.0, 2.0), 9)  # (2 - (-2)) / 0.5 + 1 points per axis
    assert minima.shape == (10,)
    assert np.allclose(minima, objective_surfaces(log_probs, grid).min(axis=1), rtol=1e-5)
    finer = objective_minima(log_probs, (-2.0, 2.0), spacing=0.25)  # a superset of the grid
    # the same point in a batch of another size may differ by a few float32 ulps (~1.2e-7
    # relative each), so "not above" holds up to 1e-5 relative, not to 1e-9
    assert np.all(finer <= minima + 1e-5 * np.maximum(1.0, np.abs(minima)))


@pytest.fixture(scope="module")
def benchmark_run(stand_ins):
    """One small benchmark on the stand-ins: (runs, progress text)."""
    progress = io.StringIO()
    runs = run_benchmark(TARGETS, SEEDS, MAX_ITER, models=stand_ins, settings=SETTINGS,
                         grid_spacing=SPACING, stream=progress)
    return runs, progress.getvalue()


def test_benchmark_runs_every_method_on_every_target(benchmark_run):
    runs, progress = benchmark_run
    rows = [run.row for run in runs]
    assert [(r["method"], r["target"]) for r in rows] == [(m, t) for t in (4, 7) for m in METHODS]
    assert all(r["seed"] == 0 and r["settings"] == SETTINGS for r in rows)
    lines = progress.strip().splitlines()
    assert len(lines) == len(rows)
    assert lines[0].startswith("[benchmark] bo       target 4 seed 0: success judge=")


def test_benchmark_budgets(benchmark_run):
    runs, _ = benchmark_run
    evaluations = {(r.row["method"], r.row["target"]): r.row["n_evaluations"] for r in runs}
    for target in (4, 7):
        assert evaluations["bo", target] == evaluations["random", target] == BUDGET
        assert evaluations["cvae", target] == BUDGET
        # Gradient search: 4 starts x floor(budget / 4) steps.
        assert evaluations["gradient", target] == 4 * (BUDGET // 4)
    for run in runs:
        assert len(run.trace) == run.row["n_evaluations"]
        expected = 4 if run.row["method"] == "gradient" else 0
        assert run.row["gradient_evaluations"] == expected


def test_benchmark_scores_are_consistent(benchmark_run, stand_ins):
    runs, _ = benchmark_run
    minima = objective_minima(stand_ins.objective(0).log_probs, (-4.0, 4.0), SPACING)
    for run in runs:
        row, target = run.row, run.row["target"]
        assert run.best_image.shape == (28, 28, 1)
        best = run.best_image[None]
        assert row["success_judge"] == assigned_to(stand_ins.judge, best, target)[0]
        assert row["success_classifier"] == assigned_to(stand_ins.classifier, best, target)[0]
        if row["success_judge"]:  # the best sample is a success, so some evaluation was first
            assert row["evaluations_to_first_success"] is not None
        if row["method"] == "cvae":
            assert math.isnan(row["best_objective"]) and math.isnan(row["regret"])
            continue
        assert row["regret"] == pytest.approx(row["best_objective"] - minima[target])
        assert run.trace[-1] == pytest.approx(row["best_objective"])
        if row["method"] in ("bo", "random"):  # ranked by the objective itself: never worse
            assert np.all(np.diff(run.trace) <= 1e-12)
            assert row["best_objective"] == pytest.approx(run.trace.min())


@pytest.mark.parametrize("targets, seeds, max_iter, message", [
    ((10,), (0,), 5, "digit"), ((), (0,), 5, "at least one target"), ((4,), (), 5, "seed"),
    ((4,), (-1,), 5, "seeds must be integers"), ((4,), (0,), 0, "max_iter"),
])
def test_settings_are_validated_before_loading_models(targets, seeds, max_iter, message,
                                                      monkeypatch):
    from vae_opt.benchmark import runner

    def no_loading():
        raise AssertionError("models loaded before the settings were checked")

    monkeypatch.setattr(runner, "bundle", no_loading)
    with pytest.raises(ValueError, match=message):
        run_benchmark(targets, seeds, max_iter)


REAL_MODELS = ("softmax", "classifier", "judge", "cvae")
MISSING = [str(model_path(kind)) for kind in REAL_MODELS if not model_path(kind).is_file()]


@pytest.mark.slow
@pytest.mark.skipif(bool(MISSING), reason=f"pretrained models not trained yet: {MISSING}")
def test_quick_benchmark_on_the_pretrained_models():
    runs = run_benchmark((4, 7), (0,), 50, stream=io.StringIO())
    rows = [run.row for run in runs]
    assert len(rows) == len(METHODS) * 2 and {r["target"] for r in rows} == {4, 7}
    bo = [r for r in rows if r["method"] == "bo"]
    assert all(r["n_evaluations"] == bo_settings("recommended").initial_points + 50 for r in bo)
    assert all(r["regret"] > -1.0 for r in bo)  # the grid minimum is near the true one
    # The method works: BO's best sample is the target digit to the classifier.
    assert all(r["success_classifier"] for r in bo)
    cvae = [r for r in rows if r["method"] == "cvae"]
    assert all(r["success_judge"] for r in cvae)  # a trained CVAE draws the asked digit
