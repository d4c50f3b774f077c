import keras
import numpy as np
import pytest

from vae_opt import models
from vae_opt.cvae import create_cvae
from vae_opt.layers import Sampler


def test_encoder_decoder_predictor_shapes():
    x = np.zeros((3, 28, 28, 1), np.float32)
    t_mean, t_log_var = models.create_encoder(2)(x)
    assert t_mean.shape == (3, 2) and t_log_var.shape == (3, 2)
    assert models.create_decoder(2)(np.zeros((3, 2))).shape == (3, 28, 28, 1)
    probs = np.asarray(models.create_predictor(2)(np.zeros((3, 2))))
    assert probs.shape == (3, 10) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert models.create_predictor_linear(2)(np.zeros((3, 2))).shape == (3, 1)
    assert models.create_classifier()(x).shape == (3, 10)
    assert models.create_judge()(x).shape == (3, 10)


def test_encoder_follows_the_recipe():
    encoder = models.create_encoder(5)
    convs = [layer for layer in encoder.layers if isinstance(layer, keras.layers.Conv2D)]
    assert [c.filters for c in convs] == [32, 64, 64, 64]
    assert [c.strides for c in convs] == [(1, 1), (2, 2), (1, 1), (1, 1)]
    assert encoder.get_layer("t_mean").units == 5 and encoder.get_layer("t_log_var").units == 5


@pytest.mark.parametrize("predictor, n_outputs", [("off", 1), ("softmax", 2), ("linear", 2)])
def test_joint_model_names_and_outputs(predictor, n_outputs):
    model = models.create_joint_model(predictor)
    names = [layer.name for layer in model.layers]
    assert {"encoder", "decoder", "sampler", "kl_divergence"} <= set(names)
    assert ("predictor" in names) == (predictor != "off")
    outputs = model(np.zeros((2, 28, 28, 1), np.float32))
    outputs = outputs if isinstance(outputs, list) else [outputs]
    assert len(outputs) == n_outputs and outputs[0].shape == (2, 28, 28, 1)
    assert model.get_layer("decoder")(np.zeros((1, 2))).shape == (1, 28, 28, 1)


def test_no_lambda_layers_anywhere():
    def walk(model):
        for layer in model.layers:
            assert not isinstance(layer, keras.layers.Lambda), layer.name
            if isinstance(layer, keras.Model):
                walk(layer)

    for predictor in ("off", "softmax", "linear"):
        walk(models.create_joint_model(predictor))
    walk(create_cvae())


def test_sampler_uses_the_reparameterisation():
    sampler = Sampler(seed=1)
    t_mean = np.full((20000, 2), 3.0, np.float32)
    t_log_var = np.full((20000, 2), np.log(4.0), np.float32)
    t = np.asarray(sampler([t_mean, t_log_var]))
    assert abs(t.mean() - 3.0) < 0.05 and abs(t.std() - 2.0) < 0.05


@pytest.mark.parametrize("latent_dim", [0, -1, 2.5, "2", True])
def test_bad_latent_dim(latent_dim):
    with pytest.raises(ValueError, match="latent_dim must be a positive integer"):
        models.create_encoder(latent_dim)
    with pytest.raises(ValueError, match="latent_dim"):
        models.create_joint_model("softmax", latent_dim=latent_dim)


def test_unknown_predictor_kind():
    with pytest.raises(ValueError, match="unknown predictor kind 'logistic'.*off, softmax, linear"):
        models.create_joint_model("logistic")
