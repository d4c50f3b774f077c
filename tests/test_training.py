"""Training: the loop lowers the loss, writes a model and its metrics, and they round-trip."""

import json

import numpy as np
import pytest

from vae_opt.mnist.data import one_hot
from vae_opt.files import OutputError
from vae_opt.networks.loading import load_model
from vae_opt.paths import MODEL_FILES
from vae_opt.mnist.registry import CORE_KINDS, KINDS
from vae_opt.mnist.training import build, metrics_path, train, train_all


@pytest.fixture(scope="module")
def tiny(small):
    """64 training and 32 test images: enough for one epoch of every kind."""
    (x, y), (x_test, y_test) = small
    return (x[:64], y[:64]), (x_test[:32], y_test[:32])


def test_metrics_sit_beside_the_model(tmp_path):
    assert metrics_path(tmp_path / "m.h5") == tmp_path / "m.json"
    assert metrics_path("runs/models/cvae.keras").as_posix() == "runs/models/cvae.json"


@pytest.mark.slow
def test_short_training_lowers_the_loss(small):
    (x, y), _ = small
    model = build("softmax", seed=0)
    before = model.evaluate(x, [x, one_hot(y)], batch_size=128, verbose=0, return_dict=True)
    model.fit(x, [x, one_hot(y)], batch_size=64, epochs=3, verbose=0)
    after = model.evaluate(x, [x, one_hot(y)], batch_size=128, verbose=0, return_dict=True)
    assert after["loss"] < 0.8 * before["loss"]
    assert after["predictor_loss"] < before["predictor_loss"]


def test_trained_classifier_round_trips_with_its_figures(small, tmp_path):
    (x, y), (x_test, y_test) = small
    output = tmp_path / "c.h5"
    metrics = train("classifier", output, epochs=1, n_train=128, n_test=64, data=small,
                    verbose=0)
    saved = json.loads((tmp_path / "c.json").read_text())
    assert saved == json.loads(json.dumps(metrics))
    assert saved["kind"] == "classifier" and saved["seed"] == KINDS["classifier"].seed
    assert (saved["n_train"], saved["n_test"], saved["epochs"]) == (128, 64, 1)
    assert saved["batch_size"] == 64 and saved["devices"] == "cpu" and saved["replicas"] == 1
    assert len(saved["history"]["loss"]) == 1 and len(saved["epoch_seconds"]) == 1
    probs = np.asarray(load_model(output)(x_test[:64]))
    assert np.isclose(np.mean(probs.argmax(axis=1) == y_test[:64]), saved["test"]["accuracy"])
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["off", "linear", "cvae"])
def test_train_writes_model_and_metrics(kind, tiny, tmp_path):
    output = tmp_path / f"{kind}.keras"
    metrics = train(kind, output, seed=3, epochs=1, data=tiny, verbose=0)
    saved = json.loads(metrics_path(output).read_text())
    assert saved["kind"] == kind and saved["seed"] == 3 and saved["n_train"] == 64
    assert len(saved["history"]["loss"]) == 1 and np.isfinite(saved["history"]["loss"][0])
    assert saved["test"] == pytest.approx(metrics["test"])
    # The recorded test figures are those of the saved model.
    _, (x_test, y_test) = tiny
    again = KINDS[kind].metrics(load_model(output), x_test, y_test)
    assert again == pytest.approx(saved["test"], rel=1e-4)
    assert saved["test"]["negative_elbo"] == pytest.approx(
        saved["test"]["reconstruction"] + saved["test"]["kl"], rel=1e-5)


@pytest.mark.slow
def test_save_load_round_trip_gives_identical_outputs(tiny, tmp_path):
    (x, _), _ = tiny
    train("softmax", tmp_path / "m.h5", epochs=1, data=tiny, verbose=0)
    original = build("softmax")  # a fresh model must differ, so the comparison below can fail
    loaded = load_model(tmp_path / "m.h5")
    again = load_model(tmp_path / "m.h5")
    t = np.random.default_rng(0).normal(size=(5, 2)).astype(np.float32)
    for name, inputs in [("encoder", x[:5]), ("decoder", t), ("predictor", t)]:
        a = loaded.get_layer(name)(inputs)
        b = again.get_layer(name)(inputs)
        c = original.get_layer(name)(inputs)
        a, b, c = (np.asarray(v[0] if isinstance(v, (list, tuple)) else v) for v in (a, b, c))
        assert np.array_equal(a, b)
        assert not np.allclose(a, c)


@pytest.mark.slow
def test_train_all_writes_every_core_model_with_its_seed(tiny, tmp_path):
    paths = train_all(CORE_KINDS, tmp_path, epochs=1, data=tiny)
    assert paths == {kind: tmp_path / MODEL_FILES[kind] for kind in CORE_KINDS}
    _, (x_test, y_test) = tiny
    for kind, path in paths.items():
        saved = json.loads(metrics_path(path).read_text())
        assert saved["kind"] == kind and saved["seed"] == KINDS[kind].seed
        assert saved["epochs"] == 1 and saved["n_train"] == 64
        model = load_model(path)
        assert KINDS[kind].metrics(model, x_test, y_test) == pytest.approx(saved["test"], rel=1e-4)
    assert json.loads(metrics_path(paths["judge"]).read_text())["seed"] == 1
    # A second run without force replaces nothing, and says so before training.
    before = {path: path.read_bytes() for path in paths.values()}
    with pytest.raises(OutputError, match="already exists"):
        train_all(("off",), tmp_path, epochs=1, data=tiny)
    assert {path: path.read_bytes() for path in paths.values()} == before


def test_train_all_refuses_existing_files_before_training(tiny, tmp_path, monkeypatch):
    import vae_opt.mnist.training as training

    (tmp_path / MODEL_FILES["judge"]).write_text("an earlier model")
    monkeypatch.setattr(training, "train", lambda *a, **k: pytest.fail("trained anyway"))
    with pytest.raises(OutputError, match="judge.h5 already exists"):
        train_all(("classifier", "judge"), tmp_path, epochs=1, data=tiny)
    assert not (tmp_path / MODEL_FILES["classifier"]).exists()


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "gan"}, "unknown model kind 'gan'"),
    ({"epochs": 0}, "epochs must be a positive integer"),
    ({"batch_size": -1}, "batch_size must be a positive integer"),
    ({"latent_dim": 1.5}, "latent_dim must be a positive integer"),
    ({"output": "model.pt"}, "must end in .h5 or .keras"),
    ({"n_train": 513}, "n_train must be at most 512"),
    ({"n_test": 0}, "n_test must be a positive integer"),
])
def test_bad_training_arguments(kwargs, message, small, tmp_path, monkeypatch):
    import vae_opt.mnist.training as training

    monkeypatch.setattr(training, "strategy_for", lambda devices: pytest.fail("not checked"))
    args = {"kind": "off", "output": tmp_path / "m.h5", "epochs": 1, "data": small, **kwargs}
    with pytest.raises(ValueError, match=message):
        train(**args)
    assert not list(tmp_path.iterdir())


def test_build_gives_a_compiled_model_of_the_kind():
    model = build("softmax-d8")
    assert model.get_layer("decoder").input_shape == (None, 8) and model.compiled
    assert build("softmax", latent_dim=3).get_layer("decoder").input_shape == (None, 3)
    with pytest.raises(ValueError, match="unknown model kind 'gan'"):
        build("gan")
