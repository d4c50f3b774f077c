import json

import numpy as np
import pytest

from vae_opt.data import one_hot
from vae_opt.models import load_model
from vae_opt.training import build, metrics_path, train


def test_short_training_lowers_the_loss(small):
    (x, y), _ = small
    model = build("softmax", seed=0)
    before = model.evaluate(x, [x, one_hot(y)], batch_size=128, verbose=0, return_dict=True)
    model.fit(x, [x, one_hot(y)], batch_size=64, epochs=3, verbose=0)
    after = model.evaluate(x, [x, one_hot(y)], batch_size=128, verbose=0, return_dict=True)
    assert after["loss"] < 0.8 * before["loss"]
    assert after["predictor_loss"] < before["predictor_loss"]


@pytest.mark.parametrize("kind", ["off", "linear", "classifier", "cvae"])
def test_train_writes_model_and_metrics(kind, small, tmp_path):
    output = tmp_path / f"{kind}.h5"
    metrics = train(kind, output, seed=3, epochs=1, data=small, verbose=0)
    assert output.is_file()
    saved = json.loads(metrics_path(output).read_text())
    assert saved["kind"] == kind and saved["seed"] == 3 and saved["n_train"] == 512
    assert len(saved["history"]["loss"]) == 1 and np.isfinite(saved["history"]["loss"][0])
    assert saved["test"] == metrics["test"]
    key = "accuracy" if kind == "classifier" else "negative_elbo"
    assert np.isfinite(saved["test"][key])
    assert not list(tmp_path.glob(".*tmp*")), "temporary file left behind"


def test_save_load_round_trip_gives_identical_outputs(small, tmp_path):
    (x, y), _ = small
    train("softmax", tmp_path / "m.h5", epochs=1, data=((x[:128], y[:128]), (x[:64], y[:64])),
          verbose=0)
    original = build("softmax")  # a fresh model must differ, so the comparison below can fail
    loaded = load_model(tmp_path / "m.h5")
    again = load_model(tmp_path / "m.h5")
    t = np.random.default_rng(0).normal(size=(5, 2)).astype(np.float32)
    for name, inputs in [("encoder", x[:5]), ("decoder", t), ("predictor", t)]:
        a = loaded.get_layer(name)(inputs)
        b = again.get_layer(name)(inputs)
        c = original.get_layer(name)(inputs)
        a, b, c = (np.asarray(v[0] if isinstance(v, list) else v) for v in (a, b, c))
        assert np.array_equal(a, b)
        assert not np.allclose(a, c)


def test_round_trip_matches_the_trained_model(small, tmp_path):
    (x, y), _ = small
    data = ((x[:128], y[:128]), (x[:64], y[:64]))
    train("classifier", tmp_path / "c.h5", epochs=1, data=data, verbose=0)
    saved_accuracy = json.loads((tmp_path / "c.json").read_text())["test"]["accuracy"]
    probs = np.asarray(load_model(tmp_path / "c.h5")(x[:64]))
    assert np.isclose(np.mean(probs.argmax(axis=1) == y[:64]), saved_accuracy)


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "gan"}, "unknown model kind"),
    ({"epochs": 0}, "epochs and batch_size must be positive"),
    ({"output": "model.pt"}, "must end in .h5 or .keras"),
])
def test_bad_training_arguments(kwargs, message, small, tmp_path):
    args = {"kind": "off", "output": tmp_path / "m.h5", "epochs": 1, "data": small, **kwargs}
    with pytest.raises(ValueError, match=message):
        train(**args)
