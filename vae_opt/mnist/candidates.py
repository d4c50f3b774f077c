"""The candidate settings of the settings study, each one change away from a base.

``base`` is the first measurement of issue 10 (5 random initial points, exact_feval, one GP
restart). Every other candidate changes one thing (or combines changes that helped alone), so
that the study's table says what each change did. ``blog`` and ``recommended`` are the named
settings of vae_opt.optimization.settings.
"""

from __future__ import annotations

from dataclasses import fields, replace

from vae_opt.optimization.settings import BLOG, BOSettings, BO_SETTINGS

BASE = BOSettings("base", initial_points=5, exact_feval=True, restarts=1)


def _variants(base: BOSettings, changes: dict[str, dict]) -> dict[str, BOSettings]:
    return {name: replace(base, name=name, **change) for name, change in changes.items()}


FLOOR = replace(BASE, name="floor", floor="constraint")
EI = replace(BASE, name="ei", floor="ei")

CANDIDATES: dict[str, BOSettings] = {
    "blog": BLOG,
    "recommended": BO_SETTINGS["recommended"],
    "base": BASE,
    # Round 1: one change to `base` each.
    **_variants(BASE, {
        # the initial design
        "init-3": {"initial_points": 3},
        "init-8": {"initial_points": 8},
        "latin-5": {"initial_design": "latin"},
        "sobol-5": {"initial_design": "sobol"},
        "latin-8": {"initial_points": 8, "initial_design": "latin"},
        # the GP
        "restarts-5": {"restarts": 5},
        "noisy": {"exact_feval": False},
        "ard": {"ard": True},
        "raw-y": {"normalize_y": False},
        # the acquisition
        "jitter-0": {"jitter": 0.0},
        "jitter-0.1": {"jitter": 0.1},
        "lcb": {"acquisition": "LCB"},
        "mpi": {"acquisition": "MPI"},
        # the acquisition optimizer
        "anchors-1": {"anchor_points": 1},
        "anchors-2": {"anchor_points": 2},
        "anchors-10": {"anchor_points": 10},
        "samples-5000": {"anchor_samples": 5000},
        # refinement of the best point
        "refine-2": {"refine": 2},
        "refine-4": {"refine": 4},
        "refine-8": {"refine": 8},
        "refine-4-r0.25": {"refine": 4, "refine_radius": 0.25},
        "refine-4-r1": {"refine": 4, "refine_radius": 1.0},
        "every-3": {"refine_every": 3},
        "every-5": {"refine_every": 5},
        "every-10": {"refine_every": 10},
    }),
    # Round 2: the floor of the prior term, as GPyOpt's EI cut off outside the ball ("floor"),
    # and as EI with the improvement capped by the floor ("ei"); then one change to "ei" each.
    "floor": FLOOR,
    "ei": EI,
    **_variants(EI, {
        "ei-init-2": {"initial_points": 2},
        "ei-init-3": {"initial_points": 3},
        "ei-init-8": {"initial_points": 8},
        "ei-latin-5": {"initial_design": "latin"},
        "ei-restarts-5": {"restarts": 5},
        "ei-noisy": {"exact_feval": False},
        "ei-ard": {"ard": True},
        "ei-jitter-0": {"jitter": 0.0},
        "ei-jitter-0.1": {"jitter": 0.1},
        "ei-anchors-1": {"anchor_points": 1},
        "ei-anchors-2": {"anchor_points": 2},
        "ei-samples-200": {"anchor_samples": 200},
        "ei-refine-4": {"refine": 4},
        "ei-every-5": {"refine_every": 5},
        "ei-prior": {"known_quadratic": 1.0},
    }),
    # Round 3: "ei" with GP predictions in NumPy ("fast"), and the changes that helped it.
    **_variants(EI, {
        "fast": {"fast_predictions": True},
        "fast-anchors-2": {"fast_predictions": True, "anchor_points": 2},
        "fast-every-5": {"fast_predictions": True, "refine_every": 5},
        "fast-refine-4": {"fast_predictions": True, "refine": 4},
        "fast-every-5-anchors-2": {"fast_predictions": True, "refine_every": 5,
                                   "anchor_points": 2},
        "fast-every-5-jitter-0": {"fast_predictions": True, "refine_every": 5, "jitter": 0.0},
        "fast-every-5-init-2": {"fast_predictions": True, "refine_every": 5,
                                "initial_points": 2},
        "fast-every-5-init-2-anchors-2": {"fast_predictions": True, "refine_every": 5,
                                          "initial_points": 2, "anchor_points": 2},
        "fast-every-5-anchors-10": {"fast_predictions": True, "refine_every": 5,
                                    "anchor_points": 10},
        "fast-every-5-restarts-5": {"fast_predictions": True, "refine_every": 5, "restarts": 5},
    }),
    # The dimension study (d > 2, the mnist-dims suite): `prior-shell`, one change each.
    "prior-shell": BO_SETTINGS["prior-shell"],
    **_variants(BO_SETTINGS["prior-shell"], {
        "prior-shell-init-2": {"initial_points": 2},
        "prior-shell-ard": {"ard": True},
        "prior-shell-90": {"prior_shell": 0.9},
    }),
}


def describe(name: str) -> str:
    """What a candidate changes from `blog` (a peer library: its name)."""
    if name not in CANDIDATES:
        return f"not GPyOpt BO ({name})"
    settings = CANDIDATES[name]
    changed = [f"{f.name}={getattr(settings, f.name)}" for f in fields(BOSettings)
               if f.name != "name" and getattr(settings, f.name) != getattr(BLOG, f.name)]
    return ", ".join(changed) or "the method's (GPyOpt as the blog uses it)"
