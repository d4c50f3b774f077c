"""The optimization core: Bayesian optimization over a box, knowing nothing of digits or models.

A problem enters only through the objective it builds. ``Optimizer`` is the ask/tell interface
(for measurements made elsewhere, e.g. a campaign); ``optimize`` is the in-process loop.
"""

from vae_opt.config import BO_SETTINGS, BOSettings, bo_settings
from vae_opt.optimization.loop import Objective, evaluate, optimize, optimizer_after
from vae_opt.optimization.optimizer import Optimizer, check_settings
from vae_opt.optimization.result import OptimizationResult

__all__ = ["BO_SETTINGS", "BOSettings", "Objective", "OptimizationResult", "Optimizer",
           "bo_settings", "check_settings", "evaluate", "optimize", "optimizer_after"]
