"""Campaigns in a PostgreSQL database, through SQLAlchemy 2 (psycopg 3): many writers, many hosts.

A location ``postgresql://user:password@host:port/database?campaign=NAME`` names one campaign
(``NAME`` defaults to ``default``) among the campaigns of that database, as an Optuna RDB storage
URL and a study name do. The tables are ``vae_opt_schema`` (the database's schema version, one
row), ``vae_opt_campaigns``, ``vae_opt_meta`` and ``vae_opt_points``, whose rows hold what the
SQLite file's ``meta`` and ``points`` tables hold, plus the campaign's name.

Every change is one transaction that first locks the campaign's row (``SELECT ... FOR UPDATE``),
so read-modify-write changes (ask, tell) of one campaign run one at a time, as ``BEGIN
IMMEDIATE`` makes them on SQLite; a writer killed mid-transaction leaves nothing behind (the
server rolls its transaction back when the connection drops).
"""

from __future__ import annotations

import contextlib
import json
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import exc

from vae_opt.campaign.location import CampaignError, DatabaseURL

SCHEMA_VERSION = 1
_LOCK_KEY = 0x7661656F  # pg_advisory_xact_lock key while tables are created: "vaeo"

metadata = sa.MetaData()
schema_table = sa.Table("vae_opt_schema", metadata, sa.Column("version", sa.Integer,
                                                              nullable=False))
campaigns = sa.Table("vae_opt_campaigns", metadata, sa.Column("name", sa.Text, primary_key=True),
                     sa.Column("created", sa.Text, nullable=False))
meta = sa.Table("vae_opt_meta", metadata,
                sa.Column("campaign", sa.Text, sa.ForeignKey("vae_opt_campaigns.name",
                                                             ondelete="CASCADE"), primary_key=True),
                sa.Column("key", sa.Text, primary_key=True),
                sa.Column("value", sa.Text, nullable=False))
points = sa.Table("vae_opt_points", metadata,
                  sa.Column("campaign", sa.Text, sa.ForeignKey("vae_opt_campaigns.name",
                                                               ondelete="CASCADE"),
                            primary_key=True),
                  sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                  sa.Column("t", sa.Text, nullable=False),
                  sa.Column("batch", sa.Integer, nullable=False),
                  sa.Column("status", sa.Text, nullable=False),
                  sa.Column("value", sa.Float(precision=53)),
                  sa.Column("created", sa.Text, nullable=False),
                  sa.Column("told", sa.Text),
                  sa.Column("seq", sa.Integer),
                  sa.CheckConstraint("status IN ('pending', 'told', 'failed')", name="status"),
                  sa.UniqueConstraint("campaign", "seq"))
POINT_COLUMNS = ("id", "t", "batch", "status", "value", "created", "told", "seq")


def _error(url: DatabaseURL, error: Exception) -> CampaignError:
    """One line from a driver's error: its first line, without SQLAlchemy's background link."""
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()
    return CampaignError(f"cannot use the campaign database {url.shown} "
                         f"({detail[0] if detail else type(error).__name__})")


def _engine(url: DatabaseURL) -> sa.Engine:
    return sa.create_engine(url.sqlalchemy, pool_pre_ping=True, pool_size=1, max_overflow=2,
                            connect_args={"connect_timeout": 10})


class PgConnection:
    """One campaign of a PostgreSQL database, with the calls the store makes on a connection."""

    def __init__(self, url: DatabaseURL, engine: sa.Engine):
        self.url, self.engine, self._tx = url, engine, None

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction holding the campaign's row lock; committed, or rolled back on error."""
        try:
            with self.engine.begin() as connection:
                found = connection.execute(sa.select(campaigns.c.name).where(
                    campaigns.c.name == self.url.campaign).with_for_update()).first()
                if found is None:
                    raise CampaignError(f"the campaign {self.url.shown} was deleted")
                self._tx = connection
                try:
                    yield
                finally:
                    self._tx = None
        except exc.SQLAlchemyError as error:
            raise _error(self.url, error) from None

    def _run(self, statement):
        if self._tx is not None:
            return self._tx.execute(statement).fetchall()
        try:
            with self.engine.connect() as connection:
                return connection.execute(statement).fetchall()
        except exc.SQLAlchemyError as error:
            raise _error(self.url, error) from None

    def _write(self, statement):
        if self._tx is None:
            raise RuntimeError("a change to a campaign must be made inside store.transaction")
        return self._tx.execute(statement)

    def read_points(self) -> list[dict]:
        rows = self._run(sa.select(*(points.c[c] for c in POINT_COLUMNS)).where(
            points.c.campaign == self.url.campaign).order_by(points.c.id))
        return [dict(zip(POINT_COLUMNS, row), t=json.loads(row[1])) for row in rows]

    def insert_points(self, t: list[list[float]], created: str) -> list[int]:
        where = points.c.campaign == self.url.campaign
        first, batch = self._write(sa.select(sa.func.coalesce(sa.func.max(points.c.id), 0) + 1,
                                             sa.func.coalesce(sa.func.max(points.c.batch), 0) + 1
                                             ).where(where)).one()
        ids = list(range(int(first), int(first) + len(t)))
        if t:
            self._write(points.insert().values([
                {"campaign": self.url.campaign, "id": i, "t": json.dumps([float(x) for x in p]),
                 "batch": int(batch), "status": "pending", "created": created}
                for i, p in zip(ids, t)]))
        return ids

    def record(self, point_id: int, status: str, value: float | None, told: str) -> None:
        where = points.c.campaign == self.url.campaign
        seq = self._write(sa.select(sa.func.coalesce(sa.func.max(points.c.seq), 0) + 1)
                          .where(where)).scalar_one()
        self._write(points.update().where(where, points.c.id == point_id).values(
            status=status, value=value, told=told, seq=seq))

    def get_meta(self, key: str) -> str | None:
        rows = self._run(sa.select(meta.c.value).where(meta.c.campaign == self.url.campaign,
                                                       meta.c.key == key))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        where = (meta.c.campaign == self.url.campaign, meta.c.key == key)
        self._write(meta.delete().where(*where))
        self._write(meta.insert().values(campaign=self.url.campaign, key=key, value=value))

    def all_meta(self) -> dict[str, str]:
        return dict(self._run(sa.select(meta.c.key, meta.c.value).where(
            meta.c.campaign == self.url.campaign)))


def _check_schema(connection: sa.Connection, url: DatabaseURL) -> None:
    """Refuse a database whose vae-opt tables were written by a newer (or unknown) schema."""
    row = connection.execute(sa.select(schema_table.c.version)).first()
    if row is None:
        raise CampaignError(f"{url.shown}: the vae-opt tables have no schema version; this "
                            "database was not written by vae-opt")
    if row[0] > SCHEMA_VERSION:
        raise CampaignError(f"{url.shown} was written by a newer vae-opt (campaign database "
                            f"schema {row[0]}; this one reads up to {SCHEMA_VERSION}); upgrade "
                            "vae-opt to use it")


def create(url: DatabaseURL, rows: list[tuple[str, str]], created: str, force: bool) -> None:
    """Create the campaign (and the tables, the first time) with its meta rows, in one transaction.

    An existing campaign of that name is replaced only with ``force``.
    """
    engine = _engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
            if not sa.inspect(connection).has_table("vae_opt_schema"):
                metadata.create_all(connection)
                connection.execute(schema_table.insert().values(version=SCHEMA_VERSION))
            _check_schema(connection, url)
            where = campaigns.c.name == url.campaign
            if connection.execute(sa.select(campaigns.c.name).where(where)).first() is not None:
                if not force:
                    raise CampaignError(f"the campaign {url.shown} already exists; pass force=True "
                                        "to replace it, or choose another ?campaign=NAME")
                connection.execute(campaigns.delete().where(where))
            connection.execute(campaigns.insert().values(name=url.campaign, created=created))
            connection.execute(meta.insert().values([
                {"campaign": url.campaign, "key": k, "value": v} for k, v in rows]))
    except exc.SQLAlchemyError as error:
        raise _error(url, error) from None
    finally:
        engine.dispose()


def open_campaign(url: DatabaseURL) -> tuple[PgConnection, dict[str, str]]:
    """Connect to an existing campaign: its connection and its meta rows (unchecked)."""
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table("vae_opt_schema"):
                raise CampaignError(f"no vae-opt campaigns in {url.shown}; create one with "
                                    f"`vae-opt campaign new '{url.shown}'`")
            _check_schema(connection, url)
            if connection.execute(sa.select(campaigns.c.name).where(
                    campaigns.c.name == url.campaign)).first() is None:
                raise CampaignError(f"no campaign {url.campaign!r} in {url.shown}; create it with "
                                    f"`vae-opt campaign new '{url.shown}'`")
        store = PgConnection(url, engine)
        return store, store.all_meta()
    except exc.SQLAlchemyError as error:
        engine.dispose()
        raise _error(url, error) from None
    except CampaignError:
        engine.dispose()
        raise
