"""Where vae-opt finds its pretrained models and notebooks, installed or in a checkout.

Models are looked up in this order: the folder named by ``$VAE_OPT_MODELS``; ``models/vae-opt``
of the repository checkout this package runs from; ``<prefix>/share/vae-opt/models``, where
``pip install .`` (not editable) puts them. Notebooks likewise, under ``notebooks/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MODELS_ENV = "VAE_OPT_MODELS"
SOURCE_ROOT: Path = Path(__file__).resolve().parent.parent
INSTALLED_ROOT: Path = Path(sys.prefix) / "share" / "vae-opt"

MODEL_FILES: dict[str, str] = {
    "off": "vae-predictor-off.h5",
    "softmax": "vae-predictor-softmax.h5",
    "linear": "vae-predictor-linear.h5",
    "classifier": "classifier.h5",
    "judge": "judge.h5",
    "cvae": "cvae.h5",
    "softmax-d8": "vae-predictor-softmax-d8.h5",
    "softmax-d16": "vae-predictor-softmax-d16.h5",
}
# What `vae-opt train-all` trains by default: the models the notebooks and the benchmark use.
# Here, not in vae_opt.mnist.registry, so that the CLI's parser names the kinds without TensorFlow.
CORE_KINDS: tuple[str, ...] = ("off", "softmax", "linear", "classifier", "judge", "cvae")


class ModelsNotFoundError(FileNotFoundError):
    """No folder of pretrained models was found; the message names every place looked at."""


def _model_dirs() -> list[Path]:
    env = os.environ.get(MODELS_ENV)
    return ([Path(env)] if env else []) + [SOURCE_ROOT / "models" / "vae-opt",
                                           INSTALLED_ROOT / "models"]


def models_dir() -> Path:
    """The first folder of pretrained models that exists (see the module's docstring)."""
    for directory in _model_dirs():
        if directory.is_dir():
            return directory
    looked = ", ".join(str(d) for d in _model_dirs())
    raise ModelsNotFoundError(
        f"no pretrained models found (looked in: {looked}); set {MODELS_ENV} to the folder that "
        "holds vae-predictor-softmax.h5 and classifier.h5, or run from a checkout of vae-opt")


def model_path(kind: str) -> Path:
    """Path of the pretrained model of `kind` (a key of MODEL_FILES)."""
    if kind not in MODEL_FILES:
        raise ValueError(f"unknown model kind {kind!r}; choose one of {', '.join(MODEL_FILES)}")
    return models_dir() / MODEL_FILES[kind]


def notebooks_dir() -> Path:
    """The folder of the project's notebooks: the checkout's, else the installed copy."""
    for directory in (SOURCE_ROOT / "notebooks", INSTALLED_ROOT / "notebooks"):
        if directory.is_dir():
            return directory
    raise FileNotFoundError(f"no notebooks found in {SOURCE_ROOT / 'notebooks'} or "
                            f"{INSTALLED_ROOT / 'notebooks'}")
