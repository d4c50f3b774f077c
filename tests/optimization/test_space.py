"""What a problem declares (Space) and what settings make of it (resolve): floors, prior shells
and known quadratics apply only where declared; settings travel as plain dicts."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from vae_opt.campaign import Campaign
from vae_opt.optimization import Optimizer, optimize
from vae_opt.optimization.prior import shell_radii
from vae_opt.optimization.settings import (BO_SETTINGS, BOSettings, bo_settings, default_settings,
                                           resolve)
from vae_opt.optimization.space import Space

PRIOR = Space(8, prior_weight=1.0, floor=True)
PLAIN = Space(8)


@pytest.mark.parametrize("name", list(BO_SETTINGS))
def test_settings_round_trip_through_json(name):
    settings = BO_SETTINGS[name]
    assert BOSettings.from_dict(json.loads(json.dumps(settings.to_dict()))) == settings
    assert bo_settings(settings.to_dict()) == settings


def test_unknown_fields_of_a_settings_dict_are_named():
    with pytest.raises(ValueError, match=r"unknown \['acqusition'\]"):
        BOSettings.from_dict({"name": "x", "acqusition": "EI"})
    with pytest.raises(ValueError, match="need a name"):
        BOSettings.from_dict({"initial_points": 3})


def test_resolve_keeps_what_is_declared_and_switches_off_the_rest():
    shell = BO_SETTINGS["prior-shell"]
    assert resolve(shell, PRIOR) == shell
    plain = resolve(shell, PLAIN)
    assert (plain.floor, plain.prior_shell, plain.initial_design) == ("none", 0.0, "random")
    no_floor = resolve(shell, Space(8, prior_weight=0.5))  # a prior, no floor (e.g. molecules)
    assert (no_floor.floor, no_floor.prior_shell, no_floor.initial_design) == ("none", 0.8, "prior")
    quadratic = replace(BO_SETTINGS["recommended"], known_quadratic=1.0)
    assert resolve(quadratic, PLAIN).known_quadratic == 0.0
    assert resolve(quadratic, PRIOR).known_quadratic == 1.0
    for space in (PRIOR, PLAIN):  # resolving twice changes nothing (stored settings reload)
        assert resolve(resolve(shell, space), space) == resolve(shell, space)


def test_one_default_by_dimension_for_the_api_and_the_optimizer():
    assert resolve(None, Space(2)).name == default_settings(2) == "recommended"
    assert resolve(None, Space(3)).name == default_settings(3) == "prior-shell"
    assert Optimizer(2).settings.name == "recommended"
    assert Optimizer(space=Space(8, prior_weight=1.0)).settings.prior_shell == 0.8


@pytest.mark.parametrize("kwargs, message", [
    ({"dim": 2, "floor": True}, "declare that prior_weight"),
    ({"dim": 2, "prior_weight": -1.0}, "prior_weight must be a finite number >= 0"),
    ({"dim": 2, "prior_weight": "heavy"}, "prior_weight must be"),
    ({"dim": 0}, "dim must be a positive integer"),
    ({"dim": 2, "bounds": (1.0, 1.0)}, "low < high"),
])
def test_impossible_declarations_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Space(**kwargs)


def test_a_space_round_trips_and_names_what_is_missing():
    assert Space.from_dict(json.loads(json.dumps(PRIOR.to_dict()))) == PRIOR
    with pytest.raises(ValueError, match="needs dim and bounds"):
        Space.from_dict({"dim": 2})


def centred_bowl(t):
    """A user's objective in 4-d whose minimum, t = 0, lies in the prior shell's hole."""
    return np.sum(np.atleast_2d(t) ** 2, axis=1, keepdims=True)


def test_an_undeclared_objective_is_searched_inside_the_prior_shells_hole_too():
    inner, _ = shell_radii(4, BO_SETTINGS["prior-shell"].prior_shell)
    result = optimize(centred_bowl, dim=4, seed=0, max_iter=20)  # default: prior-shell, resolved
    assert result.settings["settings"] == "prior-shell" and result.settings["bo"]["prior_shell"] == 0
    assert np.linalg.norm(result.x_best) < inner / 2  # where the shell would never have gone


@pytest.mark.parametrize("options, floor", [
    ({"nll_values": True}, "ei"),  # -log p minimised with the prior term: declared floor
    ({"nll_values": True, "maximize": True}, "none"),  # a maximised value: no floor
    ({"nll_values": True, "prior_weight": 0.0}, "none"),  # no prior term, nothing to floor
    ({}, "none"),  # a value not declared a -log p (e.g. -property) may take any sign
])
def test_campaigns_store_settings_resolved_against_their_loss(tmp_path, options, floor):
    with Campaign.create(tmp_path / "c.db", dim=2, seed=0, **options) as campaign:
        assert campaign.settings.bo.floor == floor
    with Campaign.open(tmp_path / "c.db") as campaign:  # read back as stored
        assert campaign.settings.bo.floor == floor and campaign.optimizer().settings.floor == floor


def test_the_floor_follows_the_declared_prior_weight():
    from vae_opt.optimization import gpyopt_additions as additions
    from vae_opt.optimization.prior import nll_prior

    X = np.array([[0.5, 0.5], [2.0, -1.0], [-1.0, 1.5]])
    weight = 0.25
    Y = weight * nll_prior(X) + np.array([[0.3], [0.1], [0.7]])  # g >= 0 above w * nll_prior
    box, constraint = additions.floor_region(X, Y, (-4.0, 4.0), weight=weight)
    q0 = weight * float(nll_prior(np.zeros((1, 2)))[0, 0])
    radius = np.sqrt(2 * (Y.min() - q0) / weight)  # the ball w * nll_prior(t) < min Y
    assert box == pytest.approx((-radius, radius))
    assert "0.5 * np.sum(x ** 2, axis=1)" in constraint[0]["constraint"]
    # With weight 1 the same values lie below the floor: not of the declared form, no floor.
    assert additions.floor_region(X, Y, (-4.0, 4.0), weight=1.0) is None
