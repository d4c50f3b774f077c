"""Every setting of the method in one place: shapes, training recipe, BO defaults, paths."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

IMAGE_SHAPE: tuple[int, int, int] = (28, 28, 1)
NUM_CLASSES: int = 10
LATENT_DIM: int = 2

PREDICTOR_KINDS: tuple[str, ...] = ("off", "softmax", "linear")
MODEL_KINDS: tuple[str, ...] = ("off", "softmax", "linear", "classifier", "judge", "cvae")

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
    validation_split: float = 0.0


TRAINING = TrainingConfig()


@dataclass(frozen=True)
class OptimizationConfig:
    """The Bayesian-optimization settings of the method (GPyOpt names in comments)."""

    bounds: tuple[float, float] = (-4.0, 4.0)
    max_iter: int = 50
    initial_points: int = 2  # initial_design_numdata
    acquisition: str = "EI"  # acquisition_type
    jitter: float = 0.01  # acquisition_jitter
    exact_feval: bool = False
    model: str = "GP"  # model_type


OPTIMIZATION = OptimizationConfig()

# Dense grid for figures (80 x 80) and for the benchmark's objective minimum (0.05 spacing).
FIGURE_GRID_SIZE: int = 80
REGRET_GRID_SPACING: float = 0.05

REPO_ROOT: Path = Path(__file__).resolve().parent.parent
MODELS_DIR: Path = Path(os.environ.get("VAE_OPT_MODELS", REPO_ROOT / "models" / "vae-opt"))

MODEL_FILES: dict[str, str] = {
    "off": "vae-predictor-off.h5",
    "softmax": "vae-predictor-softmax.h5",
    "linear": "vae-predictor-linear.h5",
    "classifier": "classifier.h5",
    "judge": "judge.h5",
    "cvae": "cvae.h5",
}


def model_path(kind: str) -> Path:
    """Path of the pretrained model of `kind` (one of MODEL_KINDS) in MODELS_DIR."""
    if kind not in MODEL_FILES:
        raise ValueError(f"unknown model kind {kind!r}; choose one of {', '.join(MODEL_FILES)}")
    return MODELS_DIR / MODEL_FILES[kind]

# Seed of each committed model; the judge has its own so that it shares nothing with the classifier.
TRAINING_SEEDS: dict[str, int] = {
    "off": 0, "softmax": 0, "linear": 0, "classifier": 0, "judge": 1, "cvae": 0,
}


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


BENCHMARK = BenchmarkConfig()
# `--quick`: two targets, one seed, 10 BO iterations: a smoke test of the whole pipeline.
BENCHMARK_QUICK = BenchmarkConfig(targets=(4, 7), seeds=(0,), max_iter=10)
