"""Device choice and tf.distribute: strategies, their errors, batch/rate scaling, 2-replica training.

Logical CPU devices must be configured before TensorFlow starts, so the training test runs in a
fresh Python process; everything else runs here.
"""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import keras
import pytest
import tensorflow as tf

from vae_opt import devices
from vae_opt.devices import describe_devices, scaled_batch_and_rate, strategy_for, use_logical_cpus

REPO = Path(__file__).resolve().parents[1]


def test_describe_devices_is_one_line_naming_cpu_and_gpu():
    line = describe_devices()
    assert line.startswith("devices: ") and "\n" not in line
    assert " CPU (/physical_device:CPU:0)" in line and " GPU" in line


@pytest.mark.parametrize("value", ["", "gpu", "0", "-1", "1.5", "two", "²", "multi_worker"])
def test_unknown_devices_name_the_value_and_list_the_valid_ones(value):
    with pytest.raises(ValueError) as info:
        strategy_for(value)
    message = str(info.value)
    assert repr(value) in message and devices.VALID_DEVICES in message and "\n" not in message


def test_more_replicas_than_devices_is_a_clear_error():
    gpus = len(tf.config.list_physical_devices("GPU"))
    available = gpus or len(tf.config.list_logical_devices("CPU"))
    with pytest.raises(ValueError, match=rf"asks for {available + 1} replicas but TensorFlow sees "
                                         rf"only {available} {'GPU' if gpus else 'CPU'} device"):
        strategy_for(str(available + 1))


def test_cpu_and_one_replica_are_single_device_strategies():
    assert strategy_for("cpu").num_replicas_in_sync == 1
    assert strategy_for(" CPU ").num_replicas_in_sync == 1
    assert strategy_for("1").num_replicas_in_sync == 1
    if not tf.config.list_physical_devices("GPU"):
        assert strategy_for("auto") is tf.distribute.get_strategy()


def test_multi_worker_without_tf_config_says_what_is_missing(monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    with pytest.raises(ValueError, match="needs the TF_CONFIG environment variable"):
        strategy_for("multi-worker")


@pytest.mark.parametrize("tf_config", ["{not json", "[1, 2]", '{"cluster": {}}'])
def test_multi_worker_with_a_broken_tf_config(monkeypatch, tf_config):
    monkeypatch.setenv("TF_CONFIG", tf_config)
    with pytest.raises(ValueError, match="TF_CONFIG must be a JSON object with the keys"):
        strategy_for("multi-worker")


def test_logical_cpus_after_tensorflow_started_is_a_clear_runtime_error():
    tf.constant(0.0) + 1.0  # TensorFlow has made its devices now
    with pytest.raises(RuntimeError, match=r"use_logical_cpus\(3\) came too late"):
        use_logical_cpus(3)
    with pytest.raises(ValueError, match="positive integer"):
        use_logical_cpus(0)


def test_scaled_batch_and_rate_is_linear_in_the_replicas():
    assert scaled_batch_and_rate(64, 1e-3, 1) == (64, 1e-3)
    batch, rate = scaled_batch_and_rate(64, 1e-3, 4)
    assert batch == 256 and math.isclose(rate, 4e-3)


@pytest.mark.parametrize("args", [(0, 1e-3, 2), (64, 1e-3, 0), (64.0, 1e-3, 2), (64, 1e-3, True),
                                  (64, 0.0, 2), (64, -1e-3, 2), (64, float("nan"), 2),
                                  (64, float("inf"), 2), (64, "0.001", 2)])
def test_scaled_batch_and_rate_rejects_bad_input(args):
    with pytest.raises(ValueError, match="must be (a )?positive"):
        scaled_batch_and_rate(*args)


@pytest.mark.skipif(bool(tf.config.list_physical_devices("GPU")), reason="a GPU is present")
def test_mixed_precision_is_refused_without_a_gpu():
    before = keras.config.dtype_policy()
    with pytest.raises(ValueError, match="mixed precision needs a GPU"):
        devices.mixed_precision(True)
    assert keras.config.dtype_policy().name == before.name
    devices.mixed_precision(False)
    assert keras.config.dtype_policy().name == "float32"


def test_train_rejects_bad_devices_before_training(small, tmp_path):
    from vae_opt.mnist.training import train

    with pytest.raises(ValueError, match="unknown devices 'gpus'"):
        train("softmax", tmp_path / "m.h5", epochs=1, data=small, verbose=0, devices="gpus")
    assert not list(tmp_path.iterdir())


# Runs in a fresh process: logical CPUs must be set before TensorFlow makes its devices.
_TWO_REPLICAS = """
import json, sys
import numpy as np
from vae_opt.devices import use_logical_cpus
use_logical_cpus(2)
from vae_opt import load_model
from vae_opt.mnist.data import load_mnist
from vae_opt.mnist.training import metrics_path, train

(x, y), (x_test, y_test) = load_mnist()
data = ((x[:256], y[:256]), (x_test[:128], y_test[:128]))
report = {}
for choice in ("2", "cpu"):
    path = f"{sys.argv[1]}/softmax-{choice}.h5"
    train("softmax", path, seed=0, epochs=1, data=data, verbose=0, devices=choice)
    report[choice] = json.loads(metrics_path(path).read_text())
outputs = load_model(f"{sys.argv[1]}/softmax-2.h5")(x_test[:16], training=False)
report["outputs_finite"] = bool(all(np.isfinite(np.asarray(o)).all() for o in outputs))
report["output_shapes"] = [list(np.asarray(o).shape) for o in outputs]
print("REPORT " + json.dumps(report))
"""


@pytest.mark.slow
def test_two_logical_cpus_train_like_one_and_save_a_loadable_model(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-c", _TWO_REPLICAS, str(tmp_path)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "devices: 1 CPU (/physical_device:CPU:0) as 2 logical devices" in run.stdout
    report = json.loads(run.stdout.split("REPORT ", 1)[1])
    two, one = report["2"], report["cpu"]
    assert (two["devices"], two["replicas"], two["global_batch_size"]) == ("2", 2, 128)
    assert (one["devices"], one["replicas"], one["global_batch_size"]) == ("cpu", 1, 64)
    assert math.isclose(two["learning_rate"], 2 * one["learning_rate"])
    assert two["mixed_precision"] is False and one["mixed_precision"] is False
    assert two["history"].keys() == one["history"].keys()
    for key, values in two["history"].items():
        assert len(values) == len(one["history"][key]) == 1
        a, b = values[0], one["history"][key][0]
        assert math.isfinite(a) and math.isfinite(b), key
        if "loss" in key:  # same order of magnitude: 2 replicas see the same data in bigger steps
            assert 0.5 < a / b < 2.0, (key, a, b)
    assert report["outputs_finite"] and report["output_shapes"] == [[16, 28, 28, 1], [16, 10]]


def test_multi_worker_with_several_workers_is_refused_with_the_reason(monkeypatch):
    cluster = {"worker": ["localhost:12345", "localhost:23456"]}
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": cluster,
                                                "task": {"type": "worker", "index": 0}}))
    with pytest.raises(ValueError, match="fails with more than one.*20585"):
        strategy_for("multi-worker")
