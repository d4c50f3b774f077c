"""A conditional VAE, the standard way to generate a chosen digit: the baseline of the benchmark.

Encoder and decoder are the VAE's convolutional networks, each also given the one-hot label;
generation samples t ~ N(0, I) and decodes it with the label of the wanted digit.
"""

from __future__ import annotations

from vae_opt.backend import keras
import numpy as np

from vae_opt.mnist.config import IMAGE_SHAPE, LATENT_DIM, NUM_CLASSES, TRAINING
from vae_opt.mnist.data import one_hot
from vae_opt.networks.layers import KLDivergence
from vae_opt.networks.losses import reconstruction_loss
from vae_opt.mnist.networks.vae import create_decoder, create_encoder, create_sampler
from vae_opt.validation import check_positive_int, check_target


def create_cvae(latent_dim: int = LATENT_DIM, seed: int | None = None) -> keras.Model:
    """[image, one-hot label] -> reconstruction decoded from a sample t ~ q(t | x, label)."""
    encoder = create_encoder(latent_dim, condition_dim=NUM_CLASSES)
    decoder = create_decoder(latent_dim, condition_dim=NUM_CLASSES)
    image = keras.Input(IMAGE_SHAPE, name="image")
    label = keras.Input((NUM_CLASSES,), name="label")
    t_mean, t_log_var = encoder([image, label])
    t_mean = KLDivergence(name="kl_divergence")([t_mean, t_log_var])
    t = create_sampler(seed)([t_mean, t_log_var])
    return keras.Model([image, label], decoder([t, label]), name="cvae")


def compile_cvae(model: keras.Model, learning_rate: float = TRAINING.learning_rate) -> keras.Model:
    """Negative ELBO (summed pixel BCE + KL), RMSprop: the VAE's recipe without a predictor."""
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate), loss=reconstruction_loss,
                  jit_compile=False)
    return model


def generate(cvae: keras.Model, digit: int, n: int, seed: int | None = None) -> np.ndarray:
    """n images of `digit`, decoded from latent points drawn from the prior: (n, 28, 28, 1)."""
    digit = check_target(digit)
    n = check_positive_int(n, "n")
    decoder = cvae.get_layer("decoder")
    t = np.random.default_rng(seed).standard_normal((n, decoder.input_shape[0][-1]))
    label = one_hot(np.full(n, digit), NUM_CLASSES)
    return np.asarray(decoder([t.astype(np.float32), label], training=False))
