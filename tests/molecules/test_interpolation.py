"""Interpolation between two molecules in latent space."""

import numpy as np
import pytest

from vae_opt.molecules.interpolation import interpolate, latent_line


def test_line_has_both_ends_and_even_steps():
    line = latent_line(np.array([0.0, 0.0]), np.array([1.0, 2.0]), 5)
    np.testing.assert_allclose(line[0], [0, 0])
    np.testing.assert_allclose(line[-1], [1, 2])
    np.testing.assert_allclose(np.diff(line, axis=0), np.tile([[0.25, 0.5]], (4, 1)))


def test_too_few_steps_is_refused():
    with pytest.raises(ValueError, match="at least 2 steps"):
        latent_line(np.zeros(2), np.ones(2), 1)


def test_interpolation_ends_decode_the_ends_of_the_line(tiny_model):
    path = interpolate(tiny_model, "CCO", "c1ccccc1", steps=4)
    t = tiny_model.encode(["CCO", "c1ccccc1"])
    assert len(path) == 4
    assert path[0] == tiny_model.decode(t[:1])[0] and path[-1] == tiny_model.decode(t[1:])[0]
