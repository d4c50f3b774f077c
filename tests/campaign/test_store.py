"""The campaign file: settings and schema stored, bad files refused, writers waiting in turn."""

import sqlite3
import threading
import time

import pytest

from vae_opt.campaign import Campaign, CampaignError
from vae_opt.campaign import store
from vae_opt.optimization.settings import BOSettings

FAST = BOSettings("fast-test", initial_points=100)  # no GP: every proposal from the design


def new(path, **kwargs):
    options = dict(dim=2, bounds=(-2.0, 3.0), seed=7, settings=FAST, prior_weight=0.5,
                   maximize=True, attributes={"target": 4})
    return Campaign.create(path, **{**options, **kwargs})


def test_settings_and_schema_are_stored_and_read_back(tmp_path):
    new(tmp_path / "c.db").close()
    with Campaign.open(tmp_path / "c.db") as campaign:
        s = campaign.settings
        assert (s.dim, s.bounds, s.seed, s.prior_weight, s.maximize, s.attributes) == (
            2, (-2.0, 3.0), 7, 0.5, True, {"target": 4})
        assert s.bo == FAST and s.domain is None and not s.nll_values
    connection = sqlite3.connect(tmp_path / "c.db")
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    assert meta["format"] == store.FORMAT and meta["schema_version"] == str(store.SCHEMA_VERSION)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_model_files_are_recorded_with_their_sha256(tmp_path):
    import hashlib

    from vae_opt.domain import DomainError, check_file_record, file_record

    model = tmp_path / "model.h5"
    model.write_bytes(b"weights")
    record = file_record(model)
    assert record == {"path": str(model.resolve()),
                      "sha256": hashlib.sha256(b"weights").hexdigest()}
    check_file_record(record, "VAE")
    model.write_bytes(b"other weights")
    with pytest.raises(DomainError, match="VAE file .* changed since the campaign was created"):
        check_file_record(record, "VAE")
    model.unlink()
    with pytest.raises(DomainError, match="missing"):
        check_file_record(record, "VAE")


def _ask_while_locked(path, hold_s: float) -> dict:
    """Another process's write transaction holds the file for `hold_s`; meanwhile a campaign
    opened on it asks for a point. What happened to the ask: its points or error, and how long
    it took."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as a tell in another process takes it
    outcome: dict = {}

    def ask():
        start = time.perf_counter()
        try:
            with Campaign.open(path) as campaign:
                outcome["points"] = campaign.ask(1)
        except Exception as error:  # noqa: BLE001 - reported to the test
            outcome["error"] = error
        outcome["seconds"] = time.perf_counter() - start

    thread = threading.Thread(target=ask)
    thread.start()
    thread.join(hold_s)
    outcome["waiting"] = thread.is_alive()
    holder.execute("COMMIT")
    holder.close()
    thread.join(60)
    return outcome


def test_a_writer_waits_for_another_instead_of_failing(tmp_path):
    new(tmp_path / "c.db").close()
    outcome = _ask_while_locked(tmp_path / "c.db", hold_s=1.0)
    assert outcome["waiting"]  # after a second under the other's lock: still waiting, not failed
    assert "error" not in outcome and len(outcome["points"]) == 1
    assert outcome["seconds"] >= 1.0
    with Campaign.open(tmp_path / "c.db") as campaign:
        assert len(campaign.points("pending")) == 1


def test_a_writer_gives_up_after_the_busy_timeout_with_one_clear_error(tmp_path, monkeypatch):
    new(tmp_path / "c.db").close()
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.3)
    outcome = _ask_while_locked(tmp_path / "c.db", hold_s=5.0)
    assert not outcome["waiting"]  # gave up within the 5 s the lock was held
    assert isinstance(outcome["error"], CampaignError) and "busy" in str(outcome["error"])
    assert 0.25 <= outcome["seconds"] < 5.0


def test_an_existing_file_is_replaced_only_with_force(tmp_path):
    campaign = new(tmp_path / "c.db")
    campaign.ask(3)
    campaign.close()
    with pytest.raises(ValueError, match="already exists; pass force=True"):
        new(tmp_path / "c.db")
    assert len(Campaign.open(tmp_path / "c.db").points()) == 3
    with new(tmp_path / "c.db", force=True, seed=1) as replaced:
        assert replaced.points() == [] and replaced.settings.seed == 1


def test_force_drops_the_old_files_write_ahead_log(tmp_path):
    """A stale -wal file beside a replaced campaign would be replayed into the new one."""
    old = new(tmp_path / "c.db")  # kept open: its WAL file exists
    old.ask(2)
    assert (tmp_path / "c.db-wal").exists()
    new(tmp_path / "c.db", force=True).close()
    old._connection.close()
    with Campaign.open(tmp_path / "c.db") as campaign:
        assert campaign.points() == []
    assert store.integrity(tmp_path / "c.db") == "ok"


@pytest.mark.parametrize("content, message", [
    (b"id,value\n1,2.0\n", "not a vae-opt campaign file"),
    (b"", "not a vae-opt campaign file"),
])
def test_a_file_that_is_not_a_campaign_is_refused(tmp_path, content, message):
    path = tmp_path / "c.db"
    path.write_bytes(content)
    with pytest.raises(CampaignError, match=message):
        Campaign.open(path)


def test_another_sqlite_database_is_refused(tmp_path):
    connection = sqlite3.connect(tmp_path / "other.db")
    connection.execute("CREATE TABLE points (x)")
    connection.close()
    with pytest.raises(CampaignError, match="not a vae-opt campaign file"):
        Campaign.open(tmp_path / "other.db")


def test_a_missing_file_is_refused_and_not_created(tmp_path):
    with pytest.raises(CampaignError, match="no campaign file at .*campaign new"):
        Campaign.open(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


def _set_meta(path, key, value):
    connection = sqlite3.connect(path)
    connection.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    connection.commit()
    connection.close()


@pytest.mark.parametrize("version, message", [
    ("2", "newer vae-opt .*schema 2.*upgrade"),
    ("one", "unknown campaign schema 'one'"),
    ("0", "unknown campaign schema 0"),
])
def test_a_newer_or_unknown_schema_is_refused(tmp_path, version, message):
    new(tmp_path / "c.db").close()
    _set_meta(tmp_path / "c.db", "schema_version", version)
    with pytest.raises(CampaignError, match=message):
        Campaign.open(tmp_path / "c.db")


def test_damaged_settings_are_refused(tmp_path):
    new(tmp_path / "c.db").close()
    _set_meta(tmp_path / "c.db", "settings", '{"dim": 2}')
    with pytest.raises(CampaignError, match="settings are incomplete"):
        Campaign.open(tmp_path / "c.db")


def test_a_corrupt_file_is_refused(tmp_path):
    path = tmp_path / "c.db"
    with new(path) as campaign:
        with store.transaction(campaign._connection):
            store.insert_points(campaign._connection, [[0.5, 0.25]] * 400, "now")
    data = bytearray(path.read_bytes())
    assert len(data) >= 8 * 4096
    data[3 * 4096:6 * 4096] = b"\xff" * (3 * 4096)  # pages of the points table
    path.write_bytes(bytes(data))
    with pytest.raises(CampaignError, match="damaged|not a campaign"):
        Campaign.open(path)


def test_two_writers_with_their_own_connections_both_land(tmp_path):
    """Two tells at the same moment: the second waits for the first instead of failing."""
    path = tmp_path / "c.db"
    with new(path) as campaign:
        ids = [p.id for p in campaign.ask(8)]
    barrier, errors = threading.Barrier(2), []

    def tell(mine):
        try:
            with Campaign.open(path) as campaign:
                barrier.wait()
                for point_id in mine:
                    campaign.tell(point_id, float(point_id))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=tell, args=(ids[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with Campaign.open(path) as campaign:
        assert {p.id: p.value for p in campaign.points("told")} == {i: float(i) for i in ids}
    assert store.integrity(path) == "ok"
