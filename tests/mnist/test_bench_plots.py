"""The benchmarks' figures: their panels, titles and the data they draw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from vae_opt.mnist import bench_plots as plots  # noqa: E402
from vae_opt.mnist.bench_report import Run  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _run(method, target, seed, trace, success=True):
    row = {"method": method, "target": target, "seed": seed, "success_judge": success}
    return Run(row, np.asarray(trace, float), np.full((28, 28, 1), 0.1 * (target + 1)))


def test_convergence_panels_draw_mean_over_seeds():
    runs = [_run("bo", 4, 0, [5, 3, 2]), _run("bo", 4, 1, [7, 5]),  # padded: 7, 5, 5
            _run("random", 4, 0, [6, 6, 6]), _run("bo", 7, 0, [1, 1, 1])]
    fig = plots.plot_convergence(runs)
    four, seven = fig.axes[:2]
    assert [four.get_title(), seven.get_title()] == ["target 4", "target 7"]
    bo, random = four.lines
    assert bo.get_xdata().tolist() == [1, 2, 3] and bo.get_ydata().tolist() == [6.0, 4.0, 3.5]
    assert random.get_ydata().tolist() == [6.0, 6.0, 6.0]
    assert [line.get_label() for line in seven.lines] == ["bo"]
    band = four.collections[0].get_paths()[0].vertices  # min-max over seeds of bo
    assert band[:, 1].min() == 2.0 and band[:, 1].max() == 7.0


def test_convergence_hides_unused_panels():
    runs = [_run("bo", t, 0, [3, 2]) for t in range(6)]  # 2 rows x 5 columns, 4 unused
    fig = plots.plot_convergence(runs)
    assert len(fig.axes) == 10
    assert [ax.get_visible() for ax in fig.axes] == [True] * 6 + [False] * 4


def test_benchmark_best_samples_grid():
    runs = [_run(m, t, s, [1.0], success=(m == "bo"))
            for t in (4, 7) for s in (1, 2) for m in ("bo", "cvae")]
    fig = plots.plot_benchmark_best_samples(runs)
    assert len(fig.axes) == 4  # targets x methods, at the first seed only
    titles = [(ax.get_title(), ax.title.get_color()) for ax in fig.axes]
    assert titles == [("bo", "green"), ("cvae", "red")] * 2
    assert [ax.get_ylabel() for ax in fig.axes] == ["target 4", "", "target 7", ""]
    assert np.allclose(fig.axes[2].images[0].get_array(), 0.8)  # the image of target 7
    assert "seed 1" in fig._suptitle.get_text()


def test_dimension_success_curves_by_hand():
    """The share of runs whose best sample has been judged the target by each evaluation."""
    def run(dim, method, first, success, settings=""):
        row = {"dim": dim, "budget": 4, "method": method, "settings": settings, "seed": 0,
               "target": 0, "evaluations_to_success": first, "success_judge": success}
        return Run(row, np.zeros(4), np.zeros((28, 28, 1)))
    runs = [run(8, "bo", 1, True, "prior-shell"), run(8, "bo", 3, True, "prior-shell"),
            run(8, "random", None, False), run(8, "random", 2, False), run(16, "random", 4, True)]
    fig = plots.plot_dimension_success(runs)
    eight, sixteen = fig.axes
    assert [eight.get_title(), sixteen.get_title()] == ["d = 8, budget 4", "d = 16, budget 4"]
    bo, random = eight.lines
    assert bo.get_ydata().tolist() == [0.5, 0.5, 1.0, 1.0]
    assert random.get_ydata().tolist() == [0.0, 0.5, 0.5, 0.5]
    assert bo.get_label() == "bo (prior-shell): 100 %" and random.get_label() == "random: 0 %"
    assert random.get_color() == sixteen.lines[0].get_color()  # one colour per method


def test_dimension_best_samples_rows_are_dimensions():
    runs = [Run({"dim": d, "target": t, "seed": 0, "method": "bo", "best_objective": d + t,
                 "success_judge": t == 1}, np.zeros(1), np.full((28, 28, 1), 0.5))
            for d in (8, 2) for t in (0, 1)]
    fig = plots.plot_dimension_best_samples(runs)
    assert [ax.get_ylabel() for ax in fig.axes] == ["d = 2", "", "d = 8", ""]
    assert [(ax.get_title(), ax.title.get_color()) for ax in fig.axes] == [
        ("2.00", "red"), ("3.00", "green"), ("8.00", "red"), ("9.00", "green")]
