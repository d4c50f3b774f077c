"""vae-opt: conditional generation by Bayesian optimization in the latent space of a VAE."""

from vae_opt.data import load_mnist
from vae_opt.models import (
    ModelFileError,
    create_classifier,
    create_decoder,
    create_encoder,
    create_joint_model,
    create_predictor,
    create_predictor_linear,
    create_sampler,
    load_model,
)

__version__ = "0.1.0"
