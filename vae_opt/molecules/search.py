"""In-process searches (the molecule notebook's live comparison), each spending `evaluations`
measurements of a MoleculeObjective (whose ``records`` keep every decoded molecule in order):

* ``bo``: the method: prior samples t ~ N(0, I) as the initial design, told to the domain-free
  ``vae_opt.optimization.Optimizer``, then one EI proposal at a time (config.MOLECULE_BO);
* ``bo-narrow``: the same in the box [-2, 2]^32 instead of [-4, 4]^32: in 32 dimensions EI
  explores the far corners of the wide box (|t| ~ 10 against the prior's ~5.7), where the
  decoder has seen no data;
* ``random``: t ~ N(0, I), decoded and measured;
* ``gradient``: Adam (Kingma & Ba 2015) on the predictor's view -predicted property + w |t|^2/2
  from `starts` prior samples, every iterate decoded and measured (the predictor guides, RDKit
  measures).

The benchmark of record is the harness's suite ``molecules`` (vae_opt.molecules.suites:
``vae-opt bench molecules``), with GuacaMol's tasks and its own methods and peers.
"""

from __future__ import annotations

import numpy as np

from vae_opt.molecules.config import MOLECULES, MOLECULE_SEARCH
from vae_opt.optimization.settings import BOSettings, MOLECULE_BO
from vae_opt.molecules.objectives import MoleculeObjective, PredictorObjective, Record
from vae_opt.optimization.adam import adam_step

METHODS = ("bo", "bo-narrow", "random", "gradient")


def bo_search(objective: MoleculeObjective, evaluations: int, seed: int,
              settings: BOSettings = MOLECULE_BO,
              bounds: tuple[float, float] = MOLECULES.bounds) -> None:
    """Latent-space BO: settings.initial_points prior samples, then EI proposals."""
    from vae_opt.optimization import Optimizer  # GPy, through the optimizer

    optimizer = Optimizer(objective.latent_dim, bounds, settings, seed, budget=evaluations)
    n0 = min(settings.initial_points, evaluations)
    t0 = np.clip(np.random.default_rng([seed, 0]).standard_normal((n0, objective.latent_dim)),
                 *bounds)
    optimizer.tell(t0, objective(t0))
    while optimizer.n_proposed < evaluations:
        t = optimizer.ask(1)
        optimizer.tell(t, objective(t))


def random_search(objective: MoleculeObjective, evaluations: int, seed: int) -> None:
    """Prior samples, measured in one batch."""
    objective(np.random.default_rng([seed, 1]).standard_normal((evaluations,
                                                                  objective.latent_dim)))


def gradient_search(objective: MoleculeObjective, evaluations: int, seed: int,
                    starts: int = MOLECULE_SEARCH.gradient_starts,
                    learning_rate: float = MOLECULE_SEARCH.gradient_learning_rate,
                    bounds: tuple[float, float] = MOLECULES.bounds) -> None:
    """Adam on the predictor from `starts` prior samples; the starts and every iterate after
    them are measured (evaluations // starts points per start, the rest as one more step)."""
    guide = PredictorObjective(objective.model, objective.prop, objective.weight)
    t = np.random.default_rng([seed, 2]).standard_normal((starts, objective.latent_dim))
    m, v = np.zeros_like(t), np.zeros_like(t)
    spent, step = 0, 0
    while spent < evaluations:
        n = min(starts, evaluations - spent)
        objective(t[:n])
        spent += n
        step += 1
        _, gradient = guide.value_and_gradient(t)
        t, m, v = adam_step(t, gradient, m, v, step, learning_rate)
        t = np.clip(t, *bounds)


def best_so_far(records: list[Record], prop: str) -> np.ndarray:
    """The best value of `prop` after each record (an invalid molecule counts as -inf)."""
    values = np.array([r.values[prop] for r in records], dtype=np.float64)
    return np.fmax.accumulate(np.where(np.isnan(values), -np.inf, values))


def run_search(method: str, objective: MoleculeObjective, evaluations: int, seed: int) -> None:
    """Run one of METHODS; its measurements land in objective.records."""
    if method == "bo":
        bo_search(objective, evaluations, seed)
    elif method == "bo-narrow":
        bo_search(objective, evaluations, seed, bounds=MOLECULE_SEARCH.narrow_bounds)
    elif method == "random":
        random_search(objective, evaluations, seed)
    elif method == "gradient":
        gradient_search(objective, evaluations, seed)
    else:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
