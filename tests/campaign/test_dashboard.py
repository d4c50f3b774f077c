"""The campaign dashboard without a browser: what a page shows, how it follows the file, its
Bokeh document, and every bad input refused in one line with exit status 2."""

import socket
import time

import numpy as np
import pytest

from vae_opt.campaign import Campaign
from vae_opt.campaign.dashboard import DashboardConfig
from vae_opt.campaign.dashboard.page import best_text
from vae_opt.campaign.dashboard.server import check_port, origins
from vae_opt.campaign.dashboard.state import Watcher, read_view
from vae_opt.campaign.store import CampaignError
from vae_opt.cli import main

FAST = DashboardConfig(min_read_s=0.0, grid_size=12, n_samples=3)


def told_campaign(path, n_told=5, n_pending=2):
    """A 2-d campaign over the bare box (no VAE): n_told values f(t) = |t - 1|^2, then pending."""
    with Campaign.create(path, dim=2, seed=0) as campaign:
        points = campaign.ask(n_told + n_pending)
        campaign.tell_many([(p.id, float(np.sum((np.array(p.t) - 1.0) ** 2)))
                            for p in points[:n_told]])
    return path


def wait_for(condition, timeout=60.0):
    """Poll `condition` until it returns something true, or fail after `timeout` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s")


def test_the_view_matches_the_campaign(tmp_path):
    path = told_campaign(tmp_path / "c.db")
    with Campaign.open(path) as campaign:
        view = read_view(campaign, version=1)
        best, loss = campaign.best(), campaign.loss(campaign.history())
    assert view.counts == {"pending": 2, "told": 5, "failed": 0}
    assert view.best["id"] == best.id and view.best["value"] == best.value
    np.testing.assert_allclose(view.curve["loss"], loss)
    np.testing.assert_allclose(view.curve["best"], np.minimum.accumulate(loss))
    assert view.table["id"].tolist() == list(range(1, 8))
    assert view.table["status"].count("pending") == 2 and np.isnan(view.table["value"][-1])
    assert len(view.points["told"]["t1"]) == 5 and len(view.points["pending"]["id"]) == 2
    assert f"best: point {best.id}, value {best.value:.4f}" in best_text(view)
    assert "5 told, 2 pending, 0 failed" in best_text(view)
    with Campaign.open(path) as campaign:
        assert read_view(campaign, version=1, max_rows=3).table["id"].tolist() == [5, 6, 7]


def test_the_watcher_follows_tells_from_elsewhere(tmp_path):
    path = told_campaign(tmp_path / "c.db")
    watcher = Watcher(path, FAST)
    try:
        first = watcher.poll()
        assert watcher.poll().version == first.version  # nothing changed: nothing re-read
        extras = wait_for(lambda: (e := watcher.extras()).version == first.version and e)
        assert extras.surrogate["mean"].shape == (12, 12)
        assert np.all(np.isfinite(extras.surrogate["acquisition"]))
        assert "bare box" in extras.samples_note and extras.samples == []
        with Campaign.open(path) as other:  # another connection, as another process would
            pending = other.points("pending")[0]
            other.tell(pending.id, -100.0)
        view = wait_for(lambda: (v := watcher.poll()).version > first.version and v)
        assert view.best["id"] == pending.id and view.counts["told"] == 6
        assert wait_for(lambda: watcher.extras().version == view.version)
    finally:
        watcher.close()


def test_the_page_builds_a_document(tmp_path):
    from bokeh.document import Document

    from vae_opt.campaign.dashboard.page import Page

    path = told_campaign(tmp_path / "c.db")
    watcher = Watcher(path, FAST)
    try:
        doc = Document()
        page = Page(doc, watcher)
        assert page.best.text.startswith("best: point")
        assert len(page.table_source.data["id"]) == 7
        assert doc.get_model_by_name("points") is page.table
        wait_for(lambda: watcher.extras().version == page.version)
        page.update()
        assert len(page.image_sources["mean"].data["image"]) == 1
    finally:
        watcher.close()


def test_a_molecule_is_drawn():
    pytest.importorskip("rdkit")
    from vae_opt.molecules.domain import molecule_svg

    assert molecule_svg("c1ccccc1O").startswith("<svg")
    assert molecule_svg("C1CC(") is None


def refused(capsys, *argv, match):
    status = main(["campaign", "dashboard", *map(str, argv)])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and err[0].startswith("vae-opt: error: "), err
    assert match in err[0], err[0]


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    refused(capsys, tmp_path / "missing.db", match="no campaign file")
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    refused(capsys, tmp_path / "junk.db", match="not a vae-opt campaign")
    path = told_campaign(tmp_path / "c.db")
    refused(capsys, path, "--port", 70000, match="--port must be")
    refused(capsys, path, "--host", "256.1.2.3", "--port", 0, match="cannot serve on")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        refused(capsys, path, "--port", taken.getsockname()[1], match="is in use")


def test_ports_and_origins():
    assert check_port(0) == 0 and check_port(65535) == 65535
    for bad in (-1, 65536, True, "80"):
        with pytest.raises(CampaignError):
            check_port(bad)
    assert origins("127.0.0.1", 5) == ["127.0.0.1:5", "localhost:5"]
    assert origins("0.0.0.0", 5) == ["0.0.0.0:5"]


@pytest.mark.slow
def test_molecule_samples_are_drawn_with_smiles_and_properties(tmp_path):
    pytest.importorskip("rdkit")
    from vae_opt.campaign.dashboard.extras import compute_extras
    from vae_opt.molecules.bundle import MoleculeModel, default_model_path
    from vae_opt.molecules.properties import PROPERTIES, molecule

    path, model = tmp_path / "m.db", MoleculeModel.load(default_model_path())
    with Campaign.create(path, seed=0, domain="molecules",
                         attributes={"vae": default_model_path()}) as campaign:
        points = campaign.ask(4)
        told = campaign.tell_many([(p.id, float(i)) for i, p in enumerate(points[:3])])
        order = [told[i].id for i in np.argsort(campaign.loss(told), kind="stable")]
    extras = compute_extras(path, 1, FAST, {})
    assert extras.samples_note == "" and [s["id"] for s in extras.samples] == order
    by_id = dict(zip([p.id for p in points], model.decode(np.array([p.t for p in points]))))
    for sample in extras.samples:
        assert sample["smiles"] == by_id[sample["id"]]
        if molecule(sample["smiles"]) is None:
            assert sample["svg"] is None and sample["properties"] == {}
        else:
            assert sample["svg"].startswith("<svg") and set(sample["properties"]) == set(PROPERTIES)


def test_a_file_broken_while_served_is_reported_on_the_page(tmp_path):
    import sqlite3

    from bokeh.document import Document

    from vae_opt.campaign.dashboard.page import Page

    path = told_campaign(tmp_path / "c.db")
    watcher = Watcher(path, FAST)
    try:
        page = Page(Document(), watcher)
        connection = sqlite3.connect(path)
        connection.execute("DROP TABLE points")
        connection.commit()
        connection.close()
        page.update()
        assert page.best.text.startswith(f"cannot read {path}") and "points" in page.best.text
        assert len(page.table_source.data["id"]) == 7  # what was shown stays
    finally:
        watcher.close()


def test_the_command_parser_does_not_import_bokeh():
    import subprocess
    import sys

    code = ("import sys; from vae_opt.cli import build_parser; build_parser(); "
            "print('bokeh' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=300).stdout
    assert out.strip() == "False"
