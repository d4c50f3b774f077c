"""The MNIST benchmarks on the harness's protocol: a task is one target digit in one pretrained
model; the methods are BO (any candidate settings), uniform random search, prior draws,
gradient search, the conditional VAE and the peers (other libraries' BO).

A task scores latent points with the decode-and-classify objective (lower is better); an image
(a CVAE sample, which has no latent point) scores NaN. A method may leave its own ranking of its
candidates in ``oracle.notes["ranking"]`` (lower is better); ``describe`` then scores the run as
the benchmark always has: the best-ranked sample's judge and classifier verdicts, its objective
and regret, and the objective of the best-ranked sample so far after each call (the trace).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np

from vae_opt.bench.protocol import Oracle
from vae_opt.mnist.baselines import gradient_search, prior_search, random_search
from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.bench_config import BENCHMARK
from vae_opt.mnist.config import GRADIENT_SEARCH
from vae_opt.optimization.settings import bo_settings, default_settings
from vae_opt.mnist.evaluation import assigned_to
from vae_opt.mnist.bench_peers import SEARCHES
from vae_opt.mnist.networks.cvae import generate
from vae_opt.mnist.networks.vae import decode
from vae_opt.mnist.pretrained import Bundle


@dataclass
class DigitTask:
    """The decode-and-classify objective of `target` in `models` over [low, high]^d; `minimum`
    is the objective's reference minimum for regret (NaN: filled in by the report)."""

    name: str
    models: Bundle
    target: int
    minimum: float = float("nan")
    bounds: tuple[float, float] = OPTIMIZATION.bounds
    direction: str = "minimize"

    def __post_init__(self) -> None:
        self.objective = self.models.objective(self.target)
        self.dim = self.models.latent_dim

    def score(self, candidates: list) -> list[float]:
        """The objective at each latent point; NaN for an image."""
        points = [i for i, c in enumerate(candidates) if np.ndim(c) == 1]
        values = np.full(len(candidates), np.nan)
        if points:
            values[points] = self.objective(np.stack([candidates[i] for i in points]))[:, 0]
        return values.tolist()


class OracleObjective:
    """The task's objective seen through the oracle: each point is one call; the objective's
    declared structure (latent_dim, prior_weight, ...) is passed on to the optimizer."""

    def __init__(self, oracle: Oracle):
        self.oracle = oracle

    def __getattr__(self, name: str):
        return getattr(self.oracle.task.objective, name)

    def __call__(self, t: np.ndarray) -> np.ndarray:
        return np.asarray(self.oracle(list(np.atleast_2d(t))), dtype=np.float64)[:, None]


def bo_iterations(budget: int, settings) -> int:
    """BO's iterations in `budget` evaluations after its initial points; an error if none."""
    chosen = bo_settings(settings)
    if budget <= chosen.initial_points:
        raise ValueError(f"a budget of {budget} leaves BO ({chosen.name}) no iteration after its "
                         f"{chosen.initial_points} initial points")
    return budget - chosen.initial_points


@dataclass
class BO:
    """The package's BO; `settings` None: the default settings for the task's dimension."""

    name: str
    settings: object = None

    def run(self, oracle: Oracle, seed: int) -> None:
        task = oracle.task
        from vae_opt.optimization import optimize  # GPyOpt

        settings = self.settings or default_settings(task.dim)
        oracle.notes["settings"] = bo_settings(settings).name
        optimize(OracleObjective(oracle), bounds=task.bounds, seed=seed, settings=settings,
                 max_iter=bo_iterations(oracle.budget, settings))


@dataclass
class Search:
    """A latent-space search that takes (objective, n, dim, bounds, seed): random search, prior
    draws, or a peer library's BO."""

    name: str

    def run(self, oracle: Oracle, seed: int) -> None:
        task = oracle.task
        search = {"random": random_search, "prior": prior_search, **SEARCHES}[self.name]
        search(OracleObjective(oracle), oracle.budget, task.dim, task.bounds, seed)


class Gradient:
    """Adam on the predictor objective from GRADIENT_SEARCH.n_starts starts; its points are then
    scored by the task (ranked by the predictor objective, its own)."""

    name = "gradient"

    def run(self, oracle: Oracle, seed: int) -> None:
        task = oracle.task
        result = gradient_search(task.models.objective(task.target, "predictor"),
                                 task.models.predictor,
                                 steps=max(1, oracle.budget // GRADIENT_SEARCH.n_starts),
                                 bounds=task.bounds, seed=seed)
        oracle.notes.update(ranking=result.Y[:, 0].tolist(),
                            gradient_evaluations=result.settings.get("gradient_evaluations", 0))
        oracle(list(result.X))


class CVAE:
    """Images drawn from the conditional VAE given the target, ranked by the classifier."""

    name = "cvae"

    def run(self, oracle: Oracle, seed: int) -> None:
        task = oracle.task
        images = generate(task.models.cvae, task.target, oracle.budget, seed)
        probs = np.asarray(task.models.classifier(images, training=False))[:, task.target]
        oracle.notes["ranking"] = (-probs).tolist()
        oracle(list(images))


def best_so_far(ranking: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """After each evaluation, the score of the sample ranked best among those so far."""
    best = np.zeros(len(ranking), dtype=int)
    for i in range(1, len(ranking)):
        best[i] = i if ranking[i] < ranking[best[i - 1]] else best[i - 1]
    return scores[best]


def encode_image(image: np.ndarray) -> str:
    """A (28, 28, 1) image in [0, 1] as base64 of its 784 bytes (0-255)."""
    return base64.b64encode(np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)).decode()


def decode_image(text: str) -> np.ndarray:
    """The image encode_image wrote, as (28, 28, 1) floats."""
    return np.frombuffer(base64.b64decode(text), np.uint8).reshape(28, 28, 1) / 255.0


def describe(task: DigitTask, method, oracle: Oracle) -> dict:
    """The MNIST fields of a finished run: verdicts, objective and regret of the best-ranked
    sample, the first judged success, the trace and the best image."""
    candidates = [c.candidate for c in oracle.calls]
    scores = np.array([c.value for c in oracle.calls], dtype=float)
    images = (np.stack(candidates) if np.ndim(candidates[0]) == 3 else
              decode(task.models.decoder, np.stack(candidates)))
    ranking = np.asarray(oracle.notes.get("ranking", scores), dtype=float)[:len(scores)]
    judged = assigned_to(task.models.judge, images, task.target)
    classified = assigned_to(task.models.classifier, images, task.target)
    order = np.argsort(ranking, kind="stable")
    best = int(order[0])
    successes = np.flatnonzero(judged)
    best_successes = np.flatnonzero(best_so_far(ranking, judged.astype(float)))
    return {
        "target": task.target, "dim": task.dim, "settings": oracle.notes.get("settings", ""),
        "success_classifier": bool(classified[best]), "success_judge": bool(judged[best]),
        "judge_top10_fraction": float(np.mean(judged[order[:BENCHMARK.top_k]])),
        "best_objective": float(scores[best]), "regret": float(scores[best] - task.minimum),
        "evaluations_to_first_success": int(successes[0]) + 1 if len(successes) else None,
        "evaluations_to_success": int(best_successes[0]) + 1 if len(best_successes) else None,
        "n_evaluations": len(scores),
        "gradient_evaluations": oracle.notes.get("gradient_evaluations", 0),
        "trace": best_so_far(ranking, scores), "best_image": encode_image(images[best]),
    }
