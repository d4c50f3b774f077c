import io

import pytest

from vae_opt.bench import registry
from vae_opt.bench.results import ResultsFile
from vae_opt.bench.runner import Selection, resolve, run_suite


def test_the_quick_plan_runs_end_to_end_with_metrics_and_the_suites_fields(toy, tmp_path):
    stream = io.StringIO()
    records = run_suite(toy, tmp_path / "r.jsonl", Selection(quick=True), stream)
    assert len(records) == 1
    (r,) = records
    assert (r["task"], r["method"], r["seed"], r["budget"]) == ("left", "random", 0, 5)
    assert r["calls"] == 5 and len(r["values"]) == 5 and r["centre"] == -0.5
    assert r["best"] == pytest.approx(min(r["values"]))
    assert "[bench toy] 1/1 left random seed 0" in stream.getvalue()


def test_a_rerun_skips_finished_runs_and_runs_only_the_missing_ones(toy, tmp_path):
    path = tmp_path / "r.jsonl"
    run_suite(toy, path, Selection(seeds=(0,)), io.StringIO())
    assert toy.built[0].scored + toy.built[1].scored == 40  # two tasks x 20
    first = path.read_text()
    stream = io.StringIO()
    records = run_suite(toy, path, Selection(seeds=(0, 1)), stream)
    assert path.read_text().startswith(first)  # finished lines untouched
    assert sorted((r["task"], r["seed"]) for r in records) == [
        ("left", 0), ("left", 1), ("right", 0), ("right", 1)]
    assert sum(t.scored for t in toy.built) == 80  # only the two seed-1 runs scored again
    assert "2 of 4 runs already in" in stream.getvalue()


def test_an_interrupted_run_resumes_after_its_last_finished_line(toy, tmp_path):
    path = tmp_path / "r.jsonl"
    run_suite(toy, path, Selection(seeds=(0,)), io.StringIO())
    text = path.read_text()
    path.write_text(text[: text.index("\n") + 1] + text[text.index("\n") + 1:][:30])  # killed
    records = run_suite(toy, path, Selection(seeds=(0,)), io.StringIO())
    assert sorted(r["task"] for r in records) == ["left", "right"]
    assert len(ResultsFile(path).read()) == 2


def test_a_method_that_overspends_keeps_the_calls_within_its_budget(toy, tmp_path):
    (r,) = run_suite(toy, tmp_path / "r.jsonl", Selection(("left",), ("greedy",), (0,), 4),
                     io.StringIO())
    assert r["calls"] == 3 and r["values"] == [0.25] * 3


@pytest.mark.parametrize("selection, message", [
    (Selection(tasks=("middle",)), "unknown task of suite 'toy' 'middle'; choose from left, right"),
    (Selection(methods=("bo",)), "unknown method of suite 'toy' 'bo'; choose from random, greedy"),
    (Selection(budget=0), "the budget must be at least 1"),
])
def test_unknown_names_and_bad_budgets_are_refused_before_any_run(toy, selection, message):
    with pytest.raises(ValueError, match=message):
        resolve(toy, selection)
    assert toy.built == []


def test_an_unknown_suite_lists_the_registered_ones(toy):
    with pytest.raises(registry.UnknownName, match=r"unknown suite 'nope'; choose from .*toy"):
        registry.suite("nope")


def test_a_second_suite_of_one_name_is_refused(toy):
    with pytest.raises(ValueError, match="already registered"):
        registry.register(toy)


def test_a_plan_naming_an_unknown_task_is_refused_at_registration(toy):
    from dataclasses import replace

    with pytest.raises(registry.UnknownName, match="unknown task of suite 'toy' 'middle'"):
        replace(toy, quick=registry.Plan(("middle",), ("random",), (0,), 3))


def test_negative_seeds_are_refused(toy):
    with pytest.raises(ValueError, match="seeds must be integers >= 0, got 0, -1"):
        resolve(toy, Selection(seeds=(0, -1)))


def test_task_patterns_expand_to_the_tasks_they_match(toy):
    _, runs = resolve(toy, Selection(tasks=("r*",), seeds=(0,)))
    assert [r[0] for r in runs] == ["right"]
    with pytest.raises(registry.UnknownName, match="unknown task of suite 'toy' 'x\\*'"):
        resolve(toy, Selection(tasks=("x*",)))


def test_a_suites_check_refuses_a_run_before_any_run_starts(toy, tmp_path):
    from dataclasses import replace

    def check(task, method, budget):
        if task == "right" and budget < 3:
            raise ValueError(f"{task} needs 3 calls, got {budget}")

    strict = replace(toy, check=check)
    with pytest.raises(ValueError, match="right needs 3 calls, got 2"):
        run_suite(strict, tmp_path / "r.jsonl", Selection(budget=2), io.StringIO())
    assert toy.built == [] and not (tmp_path / "r.jsonl").exists()


def test_a_suites_module_whose_extras_are_missing_is_named_not_fatal(toy, monkeypatch, tmp_path):
    for name, body in (("chem", "import no_such_extra_module\n"),
                       ("fine", "from vae_opt.bench.registry import _SUITES\n"
                                "_SUITES['fine-seen'] = 'loaded'\n")):
        (tmp_path / "plug" / name).mkdir(parents=True)
        (tmp_path / "plug" / name / "__init__.py").write_text("")
        (tmp_path / "plug" / name / "suites.py").write_text(body)
    (tmp_path / "plug" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(registry._SUITES, "fine-seen", None)  # restored after the test
    skipped = registry.import_suites(tmp_path / "plug", "plug")
    assert skipped == {"plug.chem.suites": "No module named 'no_such_extra_module'"}
    assert registry._SUITES["fine-seen"] == "loaded"  # the other module was imported
    monkeypatch.setattr(registry, "_skipped", skipped)
    with pytest.raises(registry.UnknownName, match=r"plug.chem.suites not loaded \(No module"):
        registry.suite("chem")


def test_a_task_without_a_budget_in_the_plan_asks_for_one(toy):
    with pytest.raises(ValueError, match="no budget for task 'middle': give it a budget"):
        toy.quick.budget_of("middle")
    _, runs = resolve(toy, Selection(tasks=("right",), quick=True))
    assert runs == [("right", "random", 0, 7)]  # the quick plan's budget of a task it skips
