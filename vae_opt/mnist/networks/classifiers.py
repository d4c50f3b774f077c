"""The classifiers of the method: predictor heads on t_mean, and CNNs that read images.

The predictor is trained jointly with the VAE; the classifier scores decoded images (the
stand-in for an external measurement); the judge, another architecture with its own seed, only
judges the benchmark, so that success is not decided by the network being optimised against.
"""

from __future__ import annotations

from vae_opt.backend import keras

from vae_opt.mnist.config import IMAGE_SHAPE, LATENT_DIM, NUM_CLASSES, TRAINING
from vae_opt.validation import check_positive_int

layers = keras.layers


def _predictor_body(latent_dim: int) -> tuple[keras.KerasTensor, keras.KerasTensor]:
    t_mean = keras.Input((latent_dim,), name="t_mean")
    h = layers.Dense(128, activation="relu")(t_mean)
    h = layers.Dense(128, activation="relu")(h)
    return t_mean, h


def create_predictor(latent_dim: int = LATENT_DIM) -> keras.Model:
    """p(y | t): t_mean -> probabilities of the 10 digit classes."""
    check_positive_int(latent_dim, "latent_dim")
    t_mean, h = _predictor_body(latent_dim)
    return keras.Model(t_mean, layers.Dense(NUM_CLASSES, activation="softmax")(h), name="predictor")


def create_predictor_linear(latent_dim: int = LATENT_DIM) -> keras.Model:
    """t_mean -> the digit's value as one real number (a regressor)."""
    check_positive_int(latent_dim, "latent_dim")
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


def compile_classifier(model: keras.Model, learning_rate: float = TRAINING.learning_rate) -> keras.Model:
    """RMSprop on categorical cross-entropy, with accuracy."""
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=False,  # XLA is slower than TensorFlow's kernels on this CPU
    )
    return model
