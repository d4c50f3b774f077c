"""The figures: their panels, titles and the data they draw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.image  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from vae_opt import plotting  # noqa: E402
from vae_opt.optimization import optimize, optimizer_after  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def bowl(t):
    return np.sum((np.asarray(t) - 1.0) ** 2, axis=1, keepdims=True)


def test_save_figure_writes_the_figure_as_png(tmp_path):
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.imshow(np.ones((4, 4, 3)) * [1.0, 0.0, 0.0])  # a red square
    ax.axis("off")
    path = plotting.save_figure(fig, tmp_path / "new", "red")
    assert path == tmp_path / "new" / "red.png"
    pixels = matplotlib.image.imread(path)
    centre = pixels[pixels.shape[0] // 2, pixels.shape[1] // 2, :3]
    assert np.allclose(centre, [1.0, 0.0, 0.0])


def test_latent_spaces_draw_each_models_points(rng):
    t_means = {"off": rng.normal(size=(300, 2)), "softmax": rng.normal(size=(300, 2))}
    labels = rng.integers(0, 10, 300)
    fig = plotting.plot_latent_spaces(t_means, labels)
    panels, bar = fig.axes[:2], fig.axes[2]
    assert len(fig.axes) == 3  # two panels and one shared colour bar
    assert [ax.get_title() for ax in panels] == ["VAE (predictor off)",
                                                 "VAE + classifier (softmax)"]
    for ax, t_mean in zip(panels, t_means.values()):
        points = ax.collections[0]
        assert np.allclose(points.get_offsets(), t_mean)
        assert np.array_equal(points.get_array(), labels)
        assert ax.get_xlabel() == "$t_1$" and ax.get_ylabel() == "$t_2$"
    assert bar.get_ylabel() == "digit"
    assert [int(t) for t in bar.get_yticks()] == list(range(10))


def test_latent_space_of_an_unknown_kind_is_titled_with_its_name(rng):
    fig = plotting.plot_latent_spaces({"d8 projection": rng.normal(size=(10, 2))},
                                      rng.integers(0, 10, 10))
    assert fig.axes[0].get_title() == "d8 projection"


def test_objective_surfaces_mark_each_targets_minimum(rng):
    axis = np.linspace(-4, 4, 12)
    surfaces = rng.uniform(1, 100, size=(10, 144))
    fig = plotting.plot_objective_surfaces(surfaces, axis, "decode and classify")
    panels = [ax for ax in fig.axes if ax.get_title().startswith("target")]
    assert [ax.get_title() for ax in panels] == [f"target {t}" for t in range(10)]
    for target, ax in enumerate(panels):
        row, col = np.unravel_index(np.argmin(surfaces[target]), (12, 12))
        star = ax.lines[0]
        assert star.get_marker() == "*"
        assert star.get_xdata()[0] == axis[col] and star.get_ydata()[0] == axis[row]
    assert fig._suptitle.get_text().startswith("decode and classify")
    assert len(fig.axes) == 11  # and the colour bar


def test_best_samples_titles_carry_the_values_and_verdicts(rng):
    values = np.linspace(2.0, 3.0, 10)
    assigned = np.array([True] * 7 + [False] * 3)
    images = rng.random((10, 28, 28, 1))
    fig = plotting.plot_best_samples(images, values, 4, assigned)
    assert [ax.get_title() for ax in fig.axes] == [f"{v:.2f}" for v in values]
    colors = [ax.title.get_color() for ax in fig.axes]
    assert colors == ["green"] * 7 + ["red"] * 3
    for ax, image in zip(fig.axes, images):
        assert np.array_equal(ax.images[0].get_array(), image.squeeze())
    assert fig._suptitle.get_text() == ("target 4: 10 best samples, titled with f(t, target) "
                                        "— classifier assigns 7/10 to 4")


def test_best_samples_without_verdicts(rng):
    fig = plotting.plot_best_samples(rng.random((3, 28, 28, 1)), np.ones(3), 2)
    assert {ax.title.get_color() for ax in fig.axes} == {"black"}
    assert "classifier" not in fig._suptitle.get_text()


def test_best_so_far_draws_running_minima():
    curves = {"bo": [5.0, 3.0, 4.0, 1.0], "random": [2.0, 6.0, 2.5]}
    fig = plotting.plot_best_so_far(curves, title="target 4")
    ax = fig.axes[0]
    assert ax.get_title() == "target 4" and ax.get_xlabel() == "evaluations"
    (bo, random) = ax.lines
    assert bo.get_xdata().tolist() == [1, 2, 3, 4]
    assert bo.get_ydata().tolist() == [5.0, 3.0, 3.0, 1.0]
    assert random.get_ydata().tolist() == [2.0, 2.0, 2.0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["bo", "random"]


def test_acquisition_panels_show_the_gp_and_the_evaluated_points():
    result = optimize(bowl, dim=2, bounds=(-2.0, 2.0), max_iter=3, seed=0)
    optimizer = optimizer_after(result)
    fig = plotting.plot_acquisition(optimizer, size=20)
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["posterior mean", "posterior sd",
                                                 "acquisition (EI)"]
    for ax in panels:
        points = ax.lines[0]
        assert np.allclose(points.get_xdata(), result.X[:, 0])
        assert np.allclose(points.get_ydata(), result.X[:, 1])
        assert ax.get_xlim() == (-2.0, 2.0)
    suggestion = panels[-1].lines[-1]
    assert suggestion.get_color() == "magenta"
    assert -2.0 <= suggestion.get_xdata()[0] <= 2.0 and -2.0 <= suggestion.get_ydata()[0] <= 2.0
