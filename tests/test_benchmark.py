"""The benchmark: its rows, tables and figure, on small stand-in models and on the real ones."""

from __future__ import annotations

import argparse
import csv
import io
import math

import keras
import numpy as np
import pytest

from vae_opt.benchmark import (COLUMNS, METHODS, BenchmarkModels, add_parser, check_settings,
                               objective_minima, run_benchmark, write_outputs)
from vae_opt.config import model_path
from vae_opt.objectives import decode_classify_log_probs

TARGETS, SEEDS, MAX_ITER = (4, 7), (0,), 6  # BO makes 2 + 6 = 8 evaluations
SPACING = 1.0  # a 9 x 9 grid keeps the regret minimum cheap


def _image_model(name: str, inputs: list[keras.KerasTensor], head) -> keras.Model:
    return keras.Model(inputs if len(inputs) > 1 else inputs[0], head, name=name)


def stand_in_models() -> BenchmarkModels:
    """Tiny untrained networks with the interfaces of the pretrained ones."""
    keras.utils.set_random_seed(0)
    layers = keras.layers

    def decoder(condition: bool) -> keras.Model:
        inputs = [keras.Input((2,))] + ([keras.Input((10,))] if condition else [])
        h = layers.Concatenate()(inputs) if condition else inputs[0]
        image = layers.Reshape((28, 28, 1))(layers.Dense(784, activation="sigmoid")(h))
        return _image_model("decoder", inputs, image)

    def classifier(name: str) -> keras.Model:
        image = keras.Input((28, 28, 1))
        probabilities = layers.Dense(10, activation="softmax")(layers.Flatten()(image))
        return _image_model(name, [image], probabilities)

    t = keras.Input((2,))
    predictor = _image_model("predictor", [t], layers.Dense(10, activation="softmax")(t))
    cvae_decoder = decoder(condition=True)
    cvae_inputs = [keras.Input((2,)), keras.Input((10,))]
    cvae = _image_model("cvae", cvae_inputs, cvae_decoder(cvae_inputs))
    return BenchmarkModels(decoder(condition=False), predictor, classifier("classifier"),
                           classifier("judge"), cvae)


@pytest.fixture(scope="module")
def benchmark_run():
    """One small benchmark on the stand-ins: (models, runs, progress text)."""
    models, progress = stand_in_models(), io.StringIO()
    runs = run_benchmark(TARGETS, SEEDS, MAX_ITER, models=models, grid_spacing=SPACING,
                         stream=progress)
    return models, runs, progress.getvalue()


def test_benchmark_rows_are_consistent(benchmark_run):
    models, runs, progress = benchmark_run
    rows = [run.row for run in runs]
    assert [(r["method"], r["target"]) for r in rows] == [(m, t) for t in TARGETS for m in METHODS]
    assert len(progress.strip().splitlines()) == len(rows)
    minima = objective_minima(decode_classify_log_probs(models.decoder, models.classifier),
                              (-4.0, 4.0), SPACING)
    for run in runs:
        row = run.row
        assert row["n_evaluations"] == 2 + MAX_ITER == len(run.trace)
        assert 0.0 <= row["judge_top10_fraction"] <= 1.0
        first = row["evaluations_to_first_success"]
        assert first is None or 1 <= first <= row["n_evaluations"]
        if row["success_judge"]:  # the best sample is a success, so some evaluation was first
            assert first is not None
        if row["method"] == "cvae":
            assert math.isnan(row["best_objective"]) and math.isnan(row["regret"])
            continue
        assert row["regret"] == pytest.approx(row["best_objective"] - minima[row["target"]])
        assert run.trace[-1] == pytest.approx(row["best_objective"])
        if row["method"] in ("bo", "random"):  # ranked by the objective itself: never worse
            assert np.all(np.diff(run.trace) <= 1e-12)
    gradient = [r for r in rows if r["method"] == "gradient"]
    assert all(r["gradient_evaluations"] == 8 - 4 for r in gradient)  # 4 starts x (2 - 1) steps


def test_benchmark_writes_results_summary_and_figure(benchmark_run, tmp_path):
    _, runs, _ = benchmark_run
    paths = write_outputs(runs, tmp_path / "out")
    with open(paths["results.csv"], newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert tuple(reader.fieldnames) == COLUMNS
    assert len(rows) == len(METHODS) * len(TARGETS) * len(SEEDS)
    assert {r["method"] for r in rows} == set(METHODS)
    summary = paths["summary.md"].read_text()
    table = [line for line in summary.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + len(METHODS) * (len(TARGETS) + 1)  # header, targets and 'all' rows
    assert "| cvae | 4 | 1 |" in summary and "| **bo** | all | 2 |" in summary
    assert paths["convergence.png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths["best_samples.png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert all(run.best_image.shape == (28, 28, 1) for run in runs)


@pytest.mark.parametrize("targets, seeds, max_iter, message", [
    ((10,), (0,), 5, "digit"), ((), (0,), 5, "target"), ((4,), (), 5, "seed"),
    ((4,), (-1,), 5, "seeds"), ((4,), (0,), 0, "max_iter"),
])
def test_settings_are_validated(targets, seeds, max_iter, message):
    with pytest.raises(ValueError, match=message):
        check_settings(targets, seeds, max_iter)


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_command_rejects_bad_settings_before_loading_models():
    args = _parse(["benchmark", "--quick", "--max-iter", "0"])
    with pytest.raises(ValueError, match="max_iter"):
        args.func(args)


REAL_MODELS = ("softmax", "classifier", "judge", "cvae")
MISSING = [str(model_path(kind)) for kind in REAL_MODELS if not model_path(kind).is_file()]


@pytest.mark.skipif(bool(MISSING),
                    reason=f"pretrained models not trained yet: {', '.join(MISSING)}")
def test_quick_benchmark_on_the_pretrained_models(tmp_path, capsys):
    args = _parse(["benchmark", "--quick", "--out", str(tmp_path)])
    args.func(args)
    with open(tmp_path / "results.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(METHODS) * 2
    assert {int(r["target"]) for r in rows} == {4, 7}
    assert (tmp_path / "convergence.png").is_file() and (tmp_path / "summary.md").is_file()
    bo = [r for r in rows if r["method"] == "bo"]
    assert all(int(r["n_evaluations"]) <= 12 for r in bo)
    assert all(float(r["regret"]) > -1.0 for r in bo)  # the grid minimum is near the true one
