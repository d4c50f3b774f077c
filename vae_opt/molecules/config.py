"""The molecule recipe (data, model, training, objectives) and the in-process searches' settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

@dataclass(frozen=True)
class MoleculeConfig:
    """The molecule recipe: MOSES molecules as SELFIES, the VAE with a joint property predictor
    (after Gomez-Bombarelli et al. 2016, adapted), how it trains, and its objectives.

    The loss per molecule is the token cross-entropy summed over positions + beta * KL + lambda
    * MSE of the standardised properties; beta rises linearly from 0 to `beta` over the first
    `kl_anneal_epochs` epochs (step by step), then follows the (epoch, beta) knots of
    `beta_schedule` linearly; each latent dimension's KL counted as at least `free_bits` nats.
    """

    train_size: int = 300_000  # molecules drawn from MOSES train (seeded), before length filtering
    validation_size: int = 2_000  # drawn from the rest of MOSES train: monitoring only
    test_size: int = 1_000  # drawn from MOSES test (never trained on): every reported metric
    subset_seed: int = 0
    max_length: int = 54  # SELFIES tokens incl. padding (MOSES train: at most 51); longer
    # molecules are dropped from training (counted in the run's JSON) and refused by encode
    latent_dim: int = 56  # as JT-VAE and Tripp et al.; the comparison is in docs/molecules.md
    embedding_dim: int = 64
    conv_filters: int = 128
    conv_kernels: tuple[int, ...] = (9, 9, 10)  # the CVAE's three encoder convolutions
    gru_units: int = 384
    predictor_units: int = 256
    properties: tuple[str, ...] = ("qed", "penalized_logp")  # predicted jointly, standardised
    predictor_weight: float = 5.0  # lambda
    beta: float = 0.05  # the final KL weight
    kl_anneal_epochs: float = 1.0
    # beta 0.05 gave 73 % greedy reconstruction by epoch 8 but prior samples unlike molecules
    # (QED 0.53, SA 4.5): from epoch 8 beta rises to 0.2, from 12 to 0.5 (docs/molecules.md)
    beta_schedule: tuple[tuple[float, float], ...] = ((8.0, 0.05), (10.0, 0.2), (12.0, 0.2),
                                                      (14.0, 0.5))
    free_bits: float = 0.0  # nats per latent dimension not penalised
    token_dropout: float = 0.0  # word dropout of the teacher-forced decoder's previous tokens
    epochs: int = 30
    batch_size: int = 256
    learning_rate: float = 1e-3  # Adam, times lr_decay per epoch
    lr_decay: float = 0.93
    checkpoint_minutes: float = 5.0  # a checkpoint at least this often, and at each epoch's end
    log_every: int = 25  # steps between progress lines
    seed: int = 0
    # w in objective(t) = -property(decode(t)) + w * nll_prior(t), per property. The property is
    # no log-likelihood here (unlike MNIST's log p(y | t)), so w is small: 0.5 w |t|^2 moves by
    # about w * 16 across the prior's typical shell, a tenth of the property's spread.
    prior_weights: tuple[tuple[str, float], ...] = (("qed", 0.005), ("penalized_logp", 0.02),
                                                    ("penalized_logp_raw", 0.02))
    # The property an objective gives a latent point whose decode is no molecule (empty or
    # unparsable): a finite value at or below the worst molecule of the training subset.
    invalid_values: tuple[tuple[str, float], ...] = (("qed", 0.0), ("penalized_logp", -10.0),
                                                     ("penalized_logp_raw", -20.0))
    model_dir: Path = Path("models") / "molecules"
    model_file: str = "selfies-vae.keras"
    bounds: tuple[float, float] = (-4.0, 4.0)  # the search box [low, high]^latent_dim


MOLECULES = MoleculeConfig()

# BO for the 32-d molecule latent space: MOLECULE_BO (vae_opt.optimization.settings).


@dataclass(frozen=True)
class MoleculeSearchConfig:
    """The in-process searches of vae_opt.molecules.search (the notebook's): bo-narrow's box and
    gradient search's starts and step size (the benchmark is ``vae-opt bench molecules``)."""

    # bo-narrow's box: chosen after a pilot (seeds 0 and 1, 300 evaluations) in which EI in
    # [-4, 4]^32 went to |t| ~ 10, far outside the prior's shell (|t| ~ 5.7).
    narrow_bounds: tuple[float, float] = (-2.0, 2.0)
    gradient_starts: int = 10
    gradient_learning_rate: float = 0.05


MOLECULE_SEARCH = MoleculeSearchConfig()
