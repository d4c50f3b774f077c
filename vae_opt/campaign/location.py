"""Where a campaign lives: a path (an embedded SQLite file, the default) or a database URL.

``postgresql://user:password@host:port/database?campaign=NAME`` (or ``postgresql+psycopg://``)
names the campaign NAME (default ``default``) in a PostgreSQL database; any other text is a path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FORMAT = "vae-opt campaign"
SCHEMA_VERSION = 1  # of a campaign's meta rows and points (file or database)
DEFAULT_CAMPAIGN = "default"
URL_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")


class CampaignError(ValueError):
    """A campaign file or a request to it that cannot be used; the message says what to do."""


def is_url(location) -> bool:
    """Whether `location` is a database URL (text with '://') rather than a file path."""
    return isinstance(location, str) and "://" in location


@dataclass(frozen=True)
class DatabaseURL:
    """A parsed campaign URL: the URL SQLAlchemy connects with, the campaign's name, and the
    URL as shown in messages (password hidden)."""

    sqlalchemy: str
    campaign: str
    shown: str

    @property
    def name(self) -> str:
        return self.campaign


def parse_url(text: str) -> DatabaseURL:
    """Parse a campaign URL; a URL that does not parse, or of another database, is refused."""
    # SQLAlchemy (the postgres extra): only for a URL
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    scheme = text.split("://", 1)[0]
    if scheme not in URL_SCHEMES:
        raise CampaignError(f"{text.split('@')[-1]!r}: campaigns live in a file (give its path) "
                            "or in PostgreSQL (postgresql://user:password@host:port/database); "
                            f"the scheme {scheme!r} is not supported")
    try:
        url = make_url(text)
        port = url.port  # a port that is not a number fails here
    except (ArgumentError, ValueError) as error:
        raise CampaignError(f"the campaign URL does not parse ({error}); expected "
                            "postgresql://user:password@host:port/database?campaign=NAME") from None
    if port is not None and not 0 < port < 65536:
        raise CampaignError(f"the campaign URL's port {port} is not in 1-65535")
    query = dict(url.query)
    names = query.pop("campaign", DEFAULT_CAMPAIGN)
    name = names if isinstance(names, str) else names[-1]
    if not name or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise CampaignError(f"the campaign name {name!r} must be letters, digits, '-', '_' or '.'")
    if not url.database:
        raise CampaignError("the campaign URL names no database: "
                            "postgresql://user:password@host:port/DATABASE")
    url = url.set(drivername="postgresql+psycopg", query=query)
    shown = url.render_as_string(hide_password=True)
    shown = f"{shown}{'&' if query else '?'}campaign={name}"
    return DatabaseURL(url.render_as_string(hide_password=False), name, shown)


def file_name(location) -> str:
    """A short name of the campaign: the file's name, or the database campaign's name."""
    return parse_url(location).campaign if is_url(location) else Path(location).name


def local_stem(location) -> str:
    """The stem of local files written for a campaign (samples): the file's, or the name's."""
    return parse_url(location).campaign if is_url(location) else Path(location).stem


def check_meta(meta: dict, path) -> dict:
    """The settings in a campaign's meta rows, after checking its format and schema version."""
    not_campaign = f"{path} is not a vae-opt campaign{' file' if isinstance(path, Path) else ''}"
    if meta.get("format") != FORMAT:
        raise CampaignError(f"{not_campaign} (its format is {meta.get('format')!r})")
    version = meta.get("schema_version", "")
    if not version.isdigit():
        raise CampaignError(f"{path} has an unknown campaign schema {version!r}; this vae-opt "
                            f"reads schema {SCHEMA_VERSION}")
    if int(version) > SCHEMA_VERSION:
        raise CampaignError(f"{path} was written by a newer vae-opt (campaign schema {version}; "
                            f"this one reads up to {SCHEMA_VERSION}); upgrade vae-opt to use it")
    if int(version) < 1:
        raise CampaignError(f"{path} has an unknown campaign schema {version}")
    try:
        return json.loads(meta["settings"])
    except (KeyError, json.JSONDecodeError):
        raise CampaignError(f"{path}: the campaign's settings are missing or damaged") from None
