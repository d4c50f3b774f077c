"""Every setting of the method in one place: shapes, training recipe, benchmarks, paths; the BO
settings and defaults are the optimization core's, re-exported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vae_opt.optimization.adam import BETA_1, BETA_2, EPSILON
# The BO settings live in the optimization core; these names stay importable from here.
from vae_opt.optimization.settings import (BLOG, BO_SETTINGS, DEFAULT_MAX_ITER,  # noqa: F401
                                           DEFAULT_SETTINGS, HIGH_DIM_SETTINGS, MOLECULE_BO,
                                           BOSettings, bo_settings, default_settings)
from vae_opt.optimization.space import DEFAULT_BOUNDS

IMAGE_SHAPE: tuple[int, int, int] = (28, 28, 1)
NUM_CLASSES: int = 10
LATENT_DIM: int = 2
MNIST_TRAIN_SIZE: int = 60_000
MNIST_TEST_SIZE: int = 10_000

PREDICTOR_KINDS: tuple[str, ...] = ("off", "softmax", "linear")

# Added inside log p(y = target | t) so that a probability of exactly 0 stays finite.
LOG_EPS: float = 1e-8


@dataclass(frozen=True)
class TrainingConfig:
    """The training recipe of the paper's MNIST demonstration."""

    predictor_weight: float = 20.0
    batch_size: int = 64
    epochs: int = 15
    classifier_epochs: int = 5
    learning_rate: float = 1e-3  # Keras' RMSprop default


TRAINING = TrainingConfig()


@dataclass(frozen=True)
class OptimizationConfig:
    """Where and how long the method searches: the box [low, high]^d and the iterations."""

    bounds: tuple[float, float] = DEFAULT_BOUNDS
    max_iter: int = DEFAULT_MAX_ITER
    max_batch: int = 100  # most points one campaign ask/run batch proposes (a 96-well plate fits)


OPTIMIZATION = OptimizationConfig()


@dataclass(frozen=True)
class ReproductionConfig:
    """The blog's figures: targets, and the restarts (seeds) of `settings` whose best k is shown."""

    targets: tuple[int, ...] = (4, 3, 2, 5, 9)
    seeds: tuple[int, ...] = (0, 1, 2, 3)
    settings: str = "blog"
    k: int = 10


REPRODUCTION = ReproductionConfig()


# Dense grid for figures (80 x 80) and for the benchmark's objective minimum (0.05 spacing).
FIGURE_GRID_SIZE: int = 80
REGRET_GRID_SPACING: float = 0.05



# Benchmark ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradientSearchConfig:
    """Gradient descent on the predictor objective: Adam (Kingma & Ba, 2015) from random starts.

    4 starts x 13 steps = 52 objective evaluations, the budget of BO's 2 initial points + 50.
    """

    n_starts: int = 4
    steps: int = 13
    learning_rate: float = 0.25  # about the largest move of a coordinate in one Adam step
    beta_1: float = BETA_1  # Adam's defaults
    beta_2: float = BETA_2
    epsilon: float = EPSILON


GRADIENT_SEARCH = GradientSearchConfig()


@dataclass(frozen=True)
class BenchmarkConfig:
    """Which runs the benchmark makes: every target and seed, BO with the method's iterations."""

    targets: tuple[int, ...] = tuple(range(NUM_CLASSES))
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    max_iter: int = OPTIMIZATION.max_iter
    top_k: int = 10  # the best samples whose judge verdicts give judge_top10_fraction


# The benchmark's methods: the package's own four, and other libraries' BO (the `peers` extra).
BENCHMARK_METHODS: tuple[str, ...] = ("bo", "random", "gradient", "cvae")
PEER_METHODS: tuple[str, ...] = ("skopt", "botorch")


@dataclass(frozen=True)
class PeerConfig:
    """A peer library's BO in the benchmark (vae_opt.mnist.bench_peers): the method's 2 random
    initial points, then its own GP and acquisition; raw_samples and restarts (BoTorch's
    optimize_acqf) are the values of BoTorch's tutorials."""

    initial_points: int = 2
    acquisition: str = "EI"
    raw_samples: int = 512
    restarts: int = 10


@dataclass(frozen=True)
class SettingsStudyConfig:
    """The settings study (`vae-opt bench mnist --method bo:NAME ...`): every candidate at the
    method's budget of 2 initial points + 50 evaluations; regret within `within` nats counts
    as found."""

    budget: int = 2 + OPTIMIZATION.max_iter
    within: float = 0.5


STUDY = SettingsStudyConfig()

SKOPT_PEER = PeerConfig()
BOTORCH_PEER = PeerConfig(acquisition="LogEI")

BENCHMARK = BenchmarkConfig()


@dataclass(frozen=True)
class DimensionBenchmarkConfig:
    """The benchmark by latent dimension (the mnist-dims suite): each d's softmax joint
    model, every method on every target and seed, with a budget that grows with d. The reference
    minimum of a target is the best objective any method found, including gradient search from
    `reference_starts` starts of `reference_steps` steps each."""

    budgets: tuple[tuple[int, int], ...] = ((2, 52), (8, 100), (16, 150))  # (d, evaluations)
    models: tuple[tuple[int, str], ...] = ((2, "softmax"), (8, "softmax-d8"), (16, "softmax-d16"))
    targets: tuple[int, ...] = tuple(range(NUM_CLASSES))
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    methods: tuple[str, ...] = ("bo", "random", "prior", "gradient", "cvae")
    reference_starts: int = 64
    reference_steps: int = 100
    reference_seed: int = 1_000  # apart from the benchmark's seeds
    output_dir: Path = Path("docs") / "dimensions"
    # The shell pilot (vae_opt.mnist.shell_pilot): inner chi quantiles tried, on this many
    # prior draws per seed, seeds apart from the benchmark's.
    pilot_quantiles: tuple[float, ...] = (0.0, 0.01, 0.05, 0.1, 0.2)
    pilot_draws: int = 30_000
    pilot_seeds: tuple[int, ...] = (100, 101, 102)


DIMENSIONS = DimensionBenchmarkConfig()
# `--quick`: d = 2 and 8, one target and seed, small budgets: a smoke run of every step.
DIMENSIONS_QUICK = DimensionBenchmarkConfig(budgets=((2, 14), (8, 16)), targets=(4,), seeds=(0,))


# Molecules (vae_opt.molecules) ---------------------------------------------------------------


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
    # (QED 0.53, SA 4.5): from epoch 8 beta rises to 0.2 (docs/molecules.md, the trade-off)
    beta_schedule: tuple[tuple[float, float], ...] = ((8.0, 0.05), (10.0, 0.2))
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
class MoleculeBenchmarkConfig:
    """The molecule benchmark: every property, method and seed with `evaluations` measurements;
    gradient search spends them as gradient_starts x (evaluations / gradient_starts) Adam steps."""

    properties: tuple[str, ...] = ("qed", "penalized_logp")
    methods: tuple[str, ...] = ("bo", "bo-narrow", "random", "gradient")
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    evaluations: int = 500
    # bo-narrow's box: chosen after a pilot (seeds 0 and 1, 300 evaluations) in which EI in
    # [-4, 4]^32 went to |t| ~ 10, far outside the prior's shell (|t| ~ 5.7).
    narrow_bounds: tuple[float, float] = (-2.0, 2.0)
    gradient_starts: int = 10
    gradient_learning_rate: float = 0.05
    top_k: int = 3  # distinct best molecules of every run written to the CSV
    output_dir: Path = Path("docs") / "molecules"


MOLECULE_BENCHMARK = MoleculeBenchmarkConfig()
MOLECULE_BENCHMARK_QUICK = MoleculeBenchmarkConfig(seeds=(0,), evaluations=40, gradient_starts=4)
