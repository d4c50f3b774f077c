"""Custom layers of the VAE, registered so that saved models load in Keras' safe mode."""

from __future__ import annotations

from vae_opt.backend import keras

from vae_opt.networks.losses import kl_divergence

ops = keras.ops


@keras.saving.register_keras_serializable(package="vae_opt")
class Sampler(keras.layers.Layer):
    """Reparameterisation trick: t = t_mean + exp(t_log_var / 2) * eps, eps ~ N(0, I)."""

    def __init__(self, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs):
        t_mean, t_log_var = inputs
        eps = keras.random.normal(ops.shape(t_mean), seed=self.seed_generator)
        return t_mean + ops.exp(0.5 * t_log_var) * eps

    def get_config(self) -> dict:
        return {**super().get_config(), "seed": self.seed}


@keras.saving.register_keras_serializable(package="vae_opt")
class KLDivergence(keras.layers.Layer):
    """Adds KL(q(t|x) || N(0, I)), averaged over the batch, to the model's loss; passes t_mean on."""

    def call(self, inputs):
        t_mean, t_log_var = inputs
        self.add_loss(ops.mean(kl_divergence(t_mean, t_log_var)))
        return t_mean
