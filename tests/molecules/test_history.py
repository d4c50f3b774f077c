import json

import pytest

from vae_opt.molecules import history
from vae_opt.molecules.run import HISTORY_FILE, RunError


def test_table_merges_an_epochs_validation_rows_and_takes_its_last_beta(tmp_path):
    rows = [{"kind": "train", "epoch": 0.5, "beta": 0.01},
            {"kind": "train", "epoch": 0.9, "beta": 0.02},
            {"kind": "validation", "epoch": 1, "val_greedy_exact": 0.25, "val_kl": 12.0},
            {"kind": "train", "epoch": 1.5, "beta": 0.05},
            {"kind": "validation", "epoch": 2, "val_greedy_exact": 0.5},
            {"kind": "validation", "epoch": 1, "val_prior_unique": 0.875}]  # added afterwards
    (tmp_path / HISTORY_FILE).write_text("\n".join(map(json.dumps, rows)) + "\n")
    lines = history.table(tmp_path).splitlines()
    assert len(lines) == 4
    first, second = lines[2].split(" | "), lines[3].split(" | ")
    assert first[1] == "0.02" and first[2] == "25.0%" and "87.5%" in first
    assert second[1] == "0.05" and second[2] == "50.0%" and second[4] == ""


def test_a_folder_without_history_says_so(tmp_path):
    with pytest.raises(RunError, match="no history"):
        history.table(tmp_path)
