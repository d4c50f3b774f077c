"""Campaigns: Bayesian optimization of a measurement made elsewhere, asked and told through a file.

``Campaign.create`` / ``Campaign.open`` a SQLite campaign file; ``ask`` proposes points, ``tell``
records what was measured, ``run`` measures in-process. `vae-opt campaign` is the console face.
"""

from vae_opt.campaign.campaign import Campaign, Point
from vae_opt.campaign.store import CampaignError

__all__ = ["Campaign", "CampaignError", "Point"]
