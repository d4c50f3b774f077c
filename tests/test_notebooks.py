"""The notebooks run top to bottom on the pretrained models and write what they promise."""

import json
import re

import pytest

from vae_opt.paths import SOURCE_ROOT
from vae_opt.mnist.reproduction import NotebookError, notebook, run_notebook

FIGURES = {"latent_spaces", "objective_predictor", "objective_decode_classify",
           "acquisition_target_4", *(f"best_samples_target_{t}" for t in (4, 3, 2, 5, 9))}


def _outputs(path):
    cells = json.loads(path.read_text())["cells"]
    return cells, [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]


def _texts(outputs):
    return "".join("".join(o.get("text", "")) + json.dumps(o.get("data", {})) for o in outputs)


@pytest.mark.slow
def test_reproduction_notebook_runs_and_writes_every_figure(tmp_path):
    executed = tmp_path / "executed.ipynb"
    run_notebook(notebook(), tmp_path / "figures", executed=executed)
    written = {p.stem for p in (tmp_path / "figures").glob("*.png")}
    assert FIGURES <= written, FIGURES - written
    summary = json.loads((tmp_path / "figures" / "summary.json").read_text())
    # not the committed counts (another float summation order takes the GP another way), but
    # what the restart rule promises on any machine: at least 9 of 10 samples of the target
    assert [r["target"] for r in summary["top_samples"]] == [4, 3, 2, 5, 9]
    assert all(r["n_assigned"] >= 9 for r in summary["top_samples"]), summary["top_samples"]
    cells, outputs = _outputs(executed)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = _texts(outputs)
    assert "oneDNN" not in text and str(tmp_path) not in text
    assert not [c for c in cells if "execution" in c.get("metadata", {})]


NOTEBOOKS = ["variational_autoencoder_opt", "evaluation", "campaign", "molecules"]
WALL_TIME = re.compile(r"\b\d+\.\d+ ?s\b|\bin \d+ ?s\b")  # "23.0 s", "ran in 134 s"


def test_every_notebook_is_checked():
    assert sorted(p.stem for p in (SOURCE_ROOT / "notebooks").glob("*.ipynb")) == sorted(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_notebooks_hold_no_machine_paths_wall_times_or_tensorflow_lines(name):
    path = SOURCE_ROOT / "notebooks" / f"{name}.ipynb"
    if not path.is_file():
        pytest.skip(f"{path.name} not in this checkout")
    cells, outputs = _outputs(path)
    text = _texts(outputs)
    for noise in ("oneDNN", "absl::", "/work/", "/root/", "/home/", "/tmp/", "Warning"):
        assert noise not in text, noise
    printed = "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                      for o in outputs)
    assert not WALL_TIME.search(printed), WALL_TIME.search(printed)  # noise in every diff
    assert not [c for c in cells if "execution" in c.get("metadata", {})]
    assert not [o for o in outputs if o.get("output_type") == "error"]


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


@pytest.mark.slow
def test_evaluation_notebook_shows_bo_ahead_of_random_search(tmp_path):
    run_notebook(SOURCE_ROOT / "notebooks" / "evaluation.ipynb", tmp_path / "figures",
                 executed=tmp_path / "evaluation.ipynb")
    rows = {line.split("|")[1].strip(): line.split("|")
            for line in (tmp_path / "figures" / "benchmark" / "summary.md").read_text().splitlines()
            if "| all |" in line}
    regret = {method.strip("*"): float(cells[8]) for method, cells in rows.items()
              if cells[8].strip() != "n/a"}
    assert regret["bo"] < regret["random"]  # what the notebook's text says it shows
