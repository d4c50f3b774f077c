"""Ask/tell Bayesian optimization over a box, knowing nothing of the problem behind the values.

The interface follows scikit-optimize's ``Optimizer`` (the engine is GPyOpt): ``ask`` proposes points, ``tell`` records what
they measured. A proposal is a function of the seed, the settings and the history alone (told
points, pending points, failed points), so that a campaign reopened from its file proposes what
an uninterrupted one would have.

* The first ``settings.initial_points`` proposals come from the initial design; while fewer
  values than that are told, further proposals are uniform random points.
* Afterwards a GP is fitted to the told values and the acquisition picks the next point; a
  batch of n > 1 uses local penalization (Gonzalez et al., 2016). Each fit starts from the
  hyper-parameters of this optimizer's previous fit (``gp_params``), as GPyOpt's own loop does;
  an optimizer rebuilt from a file starts its first fit from GPyOpt's defaults.
* Pending points (asked, not yet told) enter the GP as fantasies at its posterior mean
  ("kriging believer"), so asking twice without telling gives different points.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import qmc

from vae_opt.optimization import gpyopt_additions as additions
from vae_opt.optimization import gpyopt_backend as backend
from vae_opt.optimization.checks import check_points, check_positive_int, check_seed
from vae_opt.optimization.prior import project_to_shell, sample_shell, shell_radii
from vae_opt.optimization.settings import BOSettings, check_settings, resolve  # noqa: F401
from vae_opt.optimization.space import DEFAULT_BOUNDS, Space


def initial_design(kind: str, n: int, dim: int, bounds: tuple[float, float], seed: int,
                   shell: tuple[float, float] | None = None) -> np.ndarray:
    """n points of the box [low, high]^dim: uniform random, Latin hypercube, scrambled Sobol, or
    "prior": draws of N(0, I) inside the shell of radii `shell` (and the box).

    "random" draws one axis after the other from ``RandomState(seed)``, as GPyOpt's own random
    design does after ``np.random.seed(seed)``: the method's runs start where GPyOpt's did.
    """
    low, high = bounds
    if kind == "prior":
        if shell is None:
            raise ValueError('the "prior" design needs the shell radii (settings.prior_shell)')
        box = (np.full(dim, low), np.full(dim, high))
        return sample_shell(n, dim, shell, np.random.default_rng([seed, 2]), box)
    if kind == "random":
        state = np.random.RandomState(seed)
        return np.column_stack([state.uniform(low, high, n) for _ in range(dim)])
    rng = np.random.default_rng(seed)
    sampler = (qmc.LatinHypercube(dim, seed=rng) if kind == "latin"
               else qmc.Sobol(dim, scramble=True, seed=rng))
    return low + (high - low) * sampler.random(n)


class Optimizer:
    """Bayesian optimization of an unknown function over [low, high]^dim, to be minimised.

    >>> opt = Optimizer(dim=2, seed=0)
    >>> t = opt.ask()            # (1, 2)
    >>> opt.tell(t, f(t))        # any measurement, made anywhere

    The problem is a dimension and ``bounds`` (a box that declares nothing), or a ``Space``
    (given as ``space=`` or in place of ``dim``) with the structure the objective declares.
    ``settings`` default to ``settings.default_settings(dim)`` and are resolved against the
    space (``settings.resolve``): ``self.settings`` is what runs.
    """

    def __init__(self, dim: "int | Space | None" = None,
                 bounds: tuple[float, float] | None = None,
                 settings: "str | dict | BOSettings | None" = None, seed: int = 0,
                 budget: int | None = None, *, space: Space | None = None):
        if isinstance(dim, Space):
            dim, space = None, dim
        if space is None:
            space = Space(dim, DEFAULT_BOUNDS if bounds is None else bounds)
        elif (dim is not None and dim != space.dim) or (
                bounds is not None and tuple(map(float, bounds)) != space.bounds):
            raise ValueError("give dim and bounds in the Space, not beside it")
        self.space = space
        self.dim, self.bounds = space.dim, space.bounds
        # The evaluations the run will make, when known: settings.refine spends the last ones.
        self.budget = None if budget is None else check_positive_int(budget, "budget")
        self.settings = resolve(settings, space)
        self.seed = check_seed(seed)
        self.X = np.zeros((0, self.dim))
        self.Y = np.zeros((0, 1))
        self.pending = np.zeros((0, self.dim))
        self.failed = np.zeros((0, self.dim))
        self.gp_params: np.ndarray | None = None
        # Where proposals may go besides the box: the prior's shell, or None (the whole box).
        self.shell = shell_radii(self.dim, self.settings.prior_shell) if self.settings.prior_shell \
            else None

    # --- what has happened -----------------------------------------------------------------

    @property
    def n_proposed(self) -> int:
        """Points proposed or recorded so far: told, pending and failed."""
        return len(self.X) + len(self.pending) + len(self.failed)

    def _in_box(self, t) -> np.ndarray:
        """Points (n, dim) inside the box (to 1e-9 of its width), or a ValueError naming one."""
        t = check_points(t, self.dim)
        low, high = self.bounds
        slack = 1e-9 * (high - low)
        outside = np.flatnonzero(np.any((t < low - slack) | (t > high + slack), axis=1))
        if len(outside):
            raise ValueError(f"t = {np.round(t[outside[0]], 4).tolist()} lies outside the box "
                             f"[{low:g}, {high:g}]^{self.dim} of this optimizer; tell only points "
                             "inside it (those ask proposes are)")
        return t

    def tell(self, t, y) -> None:
        """Record measured values y (n,) or (n, 1) at points t (n, dim); they stop being pending.

        Non-finite values are refused: a NaN would become the GP's "best" point. Record a
        failed measurement with ``fail`` instead. Points outside the box are refused, not
        clipped: a clipped point would carry a value measured elsewhere.
        """
        t = self._in_box(t)
        y = np.asarray(y, dtype=np.float64).reshape(-1, 1) if np.size(y) else np.zeros((0, 1))
        if len(y) != len(t):
            raise ValueError(f"got {len(y)} value(s) for {len(t)} point(s); tell one value per point")
        bad = np.flatnonzero(~np.isfinite(y[:, 0]))
        if len(bad):
            i = bad[0]
            raise ValueError(f"value {y[i, 0]} at t = {np.round(t[i], 4).tolist()} is not a finite "
                             "number; record a failed measurement with fail() instead")
        self._drop_pending(t)
        self.X, self.Y = np.vstack([self.X, t]), np.vstack([self.Y, y])

    def fail(self, t) -> None:
        """Record points whose measurement failed: never fitted, never proposed as pending."""
        t = self._in_box(t)
        self._drop_pending(t)
        self.failed = np.vstack([self.failed, t])

    def add_pending(self, t) -> None:
        """Record points asked elsewhere (e.g. by another process) and not yet told."""
        self.pending = np.vstack([self.pending, self._in_box(t)])

    def _drop_pending(self, t: np.ndarray) -> None:
        for point in t:
            same = np.flatnonzero(np.all(self.pending == point, axis=1))
            if len(same):
                self.pending = np.delete(self.pending, same[0], axis=0)

    # --- proposals ---------------------------------------------------------------------------

    def _seed_for(self, stream: int) -> int:
        """A seed derived from (seed, history length, stream): one per proposal, reproducible."""
        key = [self.seed, len(self.X), len(self.pending), len(self.failed), stream]
        return int(np.random.SeedSequence(key).generate_state(1)[0])

    def _design(self, n: int) -> np.ndarray:
        """The next n points of the design stream: the initial design, then uniform points."""
        first = self.n_proposed
        design = initial_design(self.settings.initial_design, self.settings.initial_points,
                                self.dim, self.bounds, self.seed, self.shell)
        missing, rng = max(0, first + n - len(design)), np.random.default_rng([self.seed, 1])
        box = (np.full(self.dim, self.bounds[0]), np.full(self.dim, self.bounds[1]))
        extra = (sample_shell(missing, self.dim, self.shell, rng, box) if self.shell else
                 rng.uniform(*self.bounds, size=(missing, self.dim)))
        return np.vstack([design, extra])[first:first + n]

    def ask(self, n: int = 1) -> np.ndarray:
        """n new points (n, dim) to measure next; they are pending until told or failed."""
        n = check_positive_int(n, "n")
        if len(self.X) < self.settings.initial_points:
            t = self._design(n)
        else:
            with backend.global_seed(self._seed_for(0)):
                bo = self.model(n)
                t = self._refined(bo) if n == 1 and self._refining() else None
                t = backend.propose(bo, n) if t is None else t
        t = np.clip(t, *self.bounds)
        if self.shell is not None:  # a proposal on the shell's edge may be a rounding outside
            t = np.clip(project_to_shell(t, self.shell), *self.bounds)
        self.add_pending(t)
        return t

    def _refining(self) -> bool:
        """Whether the next single proposal refines the best point (settings.refine*)."""
        s, n = self.settings, self.n_proposed
        if s.refine and self.budget is not None and n >= self.budget - s.refine:
            return True
        return bool(s.refine_every) and (n - s.initial_points + 1) % s.refine_every == 0

    def _refined(self, bo) -> np.ndarray | None:
        """The GP mean's minimiser near the best told point, or None (then: the acquisition)."""
        center, _ = self.best()
        return additions.minimise_mean(bo, center, self.settings.refine_radius, self.bounds,
                                       np.vstack([self.X, self.pending]), shell=self.shell)

    def model(self, batch: int = 1):
        """The GPyOpt optimizer fitted to the told values and to pending fantasies."""
        if len(self.X) == 0:
            raise ValueError("no told values yet: tell at least one before fitting the model")
        with backend.global_seed(self._seed_for(1)):
            X, Y = self.X, self.Y
            if len(self.pending):
                told = backend.fitted(X, Y, self.bounds, self.settings, warm=self.gp_params,
                                      prior_weight=self.space.prior_weight)
                believed, _ = backend.posterior(told, self.pending)
                X, Y = np.vstack([X, self.pending]), np.vstack([Y, believed[:, None]])
            bo = backend.fitted(X, Y, self.bounds, self.settings, batch, warm=self.gp_params,
                                shell=self.shell, prior_weight=self.space.prior_weight)
            self.gp_params = backend.gp_parameters(bo)
            return bo

    def best(self) -> tuple[np.ndarray, float]:
        """The told point with the lowest value, and that value."""
        if len(self.Y) == 0:
            raise ValueError("no told values yet")
        i = int(np.argmin(self.Y[:, 0]))
        return self.X[i], float(self.Y[i, 0])
