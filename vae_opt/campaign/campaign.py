"""A campaign: Bayesian optimization of a measurement made outside this process, kept in a file.

``ask`` proposes points and records them as pending; ``tell`` records what the lab measured,
hours later, in any order, from any process. The optimizer is never kept between calls: each
``ask`` rebuilds it from the file by replaying the history (told points in the order they were
told, then failed points, then pending points in id order) and restoring the GP hyper-parameters
its latest ask left (the next fit starts from them), so a reopened campaign proposes what an
uninterrupted one would have, and two processes never disagree about the state.

The optimizer minimises ``loss(t) = s * value + w * nll_prior(t)`` (s = -1 with ``maximize``);
the file keeps the raw measured values.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import numpy as np

from vae_opt.campaign import loop, store
from vae_opt.campaign.settings import (CampaignSettings, check_attributes, check_batch, check_id,
                                       check_prior_weight, check_value, domain_defaults,
                                       loss_space)
from vae_opt.campaign.records import Point, check_tellable, writing
from vae_opt.campaign.store import CampaignError
from vae_opt.config import OPTIMIZATION
from vae_opt.optimization.prior import nll_prior
from vae_opt.optimization.settings import BOSettings, resolve
from vae_opt.domain import DomainError, LatentModel, get_domain
from vae_opt.validation import check_bounds, check_choice, check_positive_int, check_seed

if TYPE_CHECKING:
    from vae_opt.optimization import Optimizer

GP_PARAMS = "gp_params"  # the optimizer's GP hyper-parameters, the next fit's starting point


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class Campaign:
    """A campaign file opened for use; see the module's docstring. Create or open, don't init."""

    def __init__(self, path: "Path | str", connection, settings: CampaignSettings):
        self.path, self._connection, self.settings = path, connection, settings  # path or URL

    @property
    def name(self) -> str:
        """The file's name, or the name of a campaign in a database."""
        return self.path.name if isinstance(self.path, Path) else self._connection.url.campaign

    # --- files -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, *, dim: int | None = None,
               bounds: tuple[float, float] = OPTIMIZATION.bounds, seed: int = 0,
               settings: "str | BOSettings | None" = None,
               prior_weight: float | None = None, maximize: bool = False,
               nll_values: bool | None = None, domain: str | None = None,
               attributes: dict | None = None, force: bool = False) -> "Campaign":
        """Write a new campaign file (or ``postgresql://...?campaign=NAME``) at `path` (replacing
        one only with ``force``) and open it.

        With a `domain` (a name, vae_opt.domain), `attributes` are that domain's options (model
        files, ...), which it checks and records; `dim` defaults to its model's, `prior_weight`
        to its suggestion, `nll_values` to what it declares of its values. Without one, the
        campaign searches a bare box of `dim` dimensions and stores `attributes` as given.
        ``settings`` default to the domain's, else the one default for the dimension
        (``optimization.settings.default_settings``); the file stores them resolved against
        the space the loss declares (``CampaignSettings.space``).
        """
        try:
            seed = check_seed(seed)
            bounds = check_bounds(bounds)
        except ValueError as error:
            raise CampaignError(f"the {error}") from None
        if domain is None:
            attributes, nll_values = check_attributes(attributes or {}), bool(nll_values)
            dim = check_positive_int(dim, "dim")
        else:
            dim, attributes, defaults = domain_defaults(domain, attributes or {}, dim)
            settings = defaults["settings"] if settings is None else settings
            prior_weight = defaults["prior_weight"] if prior_weight is None else prior_weight
            nll_values = defaults["nll_values"] if nll_values is None else bool(nll_values)
        prior_weight = check_prior_weight(1.0 if prior_weight is None else prior_weight)
        space = loss_space(dim, bounds, prior_weight, bool(maximize), nll_values)
        campaign_settings = CampaignSettings(
            dim=space.dim, bounds=bounds, seed=int(seed), bo=resolve(settings, space),
            prior_weight=prior_weight, maximize=bool(maximize), nll_values=nll_values,
            domain=domain, attributes=attributes, created=_now())
        store.create(path, campaign_settings.to_json(), force=force)
        return cls.open(path)

    @classmethod
    def open(cls, path: str | Path) -> "Campaign":
        """Open a campaign file or ``postgresql://`` URL; refuses non-campaigns and damage."""
        connection, settings = store.open_store(path)
        where = Path(path) if isinstance(connection, sqlite3.Connection) else connection.url.shown
        try:
            return cls(where, connection, CampaignSettings.from_json(settings))
        except CampaignError:
            connection.close()
            raise

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> "Campaign":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def model(self) -> LatentModel:
        """The domain's model that decodes this campaign's points, after the domain checked that
        its recorded files did not change."""
        s = self.settings
        if s.domain is None:
            raise CampaignError(f"{self.path} has no domain (a bare box), so its points cannot "
                                "be decoded")
        try:
            model = get_domain(s.domain).load(s.attributes)
        except DomainError as error:
            raise CampaignError(f"{self.path}: {error}") from None
        if model.latent_dim != s.dim:
            raise CampaignError(f"the {s.domain} model of {self.path} has a "
                                f"{model.latent_dim}-d latent space, the campaign a {s.dim}-d one")
        return model

    # --- reading -----------------------------------------------------------------------------

    def points(self, status: str | None = None) -> list[Point]:
        """Every point in id order, or only those with `status` (pending, told, failed)."""
        if status is not None:
            check_choice(status, store.STATUSES, "status")
        try:
            rows = store.read_points(self._connection)
        except sqlite3.DatabaseError as error:
            raise CampaignError(f"cannot read {self.path} ({error})") from None
        points = [Point(**dict(row, t=tuple(row["t"]))) for row in rows]
        return [p for p in points if status is None or p.status == status]

    def counts(self) -> dict[str, int]:
        """How many points are pending, told and failed."""
        points = self.points()
        return {status: sum(p.status == status for p in points) for status in store.STATUSES}

    def loss(self, points: list[Point]) -> np.ndarray:
        """What the optimizer minimises at told points: s * value + w * nll_prior(t), (n,)."""
        if not points:
            return np.zeros(0)
        t = np.array([p.t for p in points], dtype=np.float64)
        values = np.array([p.value for p in points], dtype=np.float64)
        s = self.settings
        return s.sign * values + s.prior_weight * nll_prior(t)[:, 0]

    def history(self) -> list[Point]:
        """Told points in the order their values were recorded."""
        return sorted(self.points("told"), key=lambda p: p.seq)

    def best(self) -> Point | None:
        """The told point with the lowest loss (the earliest told among ties), or None."""
        told = self.history()
        return told[int(np.argmin(self.loss(told)))] if told else None

    def best_so_far(self) -> np.ndarray:
        """The lowest loss after each told value, in the order they were told: (n_told,)."""
        loss = self.loss(self.history())
        return np.minimum.accumulate(loss) if len(loss) else loss

    def optimizer(self, points: list[Point] | None = None) -> "Optimizer":
        """The optimizer rebuilt from the file's history (see the module's docstring)."""
        from vae_opt.optimization import Optimizer  # SciPy and GPyOpt: only where one asks

        points = self.points() if points is None else points
        s = self.settings
        optimizer = Optimizer(space=s.space, settings=s.bo, seed=s.seed)
        by_seq = sorted((p for p in points if p.status != "pending"), key=lambda p: p.seq)
        told = [p for p in by_seq if p.status == "told"]
        failed = [p for p in by_seq if p.status == "failed"]
        pending = [p for p in points if p.status == "pending"]
        if told:
            optimizer.tell(np.array([p.t for p in told]), self.loss(told))
        if failed:
            optimizer.fail(np.array([p.t for p in failed]))
        if pending:
            optimizer.add_pending(np.array([p.t for p in pending]))
        warm = store.get_meta(self._connection, GP_PARAMS)
        if warm is not None:
            optimizer.gp_params = np.array(json.loads(warm), dtype=np.float64)
        return optimizer

    # --- changing ----------------------------------------------------------------------------

    def ask(self, n: int = 1) -> list[Point]:
        """n new points to measure, recorded as pending (one batch) in one transaction."""
        check_batch(n, "the number of points to ask")
        with writing(self._connection, self.path):
            optimizer = self.optimizer()
            t = optimizer.ask(int(n))  # under the write lock: no two asks see one state
            ids = store.insert_points(self._connection, t.tolist(), _now())
            if optimizer.gp_params is not None:
                store.set_meta(self._connection, GP_PARAMS,
                               json.dumps(np.asarray(optimizer.gp_params).tolist()))
        points = {p.id: p for p in self.points("pending")}
        return [points[i] for i in ids]

    def tell(self, point_id, value, overwrite: bool = False) -> Point:
        """Record the value measured at point `point_id` ('failed' or None: it failed)."""
        return self.tell_many([(point_id, value)], overwrite=overwrite)[0]

    def fail(self, point_id, overwrite: bool = False) -> Point:
        """Record that the measurement of point `point_id` failed: it is never proposed again."""
        return self.tell(point_id, None, overwrite=overwrite)

    def tell_many(self, rows: Iterable[tuple], overwrite: bool = False) -> list[Point]:
        """Record several (id, value) results at once: all of them, or none if any is refused."""
        checked: list[tuple[int, float | None]] = []
        for point_id, value in rows:
            point_id = check_id(point_id)
            checked.append((point_id, check_value(value, point_id)))
        ids = [i for i, _ in checked]
        repeated = sorted(i for i, count in Counter(ids).items() if count > 1)
        if repeated:
            raise CampaignError(f"point(s) {', '.join(map(str, repeated))} given more than once; "
                                "tell each point once")
        with writing(self._connection, self.path):
            known = {p.id: p for p in self.points()}
            now = _now()
            for point_id, value in checked:
                check_tellable(known, point_id, overwrite, self.path)
                store.record(self._connection, point_id, "told" if value is not None else "failed",
                             value, now)
        points = {p.id: p for p in self.points()}
        return [points[i] for i in ids]

    def run(self, objective, budget: int, batch: int = 1, progress=True) -> Point | None:
        """Measure with `objective` in this process until `budget` points are measured.

        See ``vae_opt.campaign.loop.run``; returns the best point.
        """
        return loop.run(self, objective, budget, batch=batch, progress=progress)
