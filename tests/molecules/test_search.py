"""The notebook's in-process searches: every search spends its budget; best so far over its
records."""

import numpy as np
import pytest

from vae_opt.molecules.objectives import MoleculeObjective, Record
from vae_opt.molecules.search import best_so_far, run_search


@pytest.mark.parametrize("method", ["random", "gradient", "bo"])
def test_every_search_spends_its_budget(tiny_model, method):
    objective = MoleculeObjective(tiny_model, "qed")
    run_search(method, objective, 22, seed=0)
    assert len(objective.records) == 22


def _record(smiles, qed):
    values = {"qed": qed, "penalized_logp": 0.0, "penalized_logp_raw": 0.0}
    return Record(np.zeros(4), smiles, values, -qed)


def test_best_so_far_skips_invalid_molecules():
    records = [_record("", float("nan")), _record("CCO", 0.4), _record("CC", 0.3),
               _record("c1ccccc1", 0.45)]
    assert best_so_far(records, "qed").tolist() == [-np.inf, 0.4, 0.4, 0.45]
