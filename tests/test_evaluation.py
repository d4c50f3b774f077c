"""Test-set figures: each against a hand computation on tiny models, and the readable report."""

import numpy as np
import pytest

from vae_opt.mnist import evaluation, registry
from vae_opt.backend import keras
from vae_opt.mnist.data import one_hot
from vae_opt.mnist.networks.cvae import create_cvae
from vae_opt.paths import model_path

layers = keras.layers


def _bce(x, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -(x * np.log(p) + (1 - x) * np.log(1 - p)).reshape(len(x), -1).sum(axis=1)


def _kl(t_mean, t_log_var):
    return -0.5 * np.sum(1 + t_log_var - t_mean**2 - np.exp(t_log_var), axis=1)


def hand_metrics(encoder, decoder, x, seed=0, condition=None):
    """vae_metrics' definition, in numpy: one posterior sample per image from default_rng(seed)."""
    inputs = x if condition is None else [x, condition]
    t_mean, t_log_var = (np.asarray(a, np.float64) for a in encoder(inputs))
    eps = np.random.default_rng(seed).standard_normal(t_mean.shape).astype(np.float32)
    t = (t_mean + np.exp(0.5 * t_log_var) * eps).astype(np.float32)

    def decode(t):
        return np.asarray(decoder(t if condition is None else [t, condition]), np.float64)

    bce, kl = _bce(x, decode(t)), _kl(t_mean, t_log_var)
    return {"negative_elbo": np.mean(bce + kl), "reconstruction": np.mean(bce),
            "kl": np.mean(kl),
            "reconstruction_at_t_mean": np.mean(_bce(x, decode(t_mean.astype(np.float32))))}


def constant_head(units, bias, name="predictor"):
    """t (2,) -> a Dense head whose output ignores t: softmax of `bias`, or `bias` itself."""
    t = keras.Input((2,))
    dense = layers.Dense(units, activation="softmax" if units == 10 else None)
    model = keras.Model(t, dense(t), name=name)
    dense.set_weights([np.zeros((2, units), np.float32), np.asarray(bias, np.float32)])
    return model


def joint_with(stand_ins, predictor=None):
    """The stand-in VAE's encoder and decoder, with the given predictor head (or none)."""
    image = keras.Input((28, 28, 1))
    t_mean, _ = stand_ins.encoder(image)
    outputs = [stand_ins.decoder(t_mean)] + ([predictor(t_mean)] if predictor else [])
    return keras.Model(image, outputs, name="joint")


def pixel_reader(name="reader"):
    """Assigns an image to class c when its flat pixel c is the brightest of pixels 0-9."""
    image = keras.Input((28, 28, 1))
    dense = layers.Dense(10, activation="softmax")
    model = keras.Model(image, dense(layers.Flatten()(image)), name=name)
    kernel = np.zeros((784, 10), np.float32)
    kernel[np.arange(10), np.arange(10)] = 10.0
    dense.set_weights([kernel, np.zeros(10, np.float32)])
    return model


def images_of(classes):
    images = np.zeros((len(classes), 784), np.float32)
    images[np.arange(len(classes)), classes] = 1.0
    return images.reshape(-1, 28, 28, 1)


@pytest.fixture(scope="module")
def batch(small):
    (x, y), _ = small
    return x[:12], y[:12]


def test_vae_metrics_match_a_hand_computation(stand_ins, batch):
    x, _ = batch
    figures = evaluation.vae_metrics(stand_ins.vae, x, seed=5)
    expected = hand_metrics(stand_ins.encoder, stand_ins.decoder, x, seed=5)
    assert figures == pytest.approx(expected, rel=1e-4)
    assert figures["negative_elbo"] == pytest.approx(figures["reconstruction"] + figures["kl"])
    other = evaluation.vae_metrics(stand_ins.vae, x, seed=6)
    assert other["reconstruction"] != pytest.approx(figures["reconstruction"], rel=1e-6)
    assert other["kl"] == pytest.approx(figures["kl"])  # KL is exact, not sampled


def test_cvae_metrics_condition_on_the_labels(batch):
    keras.utils.set_random_seed(0)
    cvae = create_cvae(seed=0)
    x, y = batch
    figures = evaluation.cvae_metrics(cvae, x, y)
    expected = hand_metrics(cvae.get_layer("encoder"), cvae.get_layer("decoder"), x,
                            condition=one_hot(y))
    assert figures == pytest.approx(expected, rel=1e-4)
    wrong = evaluation.cvae_metrics(cvae, x, (y + 1) % 10)
    assert wrong["negative_elbo"] != pytest.approx(figures["negative_elbo"], rel=1e-6)


def test_softmax_predictor_accuracy(stand_ins, batch):
    x, y = batch
    model = joint_with(stand_ins, constant_head(10, 20.0 * np.eye(10)[y[0]]))  # always y[0]
    figures = evaluation.predictor_metrics(model, x, y)
    assert figures == {"predictor_accuracy": pytest.approx(np.mean(y == y[0]))}
    assert 0 < figures["predictor_accuracy"] < 1


def test_linear_predictor_error_and_rounded_accuracy(stand_ins, batch):
    x, y = batch
    model = joint_with(stand_ins, constant_head(1, [3.4]))  # always 3.4, rounded to 3
    figures = evaluation.predictor_metrics(model, x, y)
    assert figures["predictor_mse"] == pytest.approx(np.mean((3.4 - y) ** 2), rel=1e-5)
    assert figures["predictor_rounded_accuracy"] == pytest.approx(np.mean(y == 3))
    high = joint_with(stand_ins, constant_head(1, [12.0]))  # rounds beyond 9: clipped to 9
    assert evaluation.predictor_metrics(high, x, y)["predictor_rounded_accuracy"] == \
        pytest.approx(np.mean(y == 9))


def test_joint_metrics_add_the_predictor_figures_when_there_is_one(stand_ins, batch):
    x, y = batch
    vae_keys = {"negative_elbo", "reconstruction", "kl", "reconstruction_at_t_mean"}
    without = evaluation.joint_metrics(joint_with(stand_ins), x, y)
    assert set(without) == vae_keys
    with_head = evaluation.joint_metrics(stand_ins.vae, x, y)
    assert set(with_head) == vae_keys | {"predictor_accuracy"}
    assert with_head["negative_elbo"] == pytest.approx(without["negative_elbo"])


def test_classifier_accuracy_and_assignments():
    reader = pixel_reader()
    images = images_of([3, 1, 4, 1, 5])
    labels = np.array([3, 1, 4, 0, 0])
    assert evaluation.classifier_accuracy(reader, images, labels) == pytest.approx(0.6)
    assert evaluation.classifier_metrics(reader, images, labels) == {"accuracy": pytest.approx(0.6)}
    assert evaluation.assigned_to(reader, images, 1).tolist() == [False, True, False, True, False]


def test_reconstruction_accuracy_classifies_the_images_decoded_at_t_mean(stand_ins, batch):
    x, y = batch
    t_mean, _ = stand_ins.encoder(x)
    images = np.asarray(stand_ins.decoder(t_mean))
    probs = np.asarray(stand_ins.classifier(images))
    expected = np.mean(probs.argmax(axis=1) == y)
    assert evaluation.reconstruction_accuracy(stand_ins.vae, stand_ins.classifier, x, y) == \
        pytest.approx(expected)
    always = constant_head(10, 20.0 * np.eye(10)[y[1]], name="always")
    image = keras.Input((28, 28, 1))
    fixed = keras.Model(image, always(layers.Flatten()(image)[:, :2]))
    assert evaluation.reconstruction_accuracy(stand_ins.vae, fixed, x, y) == \
        pytest.approx(np.mean(y == y[1]))


def test_report_warns_below_the_floor():
    assert evaluation.CLASSIFIER_ACCURACY_FLOOR == 0.99
    low = evaluation.format_evaluation({"classifier": {"accuracy": 0.985}})
    assert low.splitlines() == [
        "classifier (classifier.h5):",
        "  accuracy                     98.50 %",
        "WARNING: classifier accuracy 98.50 % is below 99.0 %, which the method assumes",
    ]
    for fine in (0.995, 0.99):
        assert "WARNING" not in evaluation.format_evaluation({"classifier": {"accuracy": fine}})


def test_report_formats_every_figure():
    report = evaluation.format_evaluation({
        "softmax": {"negative_elbo": 150.2019, "predictor_accuracy": 0.9659},
        "mine": {"kl": 6.9},
    })
    assert report.splitlines() == [
        "softmax (vae-predictor-softmax.h5):",
        "  negative_elbo                150.20",
        "  predictor_accuracy           96.59 %",
        "mine (?):",
        "  kl                           6.90",
    ]


@pytest.mark.skipif(not (model_path("off").is_file() and model_path("classifier").is_file()),
                    reason="pretrained models missing")
def test_evaluate_pretrained_on_the_first_test_images(mnist, monkeypatch):
    from vae_opt.mnist.pretrained import load_pretrained

    monkeypatch.setattr("vae_opt.mnist.data.load_mnist", lambda: mnist)  # loaded once per session
    results = registry.evaluate_pretrained(kinds=("classifier", "off"), n_test=100)
    assert list(results) == ["classifier", "off"]
    _, (x_test, y_test) = mnist
    x, y = x_test[:100], y_test[:100]
    classifier, off = load_pretrained("classifier"), load_pretrained("off")
    assert results["classifier"] == {
        "accuracy": pytest.approx(evaluation.classifier_accuracy(classifier, x, y))}
    expected = {**evaluation.vae_metrics(off, x),
                "classifier_accuracy_on_reconstructions":
                    evaluation.reconstruction_accuracy(off, classifier, x, y)}
    assert results["off"] == pytest.approx(expected)
    # Most digits survive the 2-d bottleneck even without a predictor (chance: 10 %).
    assert results["off"]["classifier_accuracy_on_reconstructions"] > 0.5


def test_evaluate_pretrained_skips_models_not_trained(mnist, monkeypatch, tmp_path):
    monkeypatch.setattr("vae_opt.mnist.data.load_mnist", lambda: mnist)
    monkeypatch.setenv("VAE_OPT_MODELS", str(tmp_path))  # a folder of models holding none
    assert registry.evaluate_pretrained(n_test=10) == {}


@pytest.mark.parametrize("n_test", [0, 10001, 2.5])
def test_evaluate_pretrained_checks_n_test(n_test):
    with pytest.raises(ValueError, match="n_test must be"):
        registry.evaluate_pretrained(kinds=("classifier",), n_test=n_test)
