"""The MNIST demonstration's settings: shapes, the training recipe, the figures, gradient search."""

from __future__ import annotations

from dataclasses import dataclass

from vae_opt.optimization.adam import BETA_1, BETA_2, EPSILON

IMAGE_SHAPE: tuple[int, int, int] = (28, 28, 1)
NUM_CLASSES: int = 10
LATENT_DIM: int = 2
MNIST_TRAIN_SIZE: int = 60_000
MNIST_TEST_SIZE: int = 10_000

PREDICTOR_KINDS: tuple[str, ...] = ("off", "softmax", "linear")
# How p(target | t) is read: classifying the decoded image, or the joint predictor at t.
OBJECTIVES: tuple[str, ...] = ("decode-classify", "predictor")

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
