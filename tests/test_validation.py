import numpy as np
import pytest

from vae_opt.validation import check_bounds, check_positive_int, check_target


def test_accepted_values():
    assert check_bounds([-2, 3]) == (-2.0, 3.0)
    assert check_target(np.int64(7)) == 7 and check_target(0) == 0
    assert check_positive_int(np.int32(5), "n") == 5


@pytest.mark.parametrize("bounds", [(1, 1), (2, -2), (0, np.nan), "ab", (1,), None])
def test_bad_bounds(bounds):
    with pytest.raises(ValueError, match="bounds"):
        check_bounds(bounds)


@pytest.mark.parametrize("value", [0, -1, 1.5, "3", True, None])
def test_bad_counts_name_the_argument(value):
    with pytest.raises(ValueError, match="max_iter must be a positive integer"):
        check_positive_int(value, "max_iter")
