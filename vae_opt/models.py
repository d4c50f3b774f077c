"""The networks of the method: encoder, decoder, sampler, predictors, the joint model, classifier.

The joint model maps an image to its reconstruction (decoded from a sample t) and, unless the
predictor is 'off', to the predictor's output read from the encoder's mean t_mean. Its
sub-models keep the names ``encoder``, ``decoder`` and ``predictor``.
"""

from __future__ import annotations

from pathlib import Path

import keras
from keras import layers

from vae_opt.config import IMAGE_SHAPE, LATENT_DIM, NUM_CLASSES, PREDICTOR_KINDS, TRAINING
from vae_opt.layers import KLDivergence, Sampler
from vae_opt.losses import PREDICTOR_LOSSES, reconstruction_loss
from vae_opt.validation import check_choice, check_positive_int


def _check_latent_dim(latent_dim: int) -> None:
    check_positive_int(latent_dim, "latent_dim")


def _check_predictor(predictor: str) -> None:
    check_choice(predictor, PREDICTOR_KINDS, "predictor kind")


def create_encoder(
    latent_dim: int = LATENT_DIM, condition_dim: int = 0, name: str = "encoder"
) -> keras.Model:
    """q(t | x): image -> (t_mean, t_log_var), each of shape (latent_dim,).

    With ``condition_dim > 0`` it is q(t | x, c): a one-hot condition c joins after the convolutions.
    """
    _check_latent_dim(latent_dim)
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
    _check_latent_dim(latent_dim)
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


def _predictor_body(latent_dim: int) -> tuple[keras.KerasTensor, keras.KerasTensor]:
    t_mean = keras.Input((latent_dim,), name="t_mean")
    h = layers.Dense(128, activation="relu")(t_mean)
    h = layers.Dense(128, activation="relu")(h)
    return t_mean, h


def create_predictor(latent_dim: int = LATENT_DIM) -> keras.Model:
    """p(y | t): t_mean -> probabilities of the 10 digit classes."""
    _check_latent_dim(latent_dim)
    t_mean, h = _predictor_body(latent_dim)
    return keras.Model(t_mean, layers.Dense(NUM_CLASSES, activation="softmax")(h), name="predictor")


def create_predictor_linear(latent_dim: int = LATENT_DIM) -> keras.Model:
    """t_mean -> the digit's value as one real number (a regressor)."""
    _check_latent_dim(latent_dim)
    t_mean, h = _predictor_body(latent_dim)
    return keras.Model(t_mean, layers.Dense(1)(h), name="predictor")


def create_classifier(name: str = "classifier") -> keras.Model:
    """A CNN image classifier, trained apart from the VAE, that scores decoded images."""
    image = keras.Input(IMAGE_SHAPE, name="image")
    h = layers.Conv2D(32, 3, activation="relu")(image)
    h = layers.MaxPooling2D(2)(h)
    h = layers.Conv2D(64, 3, activation="relu")(h)
    h = layers.MaxPooling2D(2)(h)
    h = layers.Conv2D(64, 3, activation="relu")(h)
    h = layers.Flatten()(h)
    h = layers.Dense(64, activation="relu")(h)
    return keras.Model(image, layers.Dense(NUM_CLASSES, activation="softmax")(h), name=name)


def create_judge(name: str = "judge") -> keras.Model:
    """A wider CNN with dropout, a different network from the classifier, used only to judge."""
    image = keras.Input(IMAGE_SHAPE, name="image")
    h = layers.Conv2D(32, 5, padding="same", activation="relu")(image)
    h = layers.MaxPooling2D(2)(h)
    h = layers.Conv2D(64, 5, padding="same", activation="relu")(h)
    h = layers.MaxPooling2D(2)(h)
    h = layers.Flatten()(h)
    h = layers.Dropout(0.4)(h)
    h = layers.Dense(256, activation="relu")(h)
    h = layers.Dropout(0.4)(h)
    return keras.Model(image, layers.Dense(NUM_CLASSES, activation="softmax")(h), name=name)


def create_joint_model(
    predictor: str = "softmax", latent_dim: int = LATENT_DIM, seed: int | None = None
) -> keras.Model:
    """The VAE trained jointly with a predictor on t_mean; predictor is 'off', 'softmax' or 'linear'.

    Outputs ``[decoded_image, prediction]`` (only ``decoded_image`` when the predictor is off).
    The KL term enters the model's loss through the ``kl_divergence`` layer.
    """
    _check_predictor(predictor)
    _check_latent_dim(latent_dim)
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


def compile_classifier(model: keras.Model, learning_rate: float = TRAINING.learning_rate) -> keras.Model:
    """RMSprop on categorical cross-entropy, with accuracy."""
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=False,  # XLA is slower than TensorFlow's kernels on this CPU
    )
    return model


class ModelFileError(RuntimeError):
    """A model file is missing, truncated or not a vae-opt Keras model."""


_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_ZIP_SIGNATURE = b"PK\x03\x04"


def load_model(path: str | Path) -> keras.Model:
    """Load a saved vae-opt model (``.h5`` or ``.keras``) in Keras' safe mode, uncompiled.

    Sub-models are reachable by name: ``load_model(p).get_layer('decoder')``.
    Raises ``ModelFileError`` naming the file when it is missing, truncated or foreign.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(
            f"model file {path} does not exist; train it with `vae-opt train` or check the path"
        )
    with path.open("rb") as f:
        head = f.read(64)
    if head.startswith(b"version https://git-lfs"):
        raise ModelFileError(f"{path} is a Git LFS pointer, not a model; run `git lfs pull`")
    if not (head.startswith(_HDF5_SIGNATURE) or head.startswith(_ZIP_SIGNATURE)):
        raise ModelFileError(f"{path} is not a Keras model file (.h5 or .keras); got other bytes")
    try:
        return keras.models.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # h5py/zipfile/Keras raise many types for a damaged file
        raise ModelFileError(
            f"{path} could not be loaded as a vae-opt model ({type(error).__name__}: "
            f"{str(error).splitlines()[0] if str(error) else 'no detail'}). The file may be "
            "truncated or come from other code; retrain it with `vae-opt train`."
        ) from error


def decode(decoder: keras.Model, t) -> "np.ndarray":
    """Images decoded from latent points t of shape (n, latent_dim): (n, 28, 28, 1) in [0, 1]."""
    import numpy as np

    return np.asarray(decoder(np.asarray(t, dtype=np.float32), training=False))
