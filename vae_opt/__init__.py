"""vae-opt: conditional generation by Bayesian optimization in the latent space of a VAE."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up chatter, not errors

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
