"""The campaign file: one SQLite database holding a campaign's settings and every proposed point.

Several processes may use one file at once (an `ask` here, two `tell`s there): the journal is
WAL, a writer waits up to ``BUSY_TIMEOUT_S`` for another instead of failing with "database is
locked", and every change is one transaction. Read-modify-write changes (ask, tell) begin with
``BEGIN IMMEDIATE``, so that two of them never decide on the same stale state.

Tables: ``meta`` (key, value) holds the format name, the schema version, the settings as JSON
and the GP hyper-parameters of the latest proposal (``gp_params``); ``points`` holds one row per
proposed point (id, latent vector t as JSON, batch number, status, measured value, created and
told times, and ``seq``, the order in which results came).

A location that is a ``postgresql://`` URL is a campaign in a PostgreSQL database instead
(``vae_opt.campaign.pg``): the same functions take its connection, and the same checks apply.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from vae_opt.campaign.location import (FORMAT, SCHEMA_VERSION, CampaignError, check_meta,
                                       is_url, parse_url)
from vae_opt.files import check_output, write_atomic

BUSY_TIMEOUT_S = 60.0
STATUSES = ("pending", "told", "failed")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE points (
    id INTEGER PRIMARY KEY,
    t TEXT NOT NULL,
    batch INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'told', 'failed')),
    value REAL,
    created TEXT NOT NULL,
    told TEXT,
    seq INTEGER
);
"""
POINT_COLUMNS = ("id", "t", "batch", "status", "value", "created", "told", "seq")
Connection = "sqlite3.Connection | vae_opt.campaign.pg.PgConnection"
__all__ = ["CampaignError", "create", "open_store", "transaction", "read_points",
           "insert_points", "record", "get_meta", "set_meta", "integrity"]


def _connect(uri: str) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), waiting on busy writers."""
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    connection.execute("PRAGMA synchronous = FULL")  # a told value survives a power cut too
    return connection


def _uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def _remove_journal_files(path: Path) -> None:
    """Remove a replaced campaign's WAL files: SQLite would replay them into the new file."""
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _meta_rows(settings: dict) -> list[tuple[str, str]]:
    return [("format", FORMAT), ("schema_version", str(SCHEMA_VERSION)),
            ("settings", json.dumps(settings, sort_keys=True))]


def create(path: str | Path, settings: dict, force: bool = False) -> "Path | str":
    """Write a new, empty campaign file with `settings`: built beside `path`, then moved into place.

    An existing file is replaced only with ``force``; without it the new file is linked into
    place only if the name is still free, so two `new`s never overwrite each other. A
    ``postgresql://`` URL creates the campaign in that database (one transaction).
    """
    if is_url(path):
        from vae_opt.campaign import pg  # SQLAlchemy and psycopg: only for a database URL

        url = parse_url(path)
        pg.create(url, _meta_rows(settings), datetime.now(timezone.utc).isoformat(), force)
        return url.shown
    path = check_output(path, force)

    def build(tmp: Path) -> None:
        connection = _connect(_uri(tmp, "rw"))
        try:
            connection.execute("PRAGMA journal_mode = WAL")  # stored in the file itself
            connection.executescript(_SCHEMA)
            with transaction(connection):
                connection.executemany("INSERT INTO meta VALUES (?, ?)", _meta_rows(settings))
        finally:
            connection.close()
            _remove_journal_files(tmp)

    if force:
        _remove_journal_files(path)
    return write_atomic(path, build, force=force, beside=False)


def _read_meta(connection: sqlite3.Connection, path: Path) -> dict:
    not_campaign = f"{path} is not a vae-opt campaign file"
    try:
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.OperationalError as error:
        raise CampaignError(f"cannot read {path} ({error}); SQLite also needs to write beside "
                            "it (its -wal and -shm files)") from None
    except sqlite3.DatabaseError as error:
        raise CampaignError(f"{not_campaign} (SQLite says: {error}); give the file written by "
                            "`vae-opt campaign new`") from None
    if not {"meta", "points"} <= tables:
        raise CampaignError(f"{not_campaign} (an SQLite database without its tables)")
    return check_meta(dict(connection.execute("SELECT key, value FROM meta").fetchall()), path)


def open_store(path: str | Path) -> tuple[Connection, dict]:
    """Open an existing campaign file: its connection (WAL) and its settings, all checked.

    A ``postgresql://`` URL opens a campaign in that database (a ``pg.PgConnection``).
    """
    if is_url(path):
        from vae_opt.campaign import pg  # SQLAlchemy and psycopg: only for a database URL

        url = parse_url(path)
        connection, meta = pg.open_campaign(url)
        try:
            return connection, check_meta(meta, url.shown)
        except CampaignError:
            connection.close()
            raise
    path = Path(path)
    if not path.is_file():
        raise CampaignError(f"no campaign file at {path}; create one with "
                            f"`vae-opt campaign new {path}`")
    try:
        connection = _connect(_uri(path, "rw"))
    except sqlite3.OperationalError as error:
        raise CampaignError(f"cannot open {path} ({error})") from None
    except sqlite3.DatabaseError as error:
        raise CampaignError(f"{path} is not a vae-opt campaign file (SQLite says: {error}); give "
                            "the file written by `vae-opt campaign new`") from None
    try:
        settings = _read_meta(connection, path)
        status = connection.execute("PRAGMA quick_check").fetchone()[0]
        if status != "ok":
            raise CampaignError(f"{path} is damaged (SQLite's check says: {status}); restore it "
                                "from a copy, or export what is readable with sqlite3")
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise CampaignError(f"{path} is damaged or not a campaign file (SQLite says: {error})"
                            ) from None
    except CampaignError:
        connection.close()
        raise
    return connection, settings


@contextlib.contextmanager
def transaction(connection: Connection, immediate: bool = True) -> Iterator[None]:
    """One transaction: committed if the block ends normally, rolled back on any exception.

    ``immediate`` takes the write lock at once (BEGIN IMMEDIATE), waiting for other writers;
    on PostgreSQL the campaign's row lock is always taken.
    """
    if not isinstance(connection, sqlite3.Connection):
        with connection.transaction():
            yield
        return
    try:
        connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    except sqlite3.OperationalError as error:
        raise CampaignError(f"the campaign file is busy or read-only ({error}); try again"
                            ) from None
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def read_points(connection: Connection) -> list[dict]:
    """Every point as a dict of POINT_COLUMNS (t decoded from JSON), in id order."""
    if not isinstance(connection, sqlite3.Connection):
        return connection.read_points()
    rows = connection.execute(f"SELECT {', '.join(POINT_COLUMNS)} FROM points ORDER BY id")
    return [dict(zip(POINT_COLUMNS, row), t=json.loads(row[1])) for row in rows]


def insert_points(connection: Connection, t: list[list[float]], created: str) -> list[int]:
    """Add pending points t (one list of floats each) as one new batch; returns their ids."""
    if not isinstance(connection, sqlite3.Connection):
        return connection.insert_points(t, created)
    batch = connection.execute("SELECT COALESCE(MAX(batch), 0) + 1 FROM points").fetchone()[0]
    ids = []
    for point in t:
        cursor = connection.execute(
            "INSERT INTO points (t, batch, status, created) VALUES (?, ?, 'pending', ?)",
            (json.dumps([float(x) for x in point]), batch, created))
        ids.append(int(cursor.lastrowid))
    return ids


def record(connection: Connection, point_id: int, status: str, value: float | None,
           told: str) -> None:
    """Set one point's result (status 'told' with a value, or 'failed'), next in result order."""
    if not isinstance(connection, sqlite3.Connection):
        return connection.record(point_id, status, value, told)
    seq = connection.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM points").fetchone()[0]
    connection.execute("UPDATE points SET status = ?, value = ?, told = ?, seq = ? WHERE id = ?",
                       (status, value, told, seq, point_id))


def get_meta(connection: Connection, key: str) -> str | None:
    """One value of the meta table, or None."""
    if not isinstance(connection, sqlite3.Connection):
        return connection.get_meta(key)
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def set_meta(connection: Connection, key: str, value: str) -> None:
    """Set one value of the meta table (inside the caller's transaction)."""
    if not isinstance(connection, sqlite3.Connection):
        return connection.set_meta(key, value)
    connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def integrity(path: str | Path) -> str:
    """SQLite's full ``PRAGMA integrity_check`` of a file: 'ok' when it is sound."""
    connection = _connect(_uri(Path(path), "ro"))
    try:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()
