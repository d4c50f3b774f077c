"""How well does the method work? BO against random search, gradient search and a conditional VAE.

``runner`` runs every method at the same budget and scores it; ``report`` writes the tables.
"""

from vae_opt.benchmark.report import write_outputs
from vae_opt.benchmark.runner import METHODS, Run, run_benchmark

__all__ = ["METHODS", "Run", "run_benchmark", "write_outputs"]
