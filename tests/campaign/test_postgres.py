"""Campaigns in a real PostgreSQL server (started by the session's fixture): the same API as the
SQLite file, a versioned schema, and bad URLs, servers and credentials refused in one line."""

import pytest
import sqlalchemy as sa

from vae_opt.campaign import Campaign, CampaignError
from vae_opt.campaign import pg, store
from vae_opt.campaign.location import parse_url
from vae_opt.cli import main
from vae_opt.optimization.settings import BOSettings

FAST = BOSettings("fast-test", initial_points=100)  # no GP: every proposal from the design


def new(location, **kwargs):
    options = dict(dim=2, bounds=(-2.0, 3.0), seed=7, settings=FAST, prior_weight=0.5,
                   maximize=True, attributes={"target": 4})
    return Campaign.create(location, **{**options, **kwargs})


def engine(url):
    return sa.create_engine(parse_url(url).sqlalchemy)


def test_the_same_calls_give_the_same_campaign_on_sqlite_and_postgres(tmp_path, pg_url):
    """Same settings and results on both stores: same proposals, same best, same history."""
    seen = []
    for location in (str(tmp_path / "c.db"), pg_url):
        with new(location) as campaign:
            first = campaign.ask(3)
            campaign.tell_many([(first[0].id, 1.5), (first[2].id, None)])
            campaign.tell(first[1].id, -2.0)
        with Campaign.open(location) as campaign:
            second = campaign.ask(2)
            seen.append(([p.t for p in campaign.points()], [p.status for p in campaign.points()],
                         [p.id for p in campaign.history()], campaign.best().id,
                         campaign.counts(), [p.batch for p in second]))
            assert campaign.settings.seed == 7 and campaign.settings.bo == FAST
    assert seen[0] == seen[1]
    assert seen[1][4] == {"pending": 2, "told": 2, "failed": 1}


def test_campaigns_of_one_database_are_kept_apart_by_name(postgres_server):
    base = postgres_server.get_uri()
    with new(f"{base}&campaign=left") as left, new(f"{base}&campaign=right", seed=1) as right:
        left.ask(2)
        right.tell(right.ask(1)[0].id, 3.0)
        assert [p.id for p in left.points()] == [1, 2] and left.counts()["told"] == 0
        assert [p.id for p in right.points()] == [1] and right.settings.seed == 1


def test_an_existing_campaign_is_replaced_only_with_force(pg_url):
    with new(pg_url) as campaign:
        campaign.ask(3)
    with pytest.raises(CampaignError, match="already exists; pass force=True"):
        new(pg_url)
    assert len(Campaign.open(pg_url).points()) == 3
    with new(pg_url, force=True, seed=1) as replaced:
        assert replaced.points() == [] and replaced.settings.seed == 1


def test_a_database_written_by_a_newer_schema_is_refused(pg_url):
    new(pg_url).close()
    with engine(pg_url).begin() as connection:
        connection.execute(sa.text("UPDATE vae_opt_schema SET version = :v"),
                           {"v": pg.SCHEMA_VERSION + 1})
    try:
        with pytest.raises(CampaignError, match="newer vae-opt .*schema 2.*upgrade"):
            Campaign.open(pg_url)
        with pytest.raises(CampaignError, match="newer vae-opt"):
            new(pg_url.replace("campaign=", "campaign=other"))
    finally:
        with engine(pg_url).begin() as connection:
            connection.execute(sa.text("UPDATE vae_opt_schema SET version = :v"),
                               {"v": pg.SCHEMA_VERSION})


def test_a_campaign_written_by_a_newer_campaign_schema_is_refused(pg_url):
    with new(pg_url) as campaign:
        with store.transaction(campaign._connection):
            store.set_meta(campaign._connection, "schema_version", "2")
    with pytest.raises(CampaignError, match="newer vae-opt .*campaign schema 2"):
        Campaign.open(pg_url)


def test_a_missing_campaign_is_refused_and_not_created(pg_url):
    with pytest.raises(CampaignError, match="no (vae-opt campaigns|campaign 'test_a_missing)"):
        Campaign.open(pg_url)
    with engine(pg_url).connect() as connection:
        if sa.inspect(connection).has_table("vae_opt_campaigns"):
            assert connection.execute(sa.text("SELECT COUNT(*) FROM vae_opt_campaigns WHERE "
                                              "name = :n"), {"n": parse_url(pg_url).campaign}
                                      ).scalar() == 0


def test_a_change_outside_a_transaction_is_refused(pg_url):
    with new(pg_url) as campaign:
        with pytest.raises(RuntimeError, match="inside store.transaction"):
            store.insert_points(campaign._connection, [[0.0, 0.0]], "now")


@pytest.mark.parametrize("url, message", [
    ("postgresql://user@localhost:notaport/db", "does not parse"),
    ("postgresql://user@localhost:70000/db", "port 70000"),
    ("postgresql://user@localhost:5432/", "names no database"),
    ("mysql://user@localhost/db", "scheme 'mysql' is not supported"),
    ("postgresql://user@localhost/db?campaign=a%20b", "campaign name 'a b'"),
])
def test_a_url_that_does_not_parse_is_refused(url, message):
    with pytest.raises(CampaignError, match=message):
        parse_url(url)


def _cli(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _refused(capsys, *argv, match):
    status, out, err = _cli(capsys, *argv)
    assert status == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vae-opt: error: "), err
    assert match in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("command", [("show",), ("ask", "--n", "1"), ("tell", "1", "2.0"),
                                     ("export",)])
def test_a_server_that_refuses_is_one_line_and_exit_2(capsys, command):
    url = "postgresql://someone:secret@127.0.0.1:1/nowhere"  # nothing listens on port 1
    line = _refused(capsys, "campaign", command[0], url, *command[1:],
                    match="Connection refused")
    assert "secret" not in line


def test_wrong_credentials_and_missing_databases_are_refused_and_nothing_is_written(
        capsys, postgres_server, pg_url):
    base = postgres_server.get_uri()
    _refused(capsys, "campaign", "show", base.replace("postgres:@", "nobody:pw@") +
             "&campaign=x", match='role "nobody" does not exist')
    _refused(capsys, "campaign", "show", base.replace("/postgres?", "/nodb?"),
             match='database "nodb" does not exist')
    _refused(capsys, "campaign", "ask", pg_url, match="no ")
    _refused(capsys, "campaign", "tell", pg_url, "1", "2.0", match="no ")
    with engine(pg_url).connect() as connection:
        names = connection.execute(sa.text("SELECT name FROM vae_opt_campaigns")).scalars().all() \
            if sa.inspect(connection).has_table("vae_opt_campaigns") else []
    assert parse_url(pg_url).campaign not in names


def test_the_cli_creates_asks_tells_and_exports_a_postgres_campaign(capsys, pg_url, tmp_path):
    from vae_opt.paths import model_path

    if not model_path("softmax").exists():
        pytest.skip("no pretrained VAE in this checkout")
    status, out, _ = _cli(capsys, "campaign", "new", pg_url, "--target", "3")
    assert status == 0 and f"campaign={parse_url(pg_url).campaign}: " in out
    status, out, _ = _cli(capsys, "campaign", "ask", pg_url, "--n", "2", "--out", tmp_path / "s")
    assert status == 0 and len(out.strip().splitlines()) == 2
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["1.npy", "1.png", "2.npy",
                                                                  "2.png"]
    status, out, _ = _cli(capsys, "campaign", "tell", pg_url, "1", "0.5")
    assert status == 0 and "point 1: value 0.5" in out
    _refused(capsys, "campaign", "tell", pg_url, "1", "0.7", match="already told")
    _refused(capsys, "campaign", "tell", pg_url, "9", "0.7", match="no point with id 9")
    status, out, _ = _cli(capsys, "campaign", "export", pg_url)
    assert status == 0 and out.splitlines()[0].startswith("id,") and len(out.splitlines()) == 3
