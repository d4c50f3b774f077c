"""Every setting of the method in one place: shapes, training recipe, BO defaults, paths."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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

    bounds: tuple[float, float] = (-4.0, 4.0)
    max_iter: int = 50


OPTIMIZATION = OptimizationConfig()


@dataclass(frozen=True)
class ReproductionConfig:
    """The blog's figures: targets, and the restarts (seeds) of `settings` whose best k is shown."""

    targets: tuple[int, ...] = (4, 3, 2, 5, 9)
    seeds: tuple[int, ...] = (0, 1, 2, 3)
    settings: str = "blog"
    k: int = 10


REPRODUCTION = ReproductionConfig()


@dataclass(frozen=True)
class BOSettings:
    """One named set of Bayesian-optimization settings (GPyOpt's option names in comments)."""

    name: str
    initial_points: int = 2  # initial_design_numdata
    initial_design: str = "random"  # initial_design_type: random, latin or sobol
    acquisition: str = "EI"  # acquisition_type
    jitter: float = 0.01  # acquisition_jitter
    exact_feval: bool = False  # True: a deterministic objective, the GP's noise fixed near 0
    model: str = "GP"  # model_type
    restarts: int = 5  # optimize_restarts of the GP hyper-parameters
    ard: bool = False  # one length-scale per latent dimension
    normalize_y: bool = True  # normalize_Y
    anchor_points: int = 5  # L-BFGS starts of the acquisition optimizer (GPyOpt's fixed 5)
    anchor_samples: int = 1000  # random points scored to pick those starts (GPyOpt's 1000)
    # Refinement (not GPyOpt's): a proposal that minimises the GP mean within refine_radius of
    # the best told point, instead of maximising the acquisition. The last `refine` proposals
    # of a run whose budget the optimizer knows are such, and every `refine_every`-th model
    # proposal (0: never).
    refine: int = 0
    refine_every: int = 0
    refine_radius: float = 0.5
    # The objective is known to hold known_quadratic * |t|^2 / 2 (weight 1: every objective of
    # this package, through its prior term): the GP models the rest, the acquisition adds it.
    known_quadratic: float = 0.0
    # The objective is nowhere below nll_prior(t) (true of -log p(target | t) + nll_prior(t)),
    # so only where nll_prior(t) < the best value can it improve. "constraint": GPyOpt's EI, 0
    # outside that ball; "ei": EI with the improvement capped by the floor; "none": ignored.
    floor: str = "none"
    # The fitted GP's predictions in plain NumPy instead of GPy's machinery: same numbers to
    # rounding, several times faster for the acquisition's L-BFGS (GPyOpt's Matern 5/2 GP).
    fast_predictions: bool = False
    # Search only where the prior N(0, I) has its mass (0: the whole box): the shell of radii
    # holding the central `prior_shell` of |t|'s distribution (latent.shell_radii). In d = 8 or 16
    # the objective's minimum lies near t = 0, inside that shell's hole, where decoded images are
    # blurred averages that the objective's classifier accepts and the judge does not.
    prior_shell: float = 0.0


BLOG = BOSettings("blog")  # the method's settings: what the reproduction notebook uses
BO_SETTINGS: dict[str, BOSettings] = {
    "blog": BLOG,
    # The settings study's winner (docs/bo-settings.md): the method's 2 random initial points,
    # exact evaluations, one warm-started GP fit per step, EI capped by the prior's floor, every
    # 5th proposal the GP mean's minimum near the best point, GP predictions in NumPy.
    "recommended": BOSettings("recommended", initial_points=2, exact_feval=True, restarts=1,
                              refine_every=5, floor="ei", fast_predictions=True),
    # The dimension study's winner for d > 2 (docs/dimensions): recommended, searching only the
    # shell that holds the central 80 % of the prior's mass, starting from 10 prior draws in it.
    "prior-shell": BOSettings("prior-shell", initial_points=10, initial_design="prior",
                              exact_feval=True, restarts=1, refine_every=5, floor="ei",
                              fast_predictions=True, prior_shell=0.8),
}
DEFAULT_SETTINGS: str = "recommended"  # the default in a 2-d latent space (the blog's)
HIGH_DIM_SETTINGS: str = "prior-shell"  # the default in more than 2 latent dimensions


def default_settings(dim: int) -> str:
    """The BO settings a run uses when none are named: by the latent space's dimension."""
    return DEFAULT_SETTINGS if dim <= 2 else HIGH_DIM_SETTINGS


def bo_settings(settings: "str | BOSettings") -> BOSettings:
    """A settings object from its name (one of BO_SETTINGS) or itself."""
    if isinstance(settings, BOSettings):
        return settings
    if settings not in BO_SETTINGS:
        raise ValueError(f"unknown BO settings {settings!r}; choose one of {', '.join(BO_SETTINGS)}")
    return BO_SETTINGS[settings]


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
    beta_1: float = 0.9  # Adam's defaults
    beta_2: float = 0.999
    epsilon: float = 1e-8


GRADIENT_SEARCH = GradientSearchConfig()


@dataclass(frozen=True)
class BenchmarkConfig:
    """Which runs the benchmark makes: every target and seed, BO with the method's iterations."""

    targets: tuple[int, ...] = tuple(range(NUM_CLASSES))
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    max_iter: int = OPTIMIZATION.max_iter
    top_k: int = 10  # the best samples whose judge verdicts give judge_top10_fraction
    output_dir: Path = Path("results") / "benchmark"


# The benchmark's methods: the package's own four, and other libraries' BO (the `peers` extra).
BENCHMARK_METHODS: tuple[str, ...] = ("bo", "random", "gradient", "cvae")
PEER_METHODS: tuple[str, ...] = ("skopt", "botorch")
ASKED_METHODS: tuple[str, ...] = ("prior",)  # run only when named (the dimension benchmark does)


@dataclass(frozen=True)
class PeerConfig:
    """A peer library's BO in the benchmark (vae_opt.benchmark.peers): the method's 2 random
    initial points, then its own GP and acquisition; raw_samples and restarts (BoTorch's
    optimize_acqf) are the values of BoTorch's tutorials."""

    initial_points: int = 2
    acquisition: str = "EI"
    raw_samples: int = 512
    restarts: int = 10


@dataclass(frozen=True)
class SettingsStudyConfig:
    """The settings study (vae_opt.benchmark.settings_study): every candidate at the method's
    budget of 2 initial points + 50 evaluations; regret within `within` nats counts as found."""

    budget: int = 2 + OPTIMIZATION.max_iter
    within: float = 0.5
    seeds: tuple[int, ...] = (0, 1)
    output_dir: Path = Path("docs") / "settings-study"


STUDY = SettingsStudyConfig()

SKOPT_PEER = PeerConfig()
BOTORCH_PEER = PeerConfig(acquisition="LogEI")

BENCHMARK = BenchmarkConfig()
# `--quick`: two targets, one seed, the full 50 iterations (a BO run takes about a second).
BENCHMARK_QUICK = BenchmarkConfig(targets=(4, 7), seeds=(0,), max_iter=OPTIMIZATION.max_iter)


@dataclass(frozen=True)
class DimensionBenchmarkConfig:
    """The benchmark by latent dimension (vae_opt.benchmark.dimensions): each d's softmax joint
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
    # The shell pilot (vae_opt.benchmark.shell_pilot): inner chi quantiles tried, on this many
    # prior draws per seed, seeds apart from the benchmark's.
    pilot_quantiles: tuple[float, ...] = (0.0, 0.01, 0.05, 0.1, 0.2)
    pilot_draws: int = 30_000
    pilot_seeds: tuple[int, ...] = (100, 101, 102)


DIMENSIONS = DimensionBenchmarkConfig()
# `--quick`: d = 2 and 8, one target and seed, small budgets: a smoke run of every step.
DIMENSIONS_QUICK = DimensionBenchmarkConfig(budgets=((2, 14), (8, 16)), targets=(4,), seeds=(0,),
                                            reference_starts=8, reference_steps=10)


# Molecules (vae_opt.molecules) ---------------------------------------------------------------


@dataclass(frozen=True)
class MoleculeConfig:
    """The molecule recipe: a seeded MOSES subset as SELFIES, the VAE with a joint property
    predictor (after Gomez-Bombarelli et al. 2016, adapted), and its objectives.

    The loss per molecule is the token cross-entropy summed over positions + beta * KL + lambda
    * MSE of the standardised properties, beta rising linearly from 0 to 1 over `kl_anneal_epochs`,
    each latent dimension's KL counted as at least `free_bits` nats.
    """

    subset_size: int = 50_000  # molecules drawn from MOSES train (seeded), before length filtering
    held_out: int = 5_000  # of those, kept out of training: validation, predictor R^2
    subset_seed: int = 0
    max_length: int = 50  # SELFIES tokens incl. padding (MOSES: at most 49 in 50,000); longer
    # molecules are dropped (counted in the model's JSON)
    latent_dim: int = 32
    embedding_dim: int = 64
    conv_filters: int = 128
    conv_kernel: int = 9
    gru_units: int = 256
    predictor_units: int = 128
    properties: tuple[str, ...] = ("qed", "penalized_logp")  # predicted jointly, standardised
    predictor_weight: float = 10.0  # lambda
    kl_anneal_epochs: int = 5
    free_bits: float = 0.5  # nats per latent dimension not penalised (against posterior collapse)
    token_dropout: float = 0.4  # word dropout of the teacher-forced decoder's previous tokens
    epochs: int = 20
    batch_size: int = 256
    learning_rate: float = 1e-3  # Adam
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

# BO for the 32-d molecule latent space, built from BOSettings' fields (not in BO_SETTINGS):
# the first `initial_points` evaluations are prior samples t ~ N(0, I) told to the optimizer
# (vae_opt.molecules.benchmark), not its uniform box design; then EI on a GP whose noise is fitted
# (exact_feval=False: argmax decoding makes the objective piecewise constant, with jumps), one
# isotropic Matern 5/2 length-scale (ARD's 32 would be slow to fit at 500 points), one restart.
MOLECULE_BO = BOSettings("molecules", initial_points=20, exact_feval=False, restarts=1)


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
