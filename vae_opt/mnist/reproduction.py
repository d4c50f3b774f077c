"""The reproduction of the method's figures: model access for the notebook, and running it.

`vae-opt reproduce` executes notebooks/variational_autoencoder_opt.ipynb top to bottom; the
notebook writes every figure as PNG to the folder named by VAE_OPT_FIGURES, and the numbers
the command prints (classifier counts of the top-10 samples, wall times) to summary.json there.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vae_opt.backend import keras
from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.config import REPRODUCTION
from vae_opt.mnist.evaluation import assigned_to
from vae_opt.files import check_output_dir, write_text_atomic
from vae_opt.mnist.networks.vae import decode
from vae_opt.paths import SOURCE_ROOT, notebooks_dir
from vae_opt.mnist.pretrained import Bundle, load_pretrained
from vae_opt.mnist.restarts import Restarts, run_restarts
from vae_opt.mnist.training import train_all
from vae_opt.networks.loading import load_model

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
        return {kind: load_pretrained(kind) for kind in kinds}
    return {kind: load_model(path) for kind, path in train_all(kinds, runs_dir).items()}


@dataclass
class TopSamples:
    """The k best samples of all restarts together: latent points, images, values, verdicts."""

    target: int
    t: np.ndarray
    images: np.ndarray
    values: np.ndarray
    assigned: np.ndarray
    restarts: Restarts

    @property
    def n_assigned(self) -> int:
        return int(np.sum(self.assigned))

    def summary(self) -> dict:
        """The checkable numbers of this figure, as written to summary.json: every restart's
        best and k-th best f, and the shown points with their values, the restart that found
        each, and the classifier's verdicts (so anyone can decode and re-judge them)."""
        return {"target": self.target, "k": len(self.values), "n_assigned": self.n_assigned,
                "y_best": float(self.values[0]), "y_kth_best": float(self.values[-1]),
                "evaluations": sum(len(r.Y) for r in self.restarts.results),
                "restarts": self.restarts.rows(), "t": self.t.tolist(),
                "values": self.values.tolist(), "found_by_seed": self.restarts.best()[2].tolist(),
                "assigned": self.assigned.tolist()}


def top_samples(target: int, models: Bundle, seeds: tuple[int, ...] = REPRODUCTION.seeds,
                settings: str = REPRODUCTION.settings, max_iter: int = OPTIMIZATION.max_iter,
                k: int = REPRODUCTION.k, restarts: Restarts | None = None) -> TopSamples:
    """Run `settings` from each seed on the decode-and-classify objective for `target` (unless
    `restarts` is given) and decode the k points with the lowest values of all the restarts;
    the classifier then says which images show the target."""
    if restarts is None:
        restarts = run_restarts(models.objective(target), target, seeds, settings, max_iter, k)
    t, values, _ = restarts.best()
    images = decode(models.decoder, t)
    return TopSamples(target, t, images, values, assigned_to(models.classifier, images, target),
                      restarts)


def write_summary(directory: str | Path, summary: dict) -> Path:
    """Write the notebook's checkable numbers as JSON beside its figures."""
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
    # Jupyter's notebook runner: only to run a notebook
    import nbformat
    from nbclient import NotebookClient
    from jupyter_client.manager import KernelManager
    from nbclient.exceptions import CellExecutionError

    notebook, figures = Path(notebook), Path(figures).resolve()
    if not notebook.is_file():
        raise FileNotFoundError(f"notebook {notebook} does not exist")
    check_output_dir(figures)
    nb = nbformat.read(notebook, as_version=4)
    os.environ[FIGURES_ENV] = str(figures)
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="vae-opt-kernel-") as sockets:
            # local IPC sockets instead of TCP ports: nothing listens on the network, and the
            # kernel has no reason to warn that TCP traffic is unencrypted
            km = KernelManager(kernel_name="python3", transport="ipc",
                               ip=str(Path(sockets) / "kernel"))
            try:
                NotebookClient(nb, km=km, timeout=timeout,
                               resources={"metadata": {"path": str(notebook.parent.resolve())}}
                               ).execute()
            finally:  # a client given a kernel manager leaves the kernel running
                if km.has_kernel:
                    km.shutdown_kernel()
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
                     f"{row['k']} of the best samples to the target (best f = "
                     f"{row['y_best']:.3f}, {row['k']}th best {row['y_kth_best']:.3f}; "
                     f"{len(row['restarts'])} restarts, {row['evaluations']} evaluations)")
    return "\n".join(lines)

