"""vae-opt: conditional generation by Bayesian optimization in the latent space of a VAE.

The main calls, in the order of the method::

    (x_train, y_train), (x_test, y_test) = load_mnist()
    vae = load_pretrained("softmax")                     # or load_model("my-vae.h5")
    f = decode_classify_objective(vae.get_layer("decoder"), load_pretrained("classifier"), 4)
    result = optimize(f, seed=0, settings="blog")        # the method's settings, 50 iterations

Names are imported on first use, so that ``import vae_opt`` (and ``vae-opt --help``) does not
start TensorFlow.
"""

import importlib
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow's start-up chatter, not errors

__version__ = "0.2.0"

_PUBLIC = {
    "load_mnist": "vae_opt.mnist.data",
    "DataUnavailableError": "vae_opt.mnist.data",
    "ModelFileError": "vae_opt.networks.loading",
    "load_model": "vae_opt.networks.loading",
    "encode": "vae_opt.mnist.networks.vae",
    "decode": "vae_opt.mnist.networks.vae",
    "create_joint_model": "vae_opt.mnist.networks.vae",
    "load_pretrained": "vae_opt.mnist.pretrained",
    "bundle": "vae_opt.mnist.pretrained",
    "model_path": "vae_opt.paths",
    "nll_prior": "vae_opt.mnist.objectives",
    "LatentObjective": "vae_opt.mnist.objectives",
    "decode_classify_objective": "vae_opt.mnist.objectives",
    "predictor_objective": "vae_opt.mnist.objectives",
    "Optimizer": "vae_opt.optimization",
    "OptimizationResult": "vae_opt.optimization",
    "BOSettings": "vae_opt.optimization",
    "BO_SETTINGS": "vae_opt.optimization",
    "Space": "vae_opt.optimization",
    "optimize": "vae_opt.optimization",
    "Campaign": "vae_opt.campaign",
}


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'vae_opt' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
