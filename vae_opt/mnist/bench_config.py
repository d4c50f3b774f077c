"""Which runs the MNIST benchmarks make: methods, targets, seeds, budgets, peers, outputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.config import NUM_CLASSES

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
