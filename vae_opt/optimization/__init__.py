"""The optimization core: Bayesian optimization over a box, knowing nothing of digits or models.

A problem enters only through the objective it builds and the space it declares
(``Space``: bounds, dimension, a prior term). ``Optimizer`` is the ask/tell interface (for
measurements made elsewhere, e.g. a campaign); ``optimize`` is the in-process loop. This
package imports nothing else of vae_opt (a test holds it to that). Names are imported on first
use, so that ``vae_opt.optimization.settings`` loads without GPyOpt's machinery.
"""

import importlib

_PUBLIC = {
    "BO_SETTINGS": "settings", "BOSettings": "settings", "bo_settings": "settings",
    "check_settings": "settings", "default_settings": "settings", "resolve": "settings",
    "Space": "space", "Objective": "loop", "evaluate": "loop", "optimize": "loop",
    "optimizer_after": "loop", "Optimizer": "optimizer", "OptimizationResult": "result",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(f"{__name__}.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
