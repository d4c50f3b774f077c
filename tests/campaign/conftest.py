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
