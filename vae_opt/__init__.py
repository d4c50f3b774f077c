"""vae-opt: conditional generation by Bayesian optimization in the latent space of a VAE.

The main calls, in the order of the method::

    (x_train, y_train), (x_test, y_test) = load_mnist()
    vae = load_model("models/vae-opt/vae-predictor-softmax.h5")   # or load_pretrained("softmax")
    f = decode_classify_objective(vae.get_layer("decoder"), load_pretrained("classifier"), 4)
    result, optimizer = optimize(4, f, max_iter=50, seed=0)
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up chatter, not errors

from vae_opt.data import load_mnist  # noqa: E402
from vae_opt.models import (  # noqa: E402
    ModelFileError,
    create_classifier,
    create_decoder,
    create_encoder,
    create_joint_model,
    create_predictor,
    create_predictor_linear,
    create_sampler,
    decode,
    load_model,
)
from vae_opt.objectives import (  # noqa: E402
    LatentObjective,
    decode_classify_objective,
    nll_prior,
    predictor_objective,
)
from vae_opt.optimization import OptimizationResult, optimize, optimizer_for  # noqa: E402
from vae_opt.pretrained import load_pretrained  # noqa: E402

__version__ = "0.1.0"
