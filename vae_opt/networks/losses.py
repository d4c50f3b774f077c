"""The terms of the training loss: negative ELBO (reconstruction + KL) and the predictor loss."""

from __future__ import annotations

from vae_opt.backend import keras

ops = keras.ops

# Keras clips probabilities to [eps, 1 - eps] before taking logs; we do the same.
_EPS = 1e-7


@keras.saving.register_keras_serializable(package="vae_opt")
def reconstruction_loss(x, x_decoded):
    """-log p(x | t) under independent Bernoulli pixels, summed over pixels: shape (batch,)."""
    x_decoded = ops.clip(x_decoded, _EPS, 1.0 - _EPS)
    bce = -(x * ops.log(x_decoded) + (1.0 - x) * ops.log(1.0 - x_decoded))
    return ops.sum(ops.reshape(bce, (ops.shape(bce)[0], -1)), axis=-1)


def kl_divergence(t_mean, t_log_var):
    """KL(N(t_mean, exp(t_log_var)) || N(0, I)) in closed form, summed over latent dims: (batch,)."""
    return -0.5 * ops.sum(1.0 + t_log_var - ops.square(t_mean) - ops.exp(t_log_var), axis=-1)


PREDICTOR_LOSSES = {"softmax": "categorical_crossentropy", "linear": "mean_squared_error"}
