"""Shared by the campaign tests: counting told points in a file another process writes."""

import sqlite3

import pytest


def count_told(path) -> int:
    """Told points, read without the checks of Campaign.open: cheap enough to poll."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    try:
        return connection.execute("SELECT COUNT(*) FROM points WHERE status = 'told'").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def n_told():
    return count_told


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the session (pgserver's binaries), stopped at the end.

    Skipped with the reason only where the server cannot start (pgserver missing or failing).
    Its folder is a fresh one in the system's temporary folder, not under pytest's: run as
    root, pgserver runs the server as another user, who cannot enter pytest's private folder.
    """
    import os
    import shutil
    import tempfile

    # platformdirs (used on the way to the server) warns when no runtime folder is set, as in CI
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="vae-opt-runtime-"))
    try:
        import pgserver
    except ImportError as error:
        pytest.skip(f"no PostgreSQL server: pgserver is not installed ({error})")
    folder = tempfile.mkdtemp(prefix="vae-opt-pg-")
    try:
        server = pgserver.get_server(folder, cleanup_mode="stop")
    except Exception as error:  # noqa: BLE001 - any failure to start is a reason to skip
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"the PostgreSQL server did not start ({type(error).__name__}: {error})")
    yield server
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(postgres_server, request):
    """The URL of a new campaign name, one per test, in the session's PostgreSQL server."""
    name = "".join(c if c.isalnum() else "_" for c in request.node.name)[-60:]
    return f"{postgres_server.get_uri()}&campaign={name}"


@pytest.fixture(params=["sqlite", "postgres"])
def location(request, tmp_path):
    """A campaign location on each store: a file path, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "c.db")
    return request.getfixturevalue("pg_url")
