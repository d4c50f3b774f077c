"""The slow parts of the page, computed in the dashboard's worker thread: the surrogate over a
2-d box (GP posterior mean and acquisition, the GP rebuilt from the file as the next ``ask``
fits it) and the best told points as their domain shows them (images, or HTML cells).

Nothing here raises: a failure becomes a note on the page, and the server goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vae_opt.campaign import Campaign, CampaignError
from vae_opt.campaign.dashboard import DashboardConfig
from vae_opt.domain import get_domain


@dataclass(frozen=True)
class Extras:
    """What the worker computed for one version: surrogate grids and decoded samples."""

    version: int
    surrogate: dict | None = None  # x0, y0, size, mean (2-d array), acquisition, name
    surrogate_note: str = ""
    samples: list[dict] = field(default_factory=list)  # id, value, loss, image | html
    samples_note: str = ""


def surrogate_grid(campaign: Campaign, size: int) -> dict:
    """The GP's posterior mean of the loss and the acquisition on a size x size grid (2-d)."""
    from vae_opt.optimization import gpyopt_backend as backend  # GPyOpt: only for the surrogate

    low, high = campaign.settings.bounds
    axis = np.linspace(low, high, size)
    t1, t2 = np.meshgrid(axis, axis)  # rows: t2, columns: t1 (an image's layout)
    grid = np.column_stack([t1.ravel(), t2.ravel()])
    model = campaign.optimizer().model()
    mean, _ = backend.posterior(model, grid)
    acquisition = backend.acquisition(model, grid)
    return {"x0": low, "width": high - low, "mean": mean.reshape(size, size),
            "acquisition": acquisition.reshape(size, size),
            "name": campaign.settings.bo.acquisition}


def best_points(campaign: Campaign, n: int) -> list[tuple]:
    """The n told points of lowest loss, best first, as (point, loss)."""
    told = campaign.points("told")
    loss = campaign.loss(told)
    order = np.argsort(loss, kind="stable")[:n]
    return [(told[i], float(loss[i])) for i in order]


def decoded_samples(campaign: Campaign, chosen: list[tuple], models: dict) -> list[dict]:
    """The chosen (point, loss) pairs as the campaign's domain shows them, with id, value and
    loss; `models` caches the domain's model by campaign path."""
    key = str(campaign.path)
    if key not in models:
        models[key] = campaign.model()
    shown = get_domain(campaign.settings.domain).show(
        models[key], np.array([p.t for p, _ in chosen], dtype=np.float64))
    return [dict(cell, id=p.id, value=p.value, loss=loss) for (p, loss), cell in zip(chosen, shown)]


def compute_extras(path: str | Path, version: int, config: DashboardConfig,
                   models: dict) -> Extras:
    """The Extras of the file as it is now (labelled `version`); `models` caches decoders."""
    try:
        with Campaign.open(path) as campaign:
            return _extras(campaign, version, config, models)
    except Exception as error:  # the page shows it; the server must go on
        return Extras(version=version, surrogate_note=f"cannot read {path}: {error}")


def _extras(campaign: Campaign, version: int, config: DashboardConfig, models: dict) -> Extras:
    n_told = campaign.counts()["told"]
    surrogate, surrogate_note = None, ""
    if campaign.settings.dim != 2:
        surrogate_note = (f"the latent space is {campaign.settings.dim}-d: the surrogate is "
                          "drawn for d = 2 only")
    elif n_told == 0:
        surrogate_note = "no told value yet: the surrogate appears after the first tell"
    elif n_told > config.surrogate_max_told:
        surrogate_note = (f"{n_told} told values: the GP is not refitted here beyond "
                          f"{config.surrogate_max_told}")
    else:
        try:
            surrogate = surrogate_grid(campaign, config.grid_size)
            surrogate_note = f"the GP as the next ask fits it ({n_told} told values)"
        except Exception as error:
            surrogate_note = f"the surrogate could not be fitted: {error}"
    samples, samples_note = [], ""
    chosen = best_points(campaign, config.n_samples)
    if campaign.settings.domain is None:
        samples_note = "the campaign is a bare box (no domain): its points cannot be decoded"
    elif not chosen:
        samples_note = "no told value yet"
    else:
        try:
            samples = decoded_samples(campaign, chosen, models)
        except (CampaignError, ImportError, OSError, ValueError) as error:
            samples_note = f"the samples could not be decoded: {error}"
    return Extras(version=version, surrogate=surrogate, surrogate_note=surrogate_note,
                  samples=samples, samples_note=samples_note)
