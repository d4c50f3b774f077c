"""Training of every model of the repository: one function, one recipe, metrics beside the model."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

import keras
import numpy as np

from vae_opt import evaluation
from vae_opt.config import LATENT_DIM, MODEL_KINDS, PREDICTOR_KINDS, TRAINING, TRAINING_SEEDS, model_path
from vae_opt.data import load_mnist, one_hot
from vae_opt.validation import check_choice
from vae_opt.models import (
    compile_classifier,
    compile_joint_model,
    create_classifier,
    create_joint_model,
    create_judge,
)


class EpochTimer(keras.callbacks.Callback):
    """Records the wall time of every epoch."""

    def on_train_begin(self, logs=None):
        self.seconds: list[float] = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._start)


def metrics_path(model_path: str | Path) -> Path:
    """The JSON file of training metrics that sits beside a model file."""
    return Path(model_path).with_suffix(".json")


def _targets(kind: str, x: np.ndarray, y: np.ndarray):
    if kind in ("off", "cvae"):
        return x
    if kind == "softmax":
        return [x, one_hot(y)]
    if kind == "linear":
        return [x, y.astype(np.float32)[:, None]]
    return one_hot(y)  # classifier, judge


def build(kind: str, seed: int | None = None, latent_dim: int = LATENT_DIM) -> keras.Model:
    """A freshly initialised, compiled model of `kind` (one of MODEL_KINDS)."""
    check_choice(kind, MODEL_KINDS, "model kind")
    if kind in PREDICTOR_KINDS:
        return compile_joint_model(create_joint_model(kind, latent_dim, seed=seed), kind)
    if kind == "classifier":
        return compile_classifier(create_classifier())
    if kind == "judge":
        return compile_classifier(create_judge())
    from vae_opt.cvae import compile_cvae, create_cvae

    return compile_cvae(create_cvae(seed=seed))


def default_epochs(kind: str) -> int:
    return TRAINING.classifier_epochs if kind in ("classifier", "judge") else TRAINING.epochs


def test_metrics(kind: str, model: keras.Model, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """The figures reported for a model of `kind` on held-out images x with labels y."""
    if kind in ("classifier", "judge"):
        return {"accuracy": evaluation.classifier_accuracy(model, x, y)}
    if kind == "cvae":
        from vae_opt.cvae import cvae_metrics

        return cvae_metrics(model, x, y)
    metrics = evaluation.vae_metrics(model, x)
    if kind != "off":
        metrics.update(evaluation.predictor_metrics(model, x, y))
    return metrics


def _inputs(kind: str, x: np.ndarray, y: np.ndarray):
    return [x, one_hot(y)] if kind == "cvae" else x


def train(
    kind: str,
    output: str | Path,
    seed: int = 0,
    epochs: int | None = None,
    batch_size: int = TRAINING.batch_size,
    n_train: int | None = None,
    n_test: int | None = None,
    data=None,
    verbose: str | int = "auto",
    latent_dim: int = LATENT_DIM,
) -> dict:
    """Train a model of `kind` on MNIST, save it to `output` and its metrics beside it as JSON.

    ``n_train`` / ``n_test`` take the first images only (for quick runs); ``data`` may pass
    ``load_mnist()``'s result to avoid reloading. Returns the metrics dictionary.
    """
    check_choice(kind, MODEL_KINDS, "model kind")
    epochs = default_epochs(kind) if epochs is None else epochs
    if epochs <= 0 or batch_size <= 0:
        raise ValueError(f"epochs and batch_size must be positive, got {epochs} and {batch_size}")
    output = Path(output)
    if output.suffix not in (".h5", ".keras"):
        raise ValueError(f"output must end in .h5 or .keras, got {output}")
    (x_train, y_train), (x_test, y_test) = data if data is not None else load_mnist()
    x_train, y_train = x_train[:n_train], y_train[:n_train]
    x_test, y_test = x_test[:n_test], y_test[:n_test]

    if verbose == "auto":  # a progress bar on a terminal, one line per epoch in a log file
        verbose = 1 if sys.stdout.isatty() else 2
    keras.utils.set_random_seed(seed)
    model = build(kind, seed=seed, latent_dim=latent_dim)
    timer = EpochTimer()
    history = model.fit(
        _inputs(kind, x_train, y_train), _targets(kind, x_train, y_train),
        validation_data=(_inputs(kind, x_test, y_test), _targets(kind, x_test, y_test)),
        batch_size=batch_size, epochs=epochs, shuffle=True, verbose=verbose, callbacks=[timer],
    )
    metrics = {
        "kind": kind,
        "seed": seed,
        "command": " ".join(["vae-opt", *sys.argv[1:]]) if sys.argv[0].endswith("vae-opt") else None,
        "epochs": epochs,
        "latent_dim": latent_dim,
        "batch_size": batch_size,
        "n_train": int(len(x_train)),
        "n_test": int(len(x_test)),
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "epoch_seconds": [round(s, 2) for s in timer.seconds],
        "test": test_metrics(kind, model, x_test, y_test),
        "versions": {"keras": keras.__version__, "python": platform.python_version()},
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    # Write next to the target and rename, so a crash never leaves a half-written model behind.
    tmp = output.with_name(f".{output.stem}.tmp{output.suffix}")
    model.save(tmp)
    os.replace(tmp, output)
    metrics_path(output).write_text(json.dumps(metrics, indent=2) + "\n")
    return metrics


def train_all(
    kinds: tuple[str, ...], directory: str | Path | None = None, epochs: int | None = None,
    data=None,
) -> dict[str, Path]:
    """Train each model of `kinds` with its recorded seed (config.TRAINING_SEEDS) on one copy of
    MNIST; files go to `directory`, or to the committed paths in models/vae-opt/ if None."""
    data = data if data is not None else load_mnist()
    paths = {}
    for kind in kinds:
        path = model_path(kind) if directory is None else Path(directory) / f"{kind}.h5"
        print(f"== training {kind} (seed {TRAINING_SEEDS[kind]}) -> {path}", flush=True)
        metrics = train(kind, path, seed=TRAINING_SEEDS[kind], epochs=epochs, data=data)
        print(f"== {kind}: {json.dumps(metrics['test'])}", flush=True)
        paths[kind] = path
    return paths
