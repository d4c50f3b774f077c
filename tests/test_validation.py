"""Checks of user input: accepted values come back normalised, others fail naming the argument."""

import numpy as np
import pytest

from vae_opt.validation import (MAX_BOUND, check_bounds, check_choice, check_count,
                                check_positive_int, check_seeds, check_target)


def test_accepted_values_are_normalised():
    assert check_bounds([-2, 3]) == (-2.0, 3.0) and type(check_bounds((0, 1))[0]) is float
    assert check_bounds((-MAX_BOUND, MAX_BOUND)) == (-100.0, 100.0)
    assert check_target(np.int64(7)) == 7 and type(check_target(np.int64(7))) is int
    assert check_target(0) == 0 and check_target(9) == 9
    assert check_positive_int(np.int32(5), "n") == 5
    assert type(check_positive_int(np.int32(5), "n")) is int
    assert check_count(10, "n", available=10) == 10
    assert check_seeds([3, 1, 3, np.int64(0)]) == (3, 1, 0)  # order kept, duplicates dropped


@pytest.mark.parametrize("bounds", [(1, 1), (2, -2), (0, np.nan), (-np.inf, 0), "ab", (1,), None])
def test_bad_bounds(bounds):
    with pytest.raises(ValueError, match="bounds must"):
        check_bounds(bounds)


def test_bounds_far_beyond_the_prior():
    with pytest.raises(ValueError, match=r"within \[-100, 100\], got low=-1000, high=1"):
        check_bounds((-1000, 1))


@pytest.mark.parametrize("value", [0, -1, 1.5, "3", True, None])
def test_bad_counts_name_the_argument(value):
    with pytest.raises(ValueError, match="max_iter must be a positive integer"):
        check_positive_int(value, "max_iter")


def test_count_beyond_what_is_available():
    with pytest.raises(ValueError, match="n_test must be at most 10000 .* got 10001"):
        check_count(10001, "n_test", available=10000)


@pytest.mark.parametrize("target, message", [(10, "between 0 and 9, got 10"),
                                             (-1, "between 0 and 9"), (4.0, "integer digit"),
                                             ("4", "integer digit"), (False, "integer digit")])
def test_bad_targets(target, message):
    with pytest.raises(ValueError, match=message):
        check_target(target)


@pytest.mark.parametrize("seeds, message", [((), "at least one seed"),
                                            ((0, -1), r"integers >= 0, got \[0, -1\]"),
                                            ((1.5,), "integers >= 0"), ((True,), "integers >= 0")])
def test_bad_seeds(seeds, message):
    with pytest.raises(ValueError, match=message):
        check_seeds(seeds)


def test_check_choice_lists_the_choices():
    assert check_choice("b", ("a", "b"), "letter") is None
    with pytest.raises(ValueError, match="unknown letter 'z'; choose one of a, b"):
        check_choice("z", ("a", "b"), "letter")
    with pytest.raises(ValueError, match="unknown model 'x'; GPyOpt offers GP, RF"):
        check_choice("x", ("GP", "RF"), "model", hint="GPyOpt offers")
