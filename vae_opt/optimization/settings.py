"""Settings of the Bayesian optimization: the options, the named presets, the one default, and
their resolution against what a problem declares (``space.Space``).

Settings say what to do *if* a problem has a structure (a floor, a prior shell, a known
quadratic); ``resolve`` switches off whatever the problem does not declare. Results and campaigns
store the resolved settings as a plain dict (``to_dict``), so any run can be continued.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

import numpy as np

from vae_opt.optimization.checks import check_choice, check_positive_int
from vae_opt.optimization.space import Space

DEFAULT_MAX_ITER: int = 50  # BO steps after the initial design (the method's)
ACQUISITIONS = ("EI", "MPI", "LCB")
MODELS = ("GP", "sparseGP", "warpedGP", "InputWarpedGP")
DESIGNS = ("random", "latin", "sobol", "prior")
FLOORS = ("none", "constraint", "ei")


@dataclass(frozen=True)
class BOSettings:
    """One named set of Bayesian-optimization settings (GPyOpt's option names in comments)."""

    name: str
    initial_points: int = 2  # initial_design_numdata
    initial_design: str = "random"  # initial_design_type: random, latin, sobol, or prior
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
    # Use the declared prior term w * nll_prior(t) as known (this factor times it): the GP
    # models the rest, the acquisition adds it back. Off for a problem that declares no prior.
    known_quadratic: float = 0.0
    # For a problem that declares f(t) >= w * nll_prior(t) (Space.floor): only where
    # w * nll_prior(t) < the best value can it improve. "constraint": GPyOpt's EI, 0 outside
    # that ball; "ei": EI with the improvement capped by the floor; "none": ignored.
    floor: str = "none"
    # The fitted GP's predictions in plain NumPy instead of GPy's machinery: same numbers to
    # rounding, several times faster for the acquisition's L-BFGS (GPyOpt's Matern 5/2 GP).
    fast_predictions: bool = False
    # For a problem that declares the prior (Space.prior_weight > 0), search only where N(0, I)
    # has its mass (0: the whole box): the shell holding the central `prior_shell` of |t|'s
    # distribution (prior.shell_radii). In d = 8 or 16 the MNIST objective's minimum lies near
    # t = 0, inside the shell's hole, where decoded images are blurred averages.
    prior_shell: float = 0.0

    def to_dict(self) -> dict:
        """Every field as a plain value."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "BOSettings":
        """The inverse of ``to_dict``; a ValueError naming unknown or missing fields."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown or "name" not in data:
            raise ValueError(f"BO settings need a name and take only {', '.join(sorted(known))}; "
                             f"got unknown {unknown}" if unknown else "BO settings need a name")
        return cls(**data)


BLOG = BOSettings("blog")  # the method's settings: only the blog reproduction uses them
BO_SETTINGS: dict[str, BOSettings] = {
    "blog": BLOG,
    # The settings study's winner (docs/bo-settings.md): the method's 2 random initial points,
    # exact evaluations, one warm-started GP fit per step, EI capped by the declared floor, every
    # 5th proposal the GP mean's minimum near the best point, GP predictions in NumPy.
    "recommended": BOSettings("recommended", initial_points=2, exact_feval=True, restarts=1,
                              refine_every=5, floor="ei", fast_predictions=True),
    # The dimension study's winner for d > 2 (docs/dimensions): recommended, searching only the
    # shell that holds the central 80 % of a declared prior's mass, from 10 prior draws in it.
    "prior-shell": BOSettings("prior-shell", initial_points=10, initial_design="prior",
                              exact_feval=True, restarts=1, refine_every=5, floor="ei",
                              fast_predictions=True, prior_shell=0.8),
}
DEFAULT_SETTINGS: str = "recommended"  # the default in 1 or 2 dimensions
HIGH_DIM_SETTINGS: str = "prior-shell"  # the default in more than 2 dimensions

# BO for the 32-d molecule latent space (not in BO_SETTINGS): 20 prior samples told to the
# optimizer (vae_opt.molecules.search), then EI on a GP whose noise is fitted (argmax decoding
# makes the objective piecewise constant), one isotropic length-scale, one restart.
MOLECULE_BO = BOSettings("molecules", initial_points=20, exact_feval=False, restarts=1)


def default_settings(dim: int) -> str:
    """The one default of every entry point (API, CLI, campaigns): by the dimension alone."""
    return DEFAULT_SETTINGS if dim <= 2 else HIGH_DIM_SETTINGS


def bo_settings(settings: "str | dict | BOSettings") -> BOSettings:
    """A settings object from its name (one of BO_SETTINGS), its dict (``to_dict``) or itself."""
    if isinstance(settings, BOSettings):
        return settings
    if isinstance(settings, dict):
        return BOSettings.from_dict(settings)
    if settings not in BO_SETTINGS:
        raise ValueError(f"unknown BO settings {settings!r}; choose one of {', '.join(BO_SETTINGS)}")
    return BO_SETTINGS[settings]


def check_settings(settings: "str | dict | BOSettings") -> BOSettings:
    """Settings by name, dict or object, every option checked against what GPyOpt offers."""
    settings = bo_settings(settings)
    check_positive_int(settings.initial_points, "initial_points")
    check_positive_int(settings.restarts, "restarts")
    check_choice(settings.initial_design, DESIGNS, "initial design")
    check_choice(settings.acquisition, ACQUISITIONS, "acquisition", hint="GPyOpt offers")
    check_choice(settings.model, MODELS, "model", hint="GPyOpt offers")
    if not settings.jitter >= 0:
        raise ValueError(f"jitter must be >= 0, got {settings.jitter!r}")
    check_positive_int(settings.anchor_points, "anchor_points")
    if check_positive_int(settings.anchor_samples, "anchor_samples") < settings.anchor_points:
        raise ValueError(f"anchor_samples ({settings.anchor_samples}) must be at least "
                         f"anchor_points ({settings.anchor_points}): the anchors are picked from them")
    for name in ("refine", "refine_every"):
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    if not np.isfinite(settings.known_quadratic):
        raise ValueError(f"known_quadratic must be a finite number, got {settings.known_quadratic!r}")
    check_choice(settings.floor, FLOORS, "floor")
    if settings.floor == "ei" and settings.acquisition != "EI":
        raise ValueError(f'floor="ei" is an expected improvement; it needs acquisition="EI", '
                         f"not {settings.acquisition!r}")
    if not (settings.prior_shell == 0 or 0 < settings.prior_shell < 1):
        raise ValueError(f"prior_shell must be 0 (the whole box) or a mass strictly between 0 "
                         f"and 1, got {settings.prior_shell!r}")
    if settings.initial_design == "prior" and not settings.prior_shell:
        raise ValueError('initial_design="prior" draws from the prior shell; set prior_shell too')
    if not settings.refine_radius > 0:
        raise ValueError(f"refine_radius must be > 0, got {settings.refine_radius!r}")
    return settings


def resolve(settings: "str | dict | BOSettings | None", space: Space) -> BOSettings:
    """The settings a run on `space` uses: the default for its dimension when None, checked,
    with every option that needs structure the space does not declare switched off (the floor
    without ``space.floor``; the prior shell, the prior design and the known quadratic without
    ``space.prior_weight``). Resolving resolved settings changes nothing."""
    settings = check_settings(default_settings(space.dim) if settings is None else settings)
    changes: dict = {}
    if not space.floor and settings.floor != "none":
        changes["floor"] = "none"
    if not space.has_prior:
        if settings.prior_shell:
            changes["prior_shell"] = 0.0
        if settings.initial_design == "prior":
            changes["initial_design"] = "random"
        if settings.known_quadratic:
            changes["known_quadratic"] = 0.0
    return replace(settings, **changes) if changes else settings
