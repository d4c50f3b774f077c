"""Training of every model of the repository: one function, one recipe, metrics beside the model.

What differs between kinds (builder, data, epochs, seed, test figures) is read from
``registry.KINDS``; the loop is the same for all. ``devices`` chooses a tf.distribute strategy.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

from vae_opt.backend import keras
from vae_opt.mnist.config import TRAINING
from vae_opt.mnist.data import load_mnist
from vae_opt.devices import describe_devices, scaled_batch_and_rate, strategy_for
from vae_opt.devices import mixed_precision as set_mixed_precision
from vae_opt.files import check_output, write_atomic, write_text_atomic
from vae_opt.paths import MODEL_FILES
from vae_opt.mnist.registry import CORE_KINDS, KINDS
from vae_opt.validation import check_choice, check_count, check_positive_int


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


def build(kind: str, seed: int | None = None, latent_dim: int | None = None,
          learning_rate: float = TRAINING.learning_rate) -> keras.Model:
    """A freshly initialised, compiled model of `kind` (a key of registry.KINDS)."""
    check_choice(kind, tuple(KINDS), "model kind")
    spec = KINDS[kind]
    latent_dim = spec.latent_dim if latent_dim is None else check_positive_int(latent_dim,
                                                                               "latent_dim")
    return spec.build(spec.seed if seed is None else seed, latent_dim, learning_rate)


def _slices(data, n_train: int | None, n_test: int | None):
    (x_train, y_train), (x_test, y_test) = data if data is not None else load_mnist()
    n_train = check_count(n_train, "n_train", len(x_train)) if n_train is not None else None
    n_test = check_count(n_test, "n_test", len(x_test)) if n_test is not None else None
    return (x_train[:n_train], y_train[:n_train]), (x_test[:n_test], y_test[:n_test])


def train(
    kind: str, output: str | Path, seed: int | None = None, epochs: int | None = None,
    batch_size: int = TRAINING.batch_size, n_train: int | None = None, n_test: int | None = None,
    data=None, verbose: str | int = "auto", latent_dim: int | None = None, devices: str = "cpu",
    mixed_precision: bool = False, force: bool = True,
) -> dict:
    """Train a model of `kind` on MNIST, save it to `output` and its metrics beside it as JSON.

    ``n_train`` / ``n_test`` take the first images only (for quick runs); ``data`` may pass
    ``load_mnist()``'s result to avoid reloading. ``devices`` picks the tf.distribute strategy
    (``devices.strategy_for``): with several replicas ``batch_size`` is per replica and the
    learning rate is scaled with them. Both files are written atomically. Returns the metrics.
    """
    check_choice(kind, tuple(KINDS), "model kind")
    spec = KINDS[kind]
    seed = spec.seed if seed is None else seed
    epochs = check_positive_int(spec.epochs if epochs is None else epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    latent_dim = check_positive_int(spec.latent_dim if latent_dim is None else latent_dim,
                                    "latent_dim")
    output = Path(output)
    if output.suffix not in (".h5", ".keras"):
        raise ValueError(f"output must end in .h5 or .keras, got {output}")
    (x_train, y_train), (x_test, y_test) = _slices(data, n_train, n_test)
    if verbose == "auto":  # a progress bar on a terminal, one line per epoch in a log file
        verbose = 1 if sys.stdout.isatty() else 2
    strategy = strategy_for(devices)  # first: multi-worker must precede any TensorFlow op
    replicas = strategy.num_replicas_in_sync
    global_batch_size, learning_rate = scaled_batch_and_rate(batch_size, TRAINING.learning_rate,
                                                             replicas)
    print(describe_devices(), f"| devices={devices!r}: {replicas} replica(s), global batch "
          f"{global_batch_size}, learning rate {learning_rate:g}", flush=True)
    keras.utils.set_random_seed(seed)
    previous_policy = keras.config.dtype_policy()
    set_mixed_precision(mixed_precision)
    try:  # layers keep the policy they were made with; the global one is restored at once
        with strategy.scope():
            model = build(kind, seed, latent_dim, learning_rate)
    finally:
        keras.config.set_dtype_policy(previous_policy)
    timer = EpochTimer()
    history = model.fit(*spec.feed(x_train, y_train), validation_data=spec.feed(x_test, y_test),
                        batch_size=global_batch_size, epochs=epochs, shuffle=True,
                        verbose=verbose, callbacks=[timer])
    metrics = {
        "kind": kind, "seed": seed, "latent_dim": latent_dim,
        "command": " ".join(["vae-opt", *sys.argv[1:]]) if sys.argv[0].endswith("vae-opt") else None,
        "epochs": epochs, "batch_size": batch_size, "devices": devices, "replicas": replicas,
        "global_batch_size": global_batch_size, "learning_rate": learning_rate,
        "mixed_precision": mixed_precision, "n_train": int(len(x_train)),
        "n_test": int(len(x_test)),
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "epoch_seconds": [round(s, 2) for s in timer.seconds],
        "test": spec.metrics(model, x_test, y_test),
        "versions": {"keras": keras.__version__, "python": platform.python_version()},
    }
    written = write_atomic(output, lambda tmp: model.save(tmp), force=force)
    write_text_atomic(metrics_path(written), json.dumps(metrics, indent=2) + "\n", force=force)
    return metrics


def train_all(kinds: tuple[str, ...] = CORE_KINDS, directory: str | Path = Path("runs") / "models",
              epochs: int | None = None, data=None, force: bool = False) -> dict[str, Path]:
    """Train each model of `kinds` with its recorded seed on one copy of MNIST, into `directory`
    under the committed file names. Returns {kind: path}. Without `force`, an existing output
    file stops it before any training (rather than the new model going beside it, unreturned)."""
    paths = {kind: Path(directory) / MODEL_FILES[kind] for kind in kinds}
    for path in paths.values():
        check_output(path, force=force)
        check_output(metrics_path(path), force=force)
    data = data if data is not None else load_mnist()
    for kind, path in paths.items():
        print(f"== training {kind} (seed {KINDS[kind].seed}) -> {path}", flush=True)
        metrics = train(kind, path, epochs=epochs, data=data, force=force)
        print(f"== {kind}: {json.dumps(metrics['test'])}", flush=True)
    return paths
