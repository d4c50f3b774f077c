"""The molecule benchmark's pieces: every search spends its budget, runs are summarised, and a
quick run writes its CSVs and summary."""

import csv

import numpy as np
import pytest

from vae_opt.molecules.config import MoleculeBenchmarkConfig
from vae_opt.molecules.benchmark import run_benchmark, summarise, top_molecules
from vae_opt.molecules.objectives import MoleculeObjective, Record
from vae_opt.molecules.search import run_search


@pytest.mark.parametrize("method", ["random", "gradient", "bo"])
def test_every_search_spends_its_budget(tiny_model, method):
    objective = MoleculeObjective(tiny_model, "qed")
    run_search(method, objective, 22, seed=0)
    assert len(objective.records) == 22


def _record(smiles, qed):
    values = {"qed": qed, "penalized_logp": 0.0, "penalized_logp_raw": 0.0}
    return Record(np.zeros(4), smiles, values, -qed)


def test_summary_and_top_molecules():
    records = [_record("CCO", 0.4), _record("", float("nan")), _record("OCC", 0.4),
               _record("c1ccccc1", 0.45)]
    run = summarise(records, "qed", bar=0.42, training={"CCO"})
    assert run["best"] == 0.45 and run["evaluations_to_beat_training"] == 4
    assert run["validity"] == 0.75 and run["unique_valid"] == 2 and run["novelty"] == 0.5
    assert run["best_smiles"] == "c1ccccc1" and run["best_novel"]
    top = top_molecules(records, "qed", 3, {"CCO"})
    assert [r["smiles"] for r in top] == ["c1ccccc1", "CCO"]
    assert [r["evaluations"] for r in top] == [4, 1] and not top[1]["novel"]


def test_quick_benchmark_writes_its_files(tiny_model, tmp_path, monkeypatch):
    import vae_opt.molecules.benchmark as benchmark

    monkeypatch.setattr(benchmark, "training_reference", lambda model: (
        model.metadata["training_best"], {"CCO"}))
    config = MoleculeBenchmarkConfig(seeds=(0,), evaluations=6, gradient_starts=2,
                                     methods=("random", "gradient"))
    run_benchmark(tiny_model, tmp_path, config, log=lambda *a, **k: None)
    rows = list(csv.DictReader((tmp_path / "molecules.csv").open()))
    assert {"method", "seed", "smiles", "qed", "penalized_logp", "evaluations"} <= set(rows[0])
    assert {r["method"] for r in rows} == {"training-set", "random", "gradient"}
    summary = (tmp_path / "summary.md").read_text()
    assert "smaller than the planned" in summary and "Tripp et al. 2020" in summary
