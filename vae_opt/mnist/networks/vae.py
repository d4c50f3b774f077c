"""The VAE of the method: encoder q(t | x), decoder p(x | t), sampler, and the joint model.

The joint model maps an image to its reconstruction (decoded from a sample t) and, unless the
predictor is 'off', to the predictor's output read from the encoder's mean t_mean. Its
sub-models keep the names ``encoder``, ``decoder`` and ``predictor``.
"""

from __future__ import annotations

import numpy as np
from vae_opt.backend import keras

from vae_opt.latent import check_latent_points
from vae_opt.mnist.config import IMAGE_SHAPE, LATENT_DIM, PREDICTOR_KINDS, TRAINING
from vae_opt.mnist.networks.classifiers import create_predictor, create_predictor_linear
from vae_opt.networks.layers import KLDivergence, Sampler
from vae_opt.networks.losses import PREDICTOR_LOSSES, reconstruction_loss
from vae_opt.validation import check_choice, check_positive_int

layers = keras.layers


def _check_predictor(predictor: str) -> None:
    check_choice(predictor, PREDICTOR_KINDS, "predictor kind")


def create_encoder(
    latent_dim: int = LATENT_DIM, condition_dim: int = 0, name: str = "encoder"
) -> keras.Model:
    """q(t | x): image -> (t_mean, t_log_var), each of shape (latent_dim,).

    With ``condition_dim > 0`` it is q(t | x, c): a one-hot condition c joins after the convolutions.
    """
    check_positive_int(latent_dim, "latent_dim")
    image = keras.Input(IMAGE_SHAPE, name="image")
    h = layers.Conv2D(32, 3, padding="same", activation="relu")(image)
    h = layers.Conv2D(64, 3, padding="same", activation="relu", strides=2)(h)
    h = layers.Conv2D(64, 3, padding="same", activation="relu")(h)
    h = layers.Conv2D(64, 3, padding="same", activation="relu")(h)
    h = layers.Flatten()(h)
    inputs = image
    if condition_dim:
        condition = keras.Input((condition_dim,), name="condition")
        h, inputs = layers.Concatenate()([h, condition]), [image, condition]
    h = layers.Dense(32, activation="relu")(h)
    t_mean = layers.Dense(latent_dim, name="t_mean")(h)
    t_log_var = layers.Dense(latent_dim, name="t_log_var")(h)
    return keras.Model(inputs, [t_mean, t_log_var], name=name)


def create_decoder(
    latent_dim: int = LATENT_DIM, condition_dim: int = 0, name: str = "decoder"
) -> keras.Model:
    """p(x | t): latent point t -> Bernoulli pixel means of shape (28, 28, 1).

    With ``condition_dim > 0`` it is p(x | t, c), the one-hot condition c joined to t.
    """
    check_positive_int(latent_dim, "latent_dim")
    t = keras.Input((latent_dim,), name="t")
    h, inputs = t, t
    if condition_dim:
        condition = keras.Input((condition_dim,), name="condition")
        h, inputs = layers.Concatenate()([t, condition]), [t, condition]
    h = layers.Dense(14 * 14 * 64, activation="relu")(h)
    h = layers.Reshape((14, 14, 64))(h)
    h = layers.Conv2DTranspose(32, 3, padding="same", activation="relu", strides=2)(h)
    image = layers.Conv2D(1, 3, padding="same", activation="sigmoid", name="image")(h)
    return keras.Model(inputs, image, name=name)


def create_sampler(seed: int | None = None) -> Sampler:
    """The reparameterisation layer t = t_mean + exp(t_log_var / 2) * eps."""
    return Sampler(seed=seed, name="sampler")


def create_joint_model(
    predictor: str = "softmax", latent_dim: int = LATENT_DIM, seed: int | None = None
) -> keras.Model:
    """The VAE trained jointly with a predictor on t_mean; predictor is 'off', 'softmax' or 'linear'.

    Outputs ``[decoded_image, prediction]`` (only ``decoded_image`` when the predictor is off).
    The KL term enters the model's loss through the ``kl_divergence`` layer.
    """
    _check_predictor(predictor)
    check_positive_int(latent_dim, "latent_dim")
    encoder, decoder = create_encoder(latent_dim), create_decoder(latent_dim)
    image = keras.Input(IMAGE_SHAPE, name="image")
    t_mean, t_log_var = encoder(image)
    t_mean = KLDivergence(name="kl_divergence")([t_mean, t_log_var])
    t = create_sampler(seed)([t_mean, t_log_var])
    decoded = decoder(t)
    if predictor == "off":
        return keras.Model(image, decoded, name="vae_predictor_off")
    head = create_predictor(latent_dim) if predictor == "softmax" else create_predictor_linear(latent_dim)
    return keras.Model(image, [decoded, head(t_mean)], name=f"vae_predictor_{predictor}")


def compile_joint_model(
    model: keras.Model, predictor: str, predictor_weight: float = TRAINING.predictor_weight,
    learning_rate: float = TRAINING.learning_rate,
) -> keras.Model:
    """Loss = negative ELBO (summed pixel BCE + KL) + predictor_weight * predictor loss; RMSprop."""
    _check_predictor(predictor)
    optimizer = keras.optimizers.RMSprop(learning_rate)
    if predictor == "off":
        model.compile(optimizer=optimizer, loss=reconstruction_loss, jit_compile=False)
    else:
        metrics = [[], ["accuracy"]] if predictor == "softmax" else None
        model.compile(
            optimizer=optimizer,
            loss=[reconstruction_loss, PREDICTOR_LOSSES[predictor]],
            loss_weights=[1.0, predictor_weight],
            metrics=metrics,
            jit_compile=False,
        )
    return model



_BATCH = 1000


def encode(model: keras.Model, x: np.ndarray, condition: np.ndarray | None = None
           ) -> tuple[np.ndarray, np.ndarray]:
    """(t_mean, t_log_var) of images x under a model's encoder (with the label, for the CVAE)."""
    inputs = x if condition is None else [x, condition]
    return tuple(model.get_layer("encoder").predict(inputs, batch_size=_BATCH, verbose=0))


def decode(decoder: keras.Model, t: np.ndarray) -> np.ndarray:
    """Images decoded from latent points t of shape (n, latent_dim): (n, 28, 28, 1) in [0, 1]."""
    if isinstance(decoder.input_shape, list):
        raise ValueError(f"{decoder.name!r} also takes a label (the CVAE's decoder?); use "
                         "networks.cvae.generate for it")
    t = check_latent_points(t, decoder.input_shape[-1], dtype=np.float32)
    return np.asarray(decoder(t, training=False))
