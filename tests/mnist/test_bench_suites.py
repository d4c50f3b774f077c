"""The MNIST suites on stand-in models: their runs through the harness, the fields they add to
a results line, their reports, and that BO through the oracle is BO on the objective."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

from vae_opt.bench import registry
from vae_opt.bench.report import write_reports
from vae_opt.bench.runner import Selection, run_suite
from vae_opt.mnist import bench_methods, bench_report, suites


@pytest.fixture
def on_stand_ins(monkeypatch, stand_ins):
    """The suites' models are the stand-ins; the grid minimum uses a 9 x 9 grid."""
    minima = tuple(bench_report.objective_minima(stand_ins.objective(0).log_probs, (-4, 4), 1.0))
    monkeypatch.setattr(suites, "models", lambda kind="softmax": stand_ins)
    monkeypatch.setattr(suites, "grid_minima", lambda: minima)
    return minima


def test_the_mnist_suite_scores_every_method_and_writes_its_reports(on_stand_ins, tmp_path):
    mnist = registry.suite("mnist")
    records = run_suite(mnist, tmp_path / "r.jsonl", Selection(
        ("digit-4",), ("bo", "random", "gradient", "cvae"), (0,), 8), io.StringIO())
    by = {r["method"]: r for r in records}
    assert list(by) == ["bo", "random", "gradient", "cvae"]
    for r in records:  # gradient search too: 4 starts x 8 / 4 steps
        assert r["n_evaluations"] == r["calls"] == len(r["trace"]) == 8
        assert r["target"] == 4 and r["dim"] == 2
        assert isinstance(r["success_judge"], bool)
    bo = by["bo"]
    assert bo["settings"] == "recommended" and bo["best_objective"] == pytest.approx(bo["best"])
    assert bo["regret"] == pytest.approx(bo["best_objective"] - on_stand_ins[4])
    assert bo["trace"][-1] == pytest.approx(bo["best_objective"])
    assert by["gradient"]["gradient_evaluations"] == 4  # one step from each start
    assert by["cvae"]["best_objective"] is None and by["cvae"]["values"] == [None] * 8
    paths = write_reports(mnist, records, tmp_path)
    assert {"results.csv", "summary.md", "settings.md", "convergence.png",
            "best_samples.png"} <= set(paths)
    summary = (tmp_path / "summary.md").read_text()
    assert "BO settings: bo = recommended" in summary and "| **cvae** | all | 1 |" in summary
    assert "| cvae | 4 | 1 | " in summary and "| n/a | n/a |" in summary


def test_bo_through_the_oracle_proposes_what_bo_on_the_objective_does(on_stand_ins, stand_ins):
    from vae_opt.bench.protocol import Oracle
    from vae_opt.optimization import optimize

    task = suites.digit_task("digit-7")
    oracle = Oracle(task, 6)
    bench_methods.BO("bo:blog", suites.CANDIDATES["blog"]).run(oracle, seed=3)
    direct = optimize(stand_ins.objective(7), bounds=(-4.0, 4.0), seed=3,
                      settings=suites.CANDIDATES["blog"], max_iter=6 - 2)
    assert np.allclose(np.stack([c.candidate for c in oracle.calls]), direct.X)
    assert np.allclose([c.value for c in oracle.calls], direct.Y[:, 0])


def test_a_budget_without_bo_iterations_is_an_error_naming_it():
    with pytest.raises(ValueError, match="a budget of 2 leaves BO .recommended. no iteration"):
        bench_methods.bo_iterations(2, "recommended")


def test_the_trace_follows_the_methods_ranking_not_the_scores():
    ranking = np.array([3.0, 1.0, 2.0, 0.0, 5.0])
    scores = np.array([10.0, 20.0, 30.0, 40.0, 50.0])
    assert bench_methods.best_so_far(ranking, scores).tolist() == [10.0, 20.0, 20.0, 40.0, 40.0]


def test_a_best_image_survives_its_results_line_to_the_nearest_grey_level():
    image = np.random.default_rng(0).uniform(size=(28, 28, 1))
    back = bench_methods.decode_image(bench_methods.encode_image(image))
    assert back.shape == (28, 28, 1) and np.abs(back - image).max() <= 0.5 / 255 + 1e-12


def test_dimension_regret_is_against_the_best_any_method_found_or_the_reference():
    def record(method, best, reference=5.0, task="d8-digit-1"):
        return {"task": task, "method": method, "best_objective": best, "regret": None,
                "reference_gradient": reference}

    runs = bench_report.with_regret(bench_report.runs_of(
        [record("bo", 4.0), record("random", 6.0), record("cvae", None),
         record("bo", 7.0, task="d8-digit-2")]))
    assert [r.row["regret"] for r in runs[:2]] == [0.0, 2.0]
    assert math.isnan(runs[2].row["regret"])
    assert runs[3].row["regret"] == 2.0 and runs[3].row["reference_minimum"] == 5.0


def test_a_peer_that_is_not_installed_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(suites, "installed", lambda method: False)
    with pytest.raises(ValueError, match=r"skopt is not installed: pip install -e '.\[peers\]'"):
        suites.make_method("skopt")


def test_every_registered_method_and_task_builds(on_stand_ins):
    for name in ("bo", "bo:blog", "bo:prior-shell", "random", "prior", "gradient", "cvae"):
        assert suites.make_method(name).name == name
    assert suites.digit_task("digit-9").target == 9
    assert registry.suite("mnist-dims").quick.budget_of("d8-digit-4") == 16
    assert registry.suite("mnist-dims").quick.budget_of("d16-digit-0") == 150


@pytest.mark.slow
def test_campaign_batches_ask_fewer_rounds_for_the_same_evaluations(on_stand_ins, tmp_path):
    batches = registry.suite("campaign-batches")
    records = run_suite(batches, tmp_path / "r.jsonl",
                        Selection(("digit-3",), ("batch-1", "batch-4"), (0,), 6), io.StringIO())
    assert [(r["batch"], r["rounds"], r["n_evaluations"]) for r in records] == [(1, 6, 6), (4, 2, 6)]
    assert all(r["regret"] > -0.5 for r in records)
    write_reports(batches, records, tmp_path)
    summary = (tmp_path / "summary.md").read_text()
    assert "| sequential (1) |" in summary and "| 4 |" in summary and "6 evaluations" in summary


def bowl(t):
    return np.sum((np.asarray(t) - [1.0, -2.0]) ** 2, axis=1, keepdims=True)


@pytest.mark.parametrize("peer", [
    "skopt", pytest.param("botorch", marks=pytest.mark.slow),  # importing torch: seconds
])
def test_peer_adapters_spend_the_budget_deterministically(peer):
    from vae_opt.mnist import bench_peers

    pytest.importorskip({"skopt": "skopt", "botorch": "botorch"}[peer])
    search = bench_peers.SEARCHES[peer]
    a = search(bowl, 8, 2, (-4.0, 4.0), seed=1)
    b = search(bowl, 8, 2, (-4.0, 4.0), seed=1)
    assert a.X.shape == (8, 2) and a.Y.shape == (8, 1)
    assert np.all(np.abs(a.X) <= 4.0)
    assert np.allclose(a.Y, bowl(a.X))  # every value is the objective's at its point
    assert np.array_equal(a.X, b.X)
    assert a.y_best < bowl(a.X[:2]).min() + 1e-12  # never worse than its initial points


@pytest.mark.parametrize("task, method, budget, message", [
    ("digit-4", "bo", 2, r"budget of 2 leaves BO \(recommended\) no iteration"),
    ("digit-4", "bo:blog", 1, r"budget of 1 leaves BO \(blog\) no iteration"),
    ("d8-digit-4", "bo", 10, r"budget of 10 leaves BO \(prior-shell\) no iteration"),
])
def test_a_budget_without_bo_iterations_is_refused_before_any_run(task, method, budget, message):
    from vae_opt.bench.runner import resolve

    suite = registry.suite("mnist-dims" if task.startswith("d8") else "mnist")
    with pytest.raises(ValueError, match=message):
        resolve(suite, Selection((task,), (method, "random"), (0,), budget))
    resolve(suite, Selection((task,), ("random",), (0,), budget))  # random search may


def test_dimension_summary_by_hand():
    from vae_opt.mnist import dims_summary

    def run(method, success, first, best, budget=10):
        return bench_report.Run({"dim": 8, "budget": budget, "method": method,
                                 "success_judge": success, "evaluations_to_success": first,
                                 "best_objective": best, "regret": best - 1.0, "seconds": 1.0},
                                np.zeros(budget), None)

    runs = [run("bo", True, 2, 1.0), run("bo", True, 4, 1.5), run("bo", False, None, 2.0),
            run("random", False, None, 5.0), run("random", True, 9, 3.0),
            run("random", False, None, 4.0)]
    stats = {s["method"]: s for s in dims_summary.summarise(runs)}
    bo, random = stats["bo"], stats["random"]
    assert bo["success_judge"] == pytest.approx(2 / 3) and bo["median_evaluations_to_success"] == 4
    assert bo["mean_evaluations_to_success"] == pytest.approx((2 + 4 + 10) / 3)  # never: budget
    assert math.isinf(random["median_evaluations_to_success"])  # two of three never succeed
    assert bo["mean_regret"] == pytest.approx(0.5) and random["median_regret"] == pytest.approx(3.0)
    text = dims_summary.summary_markdown(list(stats.values()))
    assert "| 8 | 10 | random | 3 | 33 % | never | 9.7 |" in text
    assert f"d = 8: {29 / 16:.1f}x (mean)" in text


def test_the_profile_splits_a_bo_run_into_parts_that_sum_to_its_wall_time(on_stand_ins, tmp_path):
    profile = registry.suite("bo-profile")
    (r,) = run_suite(profile, tmp_path / "r.jsonl",
                     Selection(("digit-3",), ("recommended",), (0,), 6), io.StringIO())
    assert r["candidate"] == "recommended" and r["calls"] == 6 and r["target"] == 3
    parts = r["gp_fit"] + r["acquisition"] + r["objective"] + r["other"]
    assert parts == pytest.approx(r["wall"]) and min(r["gp_fit"], r["objective"]) > 0
    assert r["gp_fits"] == r["proposals"] == 4 and r["acquisition_evaluations"] > 0
    write_reports(profile, [r], tmp_path)
    assert "| recommended | 1 |" in (tmp_path / "profile.md").read_text()
