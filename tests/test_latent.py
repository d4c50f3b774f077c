"""The latent space without networks: the prior's shell, projections onto it, draws inside it."""

import numpy as np
import pytest

from vae_opt.latent import project_to_shell, sample_shell, shell_radii


@pytest.mark.parametrize("dim", [2, 8, 16])
def test_shell_radii_hold_the_prior_mass(dim):
    low, high = shell_radii(dim, 0.8)
    norms = np.linalg.norm(np.random.default_rng(0).standard_normal((200_000, dim)), axis=1)
    assert np.mean(norms < low) == pytest.approx(0.1, abs=0.005)
    assert np.mean(norms > high) == pytest.approx(0.1, abs=0.005)
    assert low < np.sqrt(dim) < high  # the mass sits around |t| = sqrt(d), away from t = 0


@pytest.mark.parametrize("mass", [0.0, 1.0, -0.5, 1.5])
def test_shell_mass_must_be_a_fraction(mass):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        shell_radii(8, mass)


def test_projection_keeps_points_inside_and_moves_others_along_their_ray():
    radii = (1.0, 2.0)
    t = np.array([[0.5, 0.0], [1.5, 0.0], [0.0, 3.0], [0.0, 0.0], [3.0, 4.0]])
    projected = project_to_shell(t, radii)
    assert np.allclose(projected, [[1.0, 0.0], [1.5, 0.0], [0.0, 2.0], [1.0, 0.0], [1.2, 1.6]])


def test_shell_draws_lie_in_the_shell_and_the_box():
    radii, box = shell_radii(16, 0.8), (np.full(16, -4.0), np.full(16, 4.0))
    t = sample_shell(500, 16, radii, np.random.default_rng(1), box)
    norms = np.linalg.norm(t, axis=1)
    assert t.shape == (500, 16)
    assert np.all((norms >= radii[0]) & (norms <= radii[1])) and np.all(np.abs(t) <= 4.0)
    again = sample_shell(500, 16, radii, np.random.default_rng(1), box)
    assert np.array_equal(t, again)


def test_shell_draws_when_the_box_leaves_almost_no_room():
    """A box that cuts most of the shell away: rejection gives up, projection fills in."""
    radii, box = (1.9, 2.0), (np.full(2, -1.5), np.full(2, 1.5))
    t = sample_shell(50, 2, radii, np.random.default_rng(0), box)
    assert t.shape == (50, 2) and np.all(np.abs(t) <= 1.5)
    # Each point is a draw in the shell, or a projection onto it clipped to the box's edge.
    norms = np.linalg.norm(t, axis=1)
    in_shell = (norms >= radii[0] - 1e-9) & (norms <= radii[1] + 1e-9)
    on_edge = np.any(np.isclose(np.abs(t), 1.5), axis=1)
    assert np.all(in_shell | on_edge) and np.any(on_edge)
