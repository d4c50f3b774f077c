"""Latent-space BO on the molecule suite, each move switchable for the ablation:

* ``warm_start``: the GP starts from the scored pool, its molecules encoded to t_mean (Tripp et
  al. 2020); off: from `initial_draws` decoded prior draws (the pool is still scored);
* ``region``: "trust" (TuRBO's box, as LOL-BO), "shell" (the prior shell) or "prior";
* ``batch``: points per iteration, chosen by Thompson sampling over `candidates` points;
* ``dedupe``: no oracle call spent twice on one molecule: a proposal that decodes to a known
  molecule is skipped for the next-ranked one, and the GP learns the known value at its t.

With ``retraining`` (vae_opt.molecules.retraining, Tripp et al. 2020) the VAE is fine-tuned on
every known molecule, rank-weighted, after each `retrain_every` calls; the data is then
re-encoded (points without a molecule dropped) and the GP and trust region start afresh.

A decode that is no molecule costs no call; the GP learns it at the worst value seen so far.
The trust region is centred on the best point known to decode to its own molecule (a pool
molecule whose t_mean decodes to another molecule is learned, but is no centre while such a
point exists); `diagnostics` says how many pool molecules were encoded and reconstructed.
Hyper-parameters are refitted every `refit_every` iterations on <= `fit_points` points, and the
GP conditions on at most `max_points` (those nearest the trust region's centre, else the best
half and the most recent half). `seconds_per_iteration` keeps the last run's timings.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Literal

import numpy as np

from vae_opt.bench.protocol import Oracle
from vae_opt.molecules.gp import GP
from vae_opt.molecules.ledger import Ledger
from vae_opt.molecules.pool import PoolSpec
from vae_opt.molecules.properties import canonical
from vae_opt.molecules.regions import TrustRegion, prior_candidates, prior_shell_candidates

Region = Literal["trust", "shell", "prior"]
REGIONS = ("trust", "shell", "prior")


@dataclass
class LatentBO:
    """Thompson-sampling BO over a VAE's latent space, from the shared starting pool."""

    load_model: Callable[[], object]
    pool: PoolSpec = field(default_factory=PoolSpec)
    warm_start: bool = True
    region: Region = "trust"
    batch: int = 10
    dedupe: bool = True
    candidates: int = 1000
    depth: int = 5
    refit_every: int = 10
    fit_points: int = 300
    max_points: int = 1000
    initial_draws: int = 20
    max_idle_iterations: int = 30
    retraining: object | None = None
    retrain_every: int = 50
    name: str = "bo"
    seconds_per_iteration: list[float] = field(default_factory=list)
    diagnostics: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.region not in REGIONS:
            raise ValueError(f"unknown region {self.region!r}; choose one of {', '.join(REGIONS)}")

    def run(self, oracle: Oracle, seed: int) -> None:
        model = self.retraining.load() if self.retraining else self.load_model()
        ledger = Ledger(oracle, dedupe=self.dedupe)
        scored = self.pool.score(ledger, seed)
        rng = np.random.default_rng([seed, 4])
        self.diagnostics = {"pool_encoded": 0, "pool_reconstructed": 0, "retrainings": 0}
        self._reset(model.latent_dim)
        if self.warm_start:
            n_own = self._encode(model, scored)
            self.diagnostics.update(pool_encoded=len(self._y), pool_reconstructed=n_own)
        if len(self._y) < 2:
            t0 = prior_candidates(model.latent_dim, self.initial_draws, rng)
            self._learn(t0, ledger.score(model.decode(t0)))
        gp = GP(model.latent_dim, fit_points=self.fit_points)
        region = TrustRegion(model.latent_dim, self.batch)
        self.seconds_per_iteration, idle, iteration = [], 0, 0
        last_retrain, fitted_at = oracle.left, None
        while ledger.left > 0 and idle < self.max_idle_iterations and len(self._y) >= 2:
            start = time.perf_counter()
            if self.retraining and last_retrain - oracle.left >= self.retrain_every:
                gp, region = self._retrain(model, ledger, rng)
                last_retrain, fitted_at = oracle.left, None
            center = self._center()
            if fitted_at is None or iteration - fitted_at >= self.refit_every:
                fitted_at = iteration
                gp.fit(self._t, self._y, rng)
            gp.condition(*self._training_set(center))
            t = self._propose(region, gp, center, rng, model.latent_dim)
            best = self._best_own()
            n_new = self._score(model, ledger, t)
            region.update(self._best_own() > best + 1e-3 * abs(best), found_new=n_new > 0)
            idle = 0 if n_new else idle + 1
            iteration += 1
            self.seconds_per_iteration.append(time.perf_counter() - start)
        self.diagnostics.update(iterations=iteration, restarts=region.restarts)

    def _retrain(self, model, ledger: Ledger, rng: np.random.Generator) -> tuple[GP, TrustRegion]:
        """Fine-tune the VAE on every known molecule (rank-weighted), re-encode them, and start a
        new GP and trust region on the new latent space."""
        self.retraining.fine_tune(model, list(ledger.known), list(ledger.known.values()), rng)
        self._reset(model.latent_dim)
        self._encode(model, ledger.known)
        self.diagnostics["retrainings"] += 1
        return (GP(model.latent_dim, fit_points=self.fit_points),
                TrustRegion(model.latent_dim, self.batch))

    def _reset(self, dim: int) -> None:
        """Forget every (t, value) pair, e.g. after the VAE was retrained."""
        self._t, self._y = np.zeros((0, dim)), np.zeros(0)
        self._own = np.zeros(0, dtype=bool)

    def _encode(self, model, scored: dict[str, float], check: int = 100) -> int:
        """Learn scored molecules at their t_mean; whether t_mean decodes back to the molecule is
        checked for the `check` best (the trust region's centre is among them); returns how many
        of those do."""
        smiles = model.encodable(list(scored))
        if not smiles:
            return 0
        t_mean = model.encode(smiles)
        values = np.array([scored[s] for s in smiles])
        own = np.zeros(len(smiles), bool)
        best = np.argsort(-values)[:check]
        own[best] = [canonical(d) == smiles[i] for d, i in zip(model.decode(t_mean[best]), best)]
        self._learn(t_mean, values, own)
        return int(own.sum())

    def _own_values(self) -> np.ndarray:
        """Values of points known to decode to their own molecule (all values when none is)."""
        return np.where(self._own, self._y, -np.inf) if self._own.any() else self._y

    def _center(self) -> np.ndarray:
        """The trust region's centre: the best point known to decode to its own molecule."""
        return self._t[np.argmax(self._own_values())]

    def _best_own(self) -> float:
        return float(self._own_values().max())

    def _learn(self, t: np.ndarray, values, own=None) -> None:
        """Add (t, value) pairs; a None value (no molecule) becomes the worst value seen; `own`:
        whether each t decodes to the molecule of its value (True by default)."""
        values = [np.nan if v is None else float(v) for v in values]
        own = np.ones(len(values), bool) if own is None else np.asarray(own, bool)
        self._own = np.concatenate([self._own, own])
        y = np.concatenate([self._y, values])
        floor = np.nanmin(y) if np.isfinite(y).any() else 0.0
        self._t = np.concatenate([self._t, np.asarray(t, float).reshape(len(values), -1)])
        self._y = np.where(np.isnan(y), floor, y)

    def _training_set(self, center: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """At most max_points of the data the GP conditions on."""
        n = len(self._y)
        if n <= self.max_points:
            return self._t, self._y
        if self.region == "trust":
            keep = np.argsort(np.linalg.norm(self._t - center, axis=1))[:self.max_points]
        else:
            best = np.argsort(-self._y)[:self.max_points // 2]
            recent = np.setdiff1d(np.arange(n), best)[-(self.max_points - len(best)):]
            keep = np.concatenate([best, recent])
        return self._t[keep], self._y[keep]

    def _propose(self, region: TrustRegion, gp: GP, center: np.ndarray,
                 rng: np.random.Generator, dim: int) -> np.ndarray:
        """Candidates ranked by each of `batch` Thompson samples: (batch, depth, dim)."""
        if self.region == "trust":
            pool = region.candidates(center, gp.lengthscales, self.candidates, rng)
        elif self.region == "shell":
            top = self._t[np.argsort(-self._y)[:10]]
            pool = prior_shell_candidates(top, self.candidates, rng)
        else:
            pool = prior_candidates(dim, self.candidates, rng)
        samples = gp.thompson(pool, self.batch, rng)
        ranked = np.argsort(-samples, axis=1)[:, :self.depth]
        return pool[ranked]

    def _score(self, model, ledger: Ledger, t: np.ndarray) -> int:
        """Pick, per Thompson sample, its best-ranked candidate that decodes to a molecule not yet
        scored nor picked; score the picks; the GP learns every top-ranked candidate's value."""
        batch, depth, dim = t.shape
        smiles = np.array(model.decode(t.reshape(-1, dim)), dtype=object).reshape(batch, depth)
        keys = np.vectorize(canonical, otypes=[object])(smiles)
        picked_t, picked, learned_t, learned = [], [], [], []
        for j in range(batch):
            for r in range(depth):
                key = keys[j, r]
                if key and ledger.is_new(key) and (not self.dedupe or key not in picked):
                    picked_t.append(t[j, r])
                    picked.append(key)
                    break
                if r == 0:  # the sample's favourite: the GP learns its known value (or floor)
                    learned_t.append(t[j, 0])
                    learned.append(ledger.known.get(key) if key else None)
        picked, picked_t = picked[:ledger.left], picked_t[:ledger.left]
        values = ledger.score(picked) if picked else []
        if learned:
            self._learn(np.array(learned_t), learned)
        if picked:
            self._learn(np.array(picked_t), values)
        return len(picked)
