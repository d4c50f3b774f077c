"""The molecule notebook runs top to bottom in its smoke setting on the committed model."""

import json
import os

import pytest

from vae_opt.molecules.bundle import default_model_path
from vae_opt.paths import SOURCE_ROOT

NOTEBOOK = SOURCE_ROOT / "notebooks" / "molecules.ipynb"


@pytest.mark.slow
def test_molecule_notebook_smoke_run(tmp_path, monkeypatch):
    if not default_model_path().is_file():
        pytest.skip("no trained molecule model (vae-opt molecules train)")
    from vae_opt.mnist.reproduction import run_notebook

    monkeypatch.setenv("VAE_OPT_SMOKE", "1")
    executed = tmp_path / "executed.ipynb"
    run_notebook(NOTEBOOK, tmp_path / "figures", executed=executed)
    cells = json.loads(executed.read_text())["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3
    text = "".join("".join(o.get("text", "")) for o in outputs)
    assert "oneDNN" not in text and str(tmp_path) not in text and os.sep + "work" not in text


def test_committed_notebook_is_clean():
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]
    text = "".join("".join(o.get("text", "")) + json.dumps(o.get("data", {})) for o in outputs)
    for noise in ("oneDNN", "absl::", "/work/", "/root/", "/home/", "/tmp/"):
        assert noise not in text, noise
    assert not [c for c in cells if "execution" in c.get("metadata", {})]
