"""Fixtures of the command-line tests."""

import pytest


@pytest.fixture
def campaign_file(tmp_path):
    """A 2-d campaign over a bare box with two pending points."""
    from vae_opt.campaign import Campaign

    path = tmp_path / "c.db"
    with Campaign.create(path, dim=2, seed=0) as campaign:
        campaign.ask(2)
    return path
