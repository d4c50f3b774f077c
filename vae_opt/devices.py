"""Where training runs: the CPU, one GPU, several GPUs or several machines, via tf.distribute.

TensorFlow fixes its devices at its first operation, so the choices made here (logical CPUs,
the multi-worker strategy) must come before any model or tensor is made.
"""

from __future__ import annotations

import json
import math
import numbers
import os

from vae_opt.backend import keras
from vae_opt.backend import tf

VALID_DEVICES = "valid values: auto, cpu, a positive integer N (replicas), multi-worker"


def _is_positive_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value > 0


def _count(kind: str) -> int:
    """Logical devices of `kind` ('CPU' or 'GPU') TensorFlow will have; asking starts nothing."""
    visible = tf.config.get_visible_devices(kind)  # a device that is not split counts once
    return sum(len(tf.config.get_logical_device_configuration(d) or [d]) for d in visible)


def describe_devices() -> str:
    """One line naming the devices TensorFlow sees, for the training log."""
    parts = []
    for kind in ("CPU", "GPU"):
        physical = tf.config.list_physical_devices(kind)
        names = f" ({', '.join(device.name for device in physical)})" if physical else ""
        split = f" as {_count(kind)} logical devices" if _count(kind) != len(physical) else ""
        parts.append(f"{len(physical)} {kind}{names}{split}")
    return "devices: " + ", ".join(parts)


def _multi_worker() -> tf.distribute.Strategy:
    """MultiWorkerMirroredStrategy from TF_CONFIG, checked first so that errors are readable."""
    raw = os.environ.get("TF_CONFIG", "").strip()
    if not raw:
        raise ValueError("devices='multi-worker' needs the TF_CONFIG environment variable "
                         "(cluster and task as JSON, see docs/devices.md), but it is not set")
    try:
        config = json.loads(raw)
    except json.JSONDecodeError:
        config = None
    if not (isinstance(config, dict) and {"cluster", "task"} <= config.keys()):
        raise ValueError("TF_CONFIG must be a JSON object with the keys 'cluster' and 'task', "
                         f"got {raw!r}")
    workers = len(config["cluster"].get("worker", [])) if isinstance(config["cluster"], dict) else 0
    if workers > 1:  # measured here: fit stops inside Keras (keras-team/keras#20585)
        raise ValueError(f"TF_CONFIG lists {workers} workers, but Keras {keras.__version__}'s "
                         "Model.fit fails with more than one (keras-team/keras#20585); train on "
                         "one machine with devices='auto' or N")
    try:
        return tf.distribute.MultiWorkerMirroredStrategy()
    except RuntimeError:
        raise RuntimeError("devices='multi-worker' must be chosen before TensorFlow runs any "
                           "operation; start a fresh process that trains first") from None


def strategy_for(devices: str) -> tf.distribute.Strategy:
    """The tf.distribute strategy for `devices`: 'auto', 'cpu', 'N' replicas or 'multi-worker'.

    'auto' mirrors over all GPUs when there are several, else uses the one device as is; 'N'
    mirrors over the first N GPUs, or over the first N logical CPUs on a machine without a GPU.
    """
    gpus, cpus = _count("GPU"), _count("CPU")
    choice = str(devices).strip().lower()
    if choice == "auto":
        if gpus > 1:
            return tf.distribute.MirroredStrategy([f"/gpu:{i}" for i in range(gpus)])
        return tf.distribute.get_strategy()
    if choice == "cpu":  # the default strategy is the CPU unless a GPU is present
        return tf.distribute.OneDeviceStrategy("/cpu:0") if gpus else tf.distribute.get_strategy()
    if choice == "multi-worker":
        return _multi_worker()
    if choice.isascii() and choice.isdigit() and (n := int(choice)) > 0:
        kind, available = ("gpu", gpus) if gpus else ("cpu", cpus)
        if n > available:
            hint = "" if gpus else " (split the CPU first with vae_opt.devices.use_logical_cpus)"
            raise ValueError(f"devices={devices!r} asks for {n} replicas but TensorFlow sees only "
                             f"{available} {kind.upper()} device(s){hint}; {VALID_DEVICES}")
        return tf.distribute.MirroredStrategy([f"/{kind}:{i}" for i in range(n)])
    raise ValueError(f"unknown devices {devices!r}; {VALID_DEVICES}")


def use_logical_cpus(n: int) -> None:
    """Split the CPU into `n` logical devices, so that 'N' replicas can run on a machine without
    a GPU. Must run before TensorFlow makes its devices (before any model or tensor)."""
    if not _is_positive_int(n):
        raise ValueError(f"n must be a positive integer, got {n!r}")
    cpu, logical = tf.config.list_physical_devices("CPU")[0], tf.config.LogicalDeviceConfiguration
    try:
        tf.config.set_logical_device_configuration(cpu, [logical() for _ in range(int(n))])
    except RuntimeError:
        raise RuntimeError(f"use_logical_cpus({n}) came too late: TensorFlow has already made its "
                           f"devices ({describe_devices()}); call it before any tensor") from None


def prepare(devices: str) -> None:
    """For 'N' > 1 replicas on a machine without a GPU, split the CPU into N logical devices
    (the way to try several-device training on a laptop). Call it before any tensor is made."""
    choice = str(devices).strip()
    if choice.isascii() and choice.isdigit() and int(choice) > 1 \
            and not tf.config.list_physical_devices("GPU"):
        use_logical_cpus(int(choice))


def scaled_batch_and_rate(batch_size: int, learning_rate: float,
                          replicas: int) -> tuple[int, float]:
    """(global batch size, learning rate) for `replicas` synchronous replicas. As in TensorFlow's
    "Distributed training with Keras" guide, each replica keeps its batch: global batch =
    batch_size * replicas; the guide says to tune the rate to that bigger batch, and we use the
    linear scaling rule (Goyal et al., 2017): learning rate = learning_rate * replicas."""
    if not (_is_positive_int(batch_size) and _is_positive_int(replicas)):
        raise ValueError("batch_size and replicas must be positive integers, got "
                         f"{batch_size!r} and {replicas!r}")
    if not (isinstance(learning_rate, numbers.Real) and 0 < learning_rate < math.inf):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    return int(batch_size) * int(replicas), float(learning_rate) * int(replicas)


def mixed_precision(enabled: bool) -> None:
    """Set Keras' global dtype policy to 'mixed_float16' (float16 maths, float32 weights) or
    'float32'. GPU only: CPUs have no fast float16 arithmetic, so it would just slow training."""
    if enabled and not tf.config.list_physical_devices("GPU"):
        raise ValueError("mixed precision needs a GPU and TensorFlow sees none (on a CPU float16 "
                         "only slows training); train without mixed precision")
    keras.config.set_dtype_policy("mixed_float16" if enabled else "float32")
