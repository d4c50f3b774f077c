"""The reproduction of the method's figures: model access for the notebook, and running it.

`vae-opt reproduce` executes notebooks/variational_autoencoder_opt.ipynb top to bottom; the
notebook writes every figure as PNG to the folder named by VAE_OPT_FIGURES, and the numbers
the command prints (classifier counts of the top-10 samples, wall times) to summary.json there.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vae_opt.backend import keras
from vae_opt.config import OPTIMIZATION
from vae_opt.evaluation import assigned_to
from vae_opt.files import check_output_dir
from vae_opt.networks.vae import decode
from vae_opt.optimization import OptimizationResult, optimize
from vae_opt.paths import SOURCE_ROOT, notebooks_dir
from vae_opt.pretrained import Bundle

NOTEBOOK_NAME = "variational_autoencoder_opt.ipynb"
FIGURES_ENV = "VAE_OPT_FIGURES"
SUMMARY_FILE = "summary.json"


def notebook() -> Path:
    """The reproduction notebook of this checkout or installation."""
    return notebooks_dir() / NOTEBOOK_NAME


def figures_dir() -> Path:
    """Where the notebook writes its figures: $VAE_OPT_FIGURES, else figures/ of the checkout."""
    return Path(os.environ.get(FIGURES_ENV, SOURCE_ROOT / "figures"))


def get_models(use_pretrained: bool = True, runs_dir: str | Path = Path("runs") / "models"
               ) -> dict[str, keras.Model]:
    """The three joint models and the classifier: committed ones, or trained here from scratch."""
    kinds = ("off", "softmax", "linear", "classifier")
    if use_pretrained:
        from vae_opt.pretrained import load_pretrained

        return {kind: load_pretrained(kind) for kind in kinds}
    from vae_opt.networks.loading import load_model
    from vae_opt.training import train_all

    return {kind: load_model(path) for kind, path in train_all(kinds, runs_dir).items()}


@dataclass
class TopSamples:
    """The k best samples of one optimization: latent points, images, values, classifier verdicts."""

    target: int
    t: np.ndarray
    images: np.ndarray
    values: np.ndarray
    assigned: np.ndarray
    result: OptimizationResult

    @property
    def n_assigned(self) -> int:
        return int(np.sum(self.assigned))

    def summary(self) -> dict:
        """The checkable numbers of this figure, as written to summary.json."""
        return {"target": self.target, "k": len(self.values), "n_assigned": self.n_assigned,
                "y_best": self.result.y_best, "evaluations": len(self.result.Y),
                "seconds": round(self.result.seconds, 1)}


def top_samples(target: int, models: Bundle, seed: int = 0, settings: str | None = None,
                max_iter: int = OPTIMIZATION.max_iter, k: int = 10,
                result: OptimizationResult | None = None) -> TopSamples:
    """Optimize the decode-and-classify objective for `target` (unless `result` is given) and
    decode its k best points; the classifier then says which images show the target."""
    if result is None:
        result = optimize(models.objective(target), seed=seed, settings=settings,
                          max_iter=max_iter)
    t, values = result.best(k)
    images = decode(models.decoder, t)
    return TopSamples(target, t, images, values, assigned_to(models.classifier, images, target),
                      result)


def write_summary(directory: str | Path, summary: dict) -> Path:
    """Write the notebook's checkable numbers as JSON beside its figures."""
    from vae_opt.files import write_text_atomic

    return write_text_atomic(Path(directory) / SUMMARY_FILE, json.dumps(summary, indent=2) + "\n",
                             force=True)


class NotebookError(RuntimeError):
    """A notebook cell raised; the message names the cell and the error."""


def run_notebook(notebook: str | Path, figures: str | Path, executed: str | Path | None = None,
                 timeout: int = 1800) -> float:
    """Execute `notebook` top to bottom with figures going to `figures`; return seconds taken.

    The executed notebook (with outputs) is written to `executed` (default: in place) only on
    success; on failure it goes to `figures/failed-<name>` and NotebookError names the cell.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook, figures = Path(notebook), Path(figures).resolve()
    if not notebook.is_file():
        raise FileNotFoundError(f"notebook {notebook} does not exist")
    check_output_dir(figures)
    nb = nbformat.read(notebook, as_version=4)
    os.environ[FIGURES_ENV] = str(figures)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(notebook.parent.resolve())}})
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as error:
        failed = figures / f"failed-{notebook.name}"
        nbformat.write(nb, failed)
        raise NotebookError(f"{notebook} failed (executed copy: {failed}):\n{error}") from None
    seconds = time.perf_counter() - start
    for cell in nb.cells:  # a re-run should change only what changed, not every timestamp
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(nb, Path(executed) if executed else notebook)
    return seconds


def read_summary(figures: str | Path) -> dict:
    """The summary the notebook wrote into `figures`."""
    return json.loads((Path(figures) / SUMMARY_FILE).read_text())


def format_summary(summary: dict, seconds: float) -> str:
    """The lines `vae-opt reproduce` prints after the notebook ran."""
    lines = [f"notebook ran top to bottom in {seconds:.0f} s"]
    for row in summary.get("top_samples", []):
        lines.append(f"  target {row['target']}: classifier assigns {row['n_assigned']}/"
                     f"{row['k']} of the best samples to the target "
                     f"(best f = {row['y_best']:.3f}, {row['evaluations']} evaluations in "
                     f"{row['seconds']:.1f} s)")
    return "\n".join(lines)

