"""The notebooks run top to bottom on the pretrained models and write what they promise."""

import json

import pytest

from vae_opt.config import REPO_ROOT
from vae_opt.reproduction import NOTEBOOK, NotebookError, run_notebook

FIGURES = {"latent_spaces", "objective_predictor", "objective_decode_classify",
           "acquisition_target_4", *(f"best_samples_target_{t}" for t in (4, 3, 2, 5, 9))}


def test_reproduction_notebook_runs_and_writes_every_figure(tmp_path):
    executed = tmp_path / "executed.ipynb"
    run_notebook(NOTEBOOK, tmp_path / "figures", executed=executed)
    written = {p.stem for p in (tmp_path / "figures").glob("*.png")}
    assert FIGURES <= written, FIGURES - written
    summary = json.loads((tmp_path / "figures" / "summary.json").read_text())
    assert [row["target"] for row in summary["top_samples"]] == [4, 3, 2, 5, 9]
    assert all(0 <= row["n_assigned"] <= row["k"] == 10 for row in summary["top_samples"])
    cells = json.loads(executed.read_text())["cells"]
    errors = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors


def test_a_failing_notebook_names_the_error_and_keeps_the_original(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print('fine')"),
                nbformat.v4.new_code_cell("raise RuntimeError('boom in cell two')")]
    path = tmp_path / "bad.ipynb"
    nbformat.write(nb, path)
    original = path.read_text()
    with pytest.raises(NotebookError, match="boom in cell two"):
        run_notebook(path, tmp_path / "figs")
    assert path.read_text() == original
    assert (tmp_path / "figs" / "failed-bad.ipynb").is_file()


def test_evaluation_notebook_runs(tmp_path):
    run_notebook(REPO_ROOT / "notebooks" / "evaluation.ipynb", tmp_path / "figures",
                 executed=tmp_path / "evaluation.ipynb")
    assert (tmp_path / "figures" / "benchmark" / "summary.md").is_file()
