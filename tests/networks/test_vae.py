"""The VAE's networks: shapes, the recipe, the joint model's parts, encode and decode."""

import numpy as np
import pytest

from vae_opt.backend import keras
from vae_opt.mnist.networks import vae
from vae_opt.mnist.networks.cvae import create_cvae


def test_encoder_and_decoder_shapes():
    x = np.zeros((3, 28, 28, 1), np.float32)
    t_mean, t_log_var = vae.create_encoder(2)(x)
    assert t_mean.shape == (3, 2) and t_log_var.shape == (3, 2)
    images = np.asarray(vae.create_decoder(2)(np.random.default_rng(0).normal(size=(3, 2))))
    assert images.shape == (3, 28, 28, 1)
    assert images.min() > 0.0 and images.max() < 1.0  # Bernoulli means: a sigmoid output


def test_conditional_encoder_and_decoder_take_the_label():
    encoder = vae.create_encoder(3, condition_dim=10)
    decoder = vae.create_decoder(3, condition_dim=10)
    assert [tuple(s) for s in encoder.input_shape] == [(None, 28, 28, 1), (None, 10)]
    assert [tuple(s) for s in decoder.input_shape] == [(None, 3), (None, 10)]
    t = np.zeros((2, 3), np.float32)
    labels = np.eye(10, dtype=np.float32)[[1, 7]]
    images = np.asarray(decoder([t, labels]))
    # Same latent point, another label: another image.
    assert images.shape == (2, 28, 28, 1) and not np.allclose(images[0], images[1])


def test_encoder_follows_the_recipe():
    encoder = vae.create_encoder(5)
    convs = [layer for layer in encoder.layers if isinstance(layer, keras.layers.Conv2D)]
    assert [c.filters for c in convs] == [32, 64, 64, 64]
    assert [c.strides for c in convs] == [(1, 1), (2, 2), (1, 1), (1, 1)]
    assert encoder.get_layer("t_mean").units == 5 and encoder.get_layer("t_log_var").units == 5


@pytest.mark.parametrize("predictor, head_shape", [("off", None), ("softmax", (2, 10)),
                                                   ("linear", (2, 1))])
def test_joint_model_names_and_outputs(predictor, head_shape):
    model = vae.create_joint_model(predictor, latent_dim=3)
    names = [layer.name for layer in model.layers]
    assert {"encoder", "decoder", "sampler", "kl_divergence"} <= set(names)
    assert ("predictor" in names) == (predictor != "off")
    assert model.name == f"vae_predictor_{predictor}"
    outputs = model(np.zeros((2, 28, 28, 1), np.float32))
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    assert outputs[0].shape == (2, 28, 28, 1)
    assert [tuple(o.shape) for o in outputs[1:]] == ([head_shape] if head_shape else [])
    assert model.get_layer("decoder").input_shape == (None, 3)


def test_predictor_reads_t_mean_not_the_sample():
    model = vae.create_joint_model("softmax", seed=0)
    x = np.random.default_rng(0).random((4, 28, 28, 1)).astype(np.float32)
    _, probs = model(x)
    t_mean, _ = model.get_layer("encoder")(x)
    expected = model.get_layer("predictor")(t_mean)
    assert np.allclose(np.asarray(probs), np.asarray(expected), atol=1e-6)


def test_no_lambda_layers_anywhere():
    def walk(model):
        for layer in model.layers:
            assert not isinstance(layer, keras.layers.Lambda), layer.name
            if isinstance(layer, keras.Model):
                walk(layer)

    for predictor in ("off", "softmax", "linear"):
        walk(vae.create_joint_model(predictor))
    walk(create_cvae())


@pytest.mark.parametrize("latent_dim", [0, -1, 2.5, "2", True])
def test_bad_latent_dim(latent_dim):
    with pytest.raises(ValueError, match="latent_dim must be a positive integer"):
        vae.create_encoder(latent_dim)
    with pytest.raises(ValueError, match="latent_dim must be a positive integer"):
        vae.create_decoder(latent_dim)
    with pytest.raises(ValueError, match="latent_dim"):
        vae.create_joint_model("softmax", latent_dim=latent_dim)


def test_unknown_predictor_kind():
    with pytest.raises(ValueError, match="unknown predictor kind 'logistic'.*off, softmax, linear"):
        vae.create_joint_model("logistic")
    with pytest.raises(ValueError, match="unknown predictor kind 'logistic'"):
        vae.compile_joint_model(vae.create_joint_model("off"), "logistic")


@pytest.mark.parametrize("predictor, losses", [
    ("off", ["reconstruction_loss"]),
    ("softmax", ["reconstruction_loss", "categorical_crossentropy"]),
    ("linear", ["reconstruction_loss", "mean_squared_error"]),
])
def test_compile_uses_the_recipe(predictor, losses):
    model = vae.compile_joint_model(vae.create_joint_model(predictor), predictor,
                                    learning_rate=0.005)
    assert isinstance(model.optimizer, keras.optimizers.RMSprop)
    assert np.isclose(float(model.optimizer.learning_rate), 0.005)
    names = [getattr(loss, "__name__", loss) for loss in np.atleast_1d(model.loss)]
    assert names == losses  # the weight 20 of the predictor loss: test_layers_losses


@pytest.fixture(scope="module")
def joint():
    keras.utils.set_random_seed(0)
    return vae.create_joint_model("softmax", seed=0)


def test_encode_gives_the_encoders_mean_and_log_variance(joint, rng):
    x = rng.random((5, 28, 28, 1)).astype(np.float32)
    t_mean, t_log_var = vae.encode(joint, x)
    direct_mean, direct_log_var = joint.get_layer("encoder")(x)
    assert t_mean.shape == (5, 2) and t_log_var.shape == (5, 2)
    assert np.allclose(t_mean, np.asarray(direct_mean), atol=1e-6)
    assert np.allclose(t_log_var, np.asarray(direct_log_var), atol=1e-6)
    assert not np.allclose(t_mean, t_log_var)


def test_encode_passes_the_condition_to_a_cvae(rng):
    keras.utils.set_random_seed(0)
    cvae = create_cvae(seed=0)
    x = rng.random((3, 28, 28, 1)).astype(np.float32)
    labels = np.eye(10, dtype=np.float32)[[0, 1, 2]]
    t_mean, _ = vae.encode(cvae, x, labels)
    direct, _ = cvae.get_layer("encoder")([x, labels])
    assert np.allclose(t_mean, np.asarray(direct), atol=1e-6)
    other, _ = vae.encode(cvae, x, labels[::-1])
    assert not np.allclose(t_mean, other)


def test_decode_gives_the_decoders_images(joint, rng):
    decoder = joint.get_layer("decoder")
    t = rng.normal(size=(4, 2))
    images = vae.decode(decoder, t)
    assert images.shape == (4, 28, 28, 1)
    assert np.allclose(images, np.asarray(decoder(t.astype(np.float32))), atol=1e-6)


@pytest.mark.parametrize("shape", [(3, 3), (3, 1), (3,), (1, 2, 2)])
def test_decode_refuses_points_of_the_wrong_dimension(joint, shape):
    with pytest.raises(ValueError, match=r"latent points must have shape \(n, 2\) for this "
                                         rf"2-d latent space, got shape \({shape[0]},"):
        vae.decode(joint.get_layer("decoder"), np.zeros(shape))


def test_decode_takes_one_point_as_a_vector(joint):
    assert vae.decode(joint.get_layer("decoder"), np.zeros(2)).shape == (1, 28, 28, 1)
