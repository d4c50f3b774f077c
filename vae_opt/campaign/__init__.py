"""Campaigns: Bayesian optimization of a measurement made elsewhere, asked and told through a file.

``Campaign.create`` / ``Campaign.open`` a SQLite campaign file; ``ask`` proposes points, ``tell``
records what was measured, ``run`` measures in-process. `vae-opt campaign` is the console face.

Names are imported on first use, so that `vae-opt campaign ...` builds its parser, and `tell`,
`show` and `export` run, without the optimizer's libraries.
"""

import importlib

_PUBLIC = {"Campaign": "vae_opt.campaign.campaign", "Point": "vae_opt.campaign.campaign",
           "CampaignError": "vae_opt.campaign.store"}

__all__ = ["Campaign", "CampaignError", "Point"]


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'vae_opt.campaign' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
