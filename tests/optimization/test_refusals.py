"""The optimizer's last bad inputs: told points outside the box, and a search in which no
evaluation succeeds. Each is the package's ValueError, naming what went wrong."""

import numpy as np
import pytest

from vae_opt.optimization import OptimizationResult, Optimizer, optimize


@pytest.mark.parametrize("method", ["tell", "fail", "add_pending"])
@pytest.mark.parametrize("t", [[[99.0, 99.0]], [[0.0, -4.001]], [[0.0, 0.0], [4.5, 0.0]]])
def test_points_outside_the_box_are_refused(method, t):
    optimizer = Optimizer(2, bounds=(-4.0, 4.0))
    args = (t, np.zeros(len(t))) if method == "tell" else (t,)
    with pytest.raises(ValueError, match=r"lies outside the box \[-4, 4\]\^2"):
        getattr(optimizer, method)(*args)
    assert optimizer.n_proposed == 0  # nothing recorded


def test_points_on_the_box_are_taken():
    optimizer = Optimizer(2, bounds=(-4.0, 4.0))
    optimizer.tell([[-4.0, 4.0], [4.0, 0.0]], [1.0, 2.0])
    assert optimizer.X.shape == (2, 2)


def test_a_search_without_one_finite_value_says_so():
    def broken(t):
        return np.full(len(t), np.nan)

    with pytest.raises(ValueError, match="no evaluation succeeded: the objective's value was not "
                                         "finite at all 4 points evaluated"):
        optimize(broken, dim=2, settings="blog", max_iter=2, on_nonfinite="fail")


def test_an_empty_result_has_no_best():
    result = OptimizationResult(X=np.zeros((0, 2)), Y=np.zeros((0, 1)), seconds=0.0,
                                interrupted=True, failed=np.zeros((3, 2)))
    for name in ("x_best", "y_best"):
        with pytest.raises(ValueError, match=r"no evaluation succeeded in this run.*\(3 failed\)"):
            getattr(result, name)
    assert result.to_dict()["y_best"] is None  # the JSON of an interrupted run still writes
