"""Domains as plugins: a domain defined only here runs campaigns; files from before domains open.

The toy domain's "model" maps a latent point t to the vector 2 t (its sample) and back; its
built-in lab measures |sample - 1|^2. Nothing of vae_opt knows it: it is registered by name.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from vae_opt import domain as domains
from vae_opt.campaign import Campaign, CampaignError
from vae_opt.campaign.samples import ask_samples
from vae_opt.cli import main
from vae_opt.domain import DomainError, check_options, write_each
from vae_opt.optimization.settings import BOSettings

FAST = BOSettings("fast-test", initial_points=100)  # no GP: every proposal from the design


class Doubler:
    """The toy model: sample = 2 t."""

    def __init__(self, latent_dim: int):
        self.latent_dim = latent_dim

    def encode(self, samples) -> np.ndarray:
        return np.asarray(samples, dtype=np.float64) / 2.0

    def decode(self, t: np.ndarray) -> np.ndarray:
        return 2.0 * np.asarray(t, dtype=np.float64)


def write_vector(sample: np.ndarray, point, out_dir: Path) -> dict:
    """ID.json: the sample as a list."""
    path = out_dir / f"{point.id}.json"
    path.write_text(json.dumps(sample.tolist()))
    return {"vector": sample.tolist(), "file": str(path)}


def distance_to_ones(t: np.ndarray) -> np.ndarray:
    """The toy lab: |2 t - 1|^2, (n, 1)."""
    return np.sum((2.0 * np.atleast_2d(t) - 1.0) ** 2, axis=1, keepdims=True)


class QuadraticDomain:
    """Vectors as samples; attribute ``dim`` (the model's latent dimension)."""

    name = "toy-quadratic"
    nll_values = False
    prior_weight = 0.0
    settings = None
    objectives = ("distance",)

    def attributes(self, options):
        options = check_options(self.name, options, ("dim",))
        return {"dim": int(options.get("dim", 3))}

    def load(self, attributes):
        return Doubler(attributes["dim"])

    def write_samples(self, model, points, out_dir: Path) -> list[dict]:
        return write_each(model, points, out_dir, write_vector)

    def show(self, model, t):
        return [{"html": f"<code>{np.round(v, 3).tolist()}</code>"} for v in model.decode(t)]

    def objective(self, attributes, name):
        if name not in (None, "distance"):
            raise DomainError(f"no objective {name!r}")
        return distance_to_ones


@pytest.fixture
def toy():
    domain = domains.register(QuadraticDomain())
    yield domain
    domains.unregister(domain.name)


def test_a_domain_defined_in_a_test_runs_a_campaign(toy, tmp_path):
    path = tmp_path / "toy.db"
    with Campaign.create(path, domain=toy.name, attributes={"dim": 3}, seed=0,
                         settings=FAST) as campaign:
        assert (campaign.settings.dim, campaign.settings.prior_weight) == (3, 0.0)
        records = ask_samples(campaign, 4, tmp_path / "samples")
        for record in records:
            vector = json.loads(Path(record["file"]).read_text())
            assert vector == pytest.approx(2.0 * np.array(record["t"]))
        values = [float(np.sum((np.array(r["vector"]) - 1.0) ** 2)) for r in records]
        campaign.tell_many([(r["id"], v) for r, v in zip(records, values)])
        assert campaign.best().id == records[int(np.argmin(values))]["id"]
    with Campaign.open(path) as campaign:  # stored: the domain's name and attributes
        assert (campaign.settings.domain, campaign.settings.attributes) == (toy.name, {"dim": 3})
        assert campaign.counts()["told"] == 4


def test_the_cli_creates_asks_and_runs_a_test_domain(toy, tmp_path, capsys):
    path = str(tmp_path / "toy.db")
    assert main(["campaign", "new", path, "--domain", toy.name, "--settings", "blog"]) == 0
    assert main(["campaign", "ask", path, "--n", "2", "--out", str(tmp_path / "s")]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()[1:]]
    assert [len(r["vector"]) for r in records] == [3, 3]
    assert main(["campaign", "run", path, "--budget", "5", "--quiet"]) == 0
    with Campaign.open(path) as campaign:
        told = campaign.points("told")
        assert len(told) == 5
        assert [p.value for p in told] == pytest.approx(
            distance_to_ones(np.array([p.t for p in told]))[:, 0])
    assert main(["campaign", "new", str(tmp_path / "b.db"), "--domain", toy.name,
                 "--target", "3"]) == 2
    assert "toy-quadratic campaign takes no --target" in capsys.readouterr().err


def test_an_unknown_domain_and_an_unregistered_one_are_named(tmp_path):
    with pytest.raises(DomainError, match="unknown domain 'nowhere'; known: mnist, molecules"):
        Campaign.create(tmp_path / "c.db", domain="nowhere")
    with pytest.raises(TypeError, match="lacks .*write_samples"):
        domains.register(type("Half", (), {"name": "half", "load": None})())
    assert not (tmp_path / "c.db").exists()


def test_a_campaign_without_a_domain_keeps_user_attributes_and_has_no_samples(tmp_path):
    path = tmp_path / "c.db"
    Campaign.create(path, dim=2, settings=FAST, attributes={"lab": "B-12", "plate": 3}).close()
    with Campaign.open(path) as campaign:
        assert campaign.settings.attributes == {"lab": "B-12", "plate": 3}
        records = ask_samples(campaign, 2)
        assert [set(r) for r in records] == [{"id", "t", "batch"}] * 2
        with pytest.raises(CampaignError, match="bare box"):
            campaign.model()
    with pytest.raises(CampaignError, match="plain JSON"):
        Campaign.create(tmp_path / "d.db", dim=2, attributes={"when": object()})


def _as_written_before_domains(path: Path, **old) -> dict:
    """Rewrite a campaign file's settings as vae-opt wrote them before domains existed."""
    connection = sqlite3.connect(path)
    settings = json.loads(connection.execute(
        "SELECT value FROM meta WHERE key = 'settings'").fetchone()[0])
    for key in ("domain", "attributes", "nll_values"):
        settings.pop(key)
    settings.update(old)
    with connection:
        connection.execute("UPDATE meta SET value = ? WHERE key = 'settings'",
                           (json.dumps(settings, sort_keys=True),))
    connection.close()
    return settings


@pytest.mark.parametrize("old, domain, attributes, nll_values", [
    ({"objective": "decode-classify", "vae": None, "classifier": None, "target": 4},
     None, {"target": 4, "objective": "decode-classify"}, True),
    ({"objective": "predictor", "vae": {"path": "/m/vae.h5", "sha256": "ab"},
      "classifier": {"path": "/m/c.h5", "sha256": "cd"}, "target": None},
     "mnist", {"vae": {"path": "/m/vae.h5", "sha256": "ab"},
               "classifier": {"path": "/m/c.h5", "sha256": "cd"}, "objective": "predictor"}, True),
    ({"objective": "molecule", "classifier": None, "target": None,
      "vae": {"path": "/m/mol.keras", "sha256": "ef", "metadata_sha256": "01"}},
     "molecules", {"vae": {"path": "/m/mol.keras", "sha256": "ef", "metadata_sha256": "01"}},
     False),
])
def test_campaign_files_from_before_domains_open_as_their_domain(tmp_path, old, domain,
                                                                  attributes, nll_values):
    path = tmp_path / "old.db"
    with Campaign.create(path, dim=2, settings=FAST) as campaign:
        campaign.tell(campaign.ask(1)[0].id, 0.5)
    _as_written_before_domains(path, **old)
    before = path.read_bytes()
    with Campaign.open(path) as campaign:
        s = campaign.settings
        assert (s.domain, s.attributes, s.nll_values) == (domain, attributes, nll_values)
        assert campaign.counts()["told"] == 1 and campaign.best().value == 0.5
    assert path.read_bytes() == before  # opening never rewrites the user's file


def test_an_old_file_with_an_unknown_objective_is_refused_not_guessed(tmp_path):
    path = tmp_path / "old.db"
    Campaign.create(path, dim=2, settings=FAST).close()
    _as_written_before_domains(path, objective="smell", vae=None, classifier=None, target=None)
    with pytest.raises(CampaignError, match="unknown objective 'smell'"):
        Campaign.open(path)


def test_the_built_in_domains_are_domains_and_found_by_name():
    from vae_opt.domain import Domain, get_domain, names

    assert {"mnist", "molecules"} <= set(names())
    for name in ("mnist", "molecules"):
        domain = get_domain(name)
        assert isinstance(domain, Domain) and domain.name == name
    assert get_domain("mnist").nll_values and not get_domain("molecules").nll_values
    assert get_domain("molecules").objectives == ()


class Digits:
    """A stand-in for the MNIST bundle: decodes t to a (28, 28) image of brightness t[0]."""

    latent_dim = 2

    def decode(self, t):
        t = np.asarray(t, dtype=np.float64)
        ramp = np.linspace(0.0, 1.0, 28)[:, None] * np.ones((1, 28))
        return np.stack([np.clip(ramp * abs(row[0]), 0.0, 1.0) for row in t])


def test_the_mnist_domain_writes_and_shows_digits(tmp_path):
    from types import SimpleNamespace

    from vae_opt.domain import get_domain

    mnist = get_domain("mnist")
    points = [SimpleNamespace(id=7, t=(0.5, 0.0), batch=1), SimpleNamespace(id=8, t=(1.0, 2.0),
                                                                               batch=1)]
    records = mnist.write_samples(Digits(), points, tmp_path)
    assert [(r["id"], r["batch"]) for r in records] == [(7, 1), (8, 1)]
    for record, image in zip(records, Digits().decode([p.t for p in points])):
        np.testing.assert_array_equal(np.load(record["array"]), image)
        assert Path(record["image"]).read_bytes()[:4] == b"\x89PNG"
    shown = mnist.show(Digits(), np.array([[1.0, 0.0]]))
    np.testing.assert_array_equal(shown[0]["image"], np.flipud(Digits().decode([[1.0, 0.0]])[0]))
    with pytest.raises(DomainError, match="no target digit"):
        mnist.objective({"vae": {"path": "v.h5"}, "objective": "predictor"}, None)
    with pytest.raises(DomainError, match="cannot switch it to decode-classify"):
        mnist.objective({"vae": {"path": "v.h5"}, "target": 3, "objective": "predictor"},
                        "decode-classify")
