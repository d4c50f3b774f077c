import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from vae_opt import plotting  # noqa: E402
from vae_opt.optimization import optimize  # noqa: E402


def bowl(t):
    return np.sum(np.asarray(t) ** 2, axis=1, keepdims=True) + 1.0


def test_figures_are_written_as_png(tmp_path, rng):
    labels = rng.integers(0, 10, 300)
    fig = plotting.plot_latent_spaces({k: rng.normal(size=(300, 2)) for k in ("off", "softmax")},
                                      labels)
    assert len(fig.axes) == 3  # two panels and one shared colour bar
    path = plotting.save_figure(fig, tmp_path / "new", "latent")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    axis = np.linspace(-4, 4, 12)
    surfaces = rng.uniform(1, 100, size=(10, 144))
    fig = plotting.plot_objective_surfaces(surfaces, axis, "test")
    assert len([ax for ax in fig.axes if ax.get_title().startswith("target")]) == 10


def test_best_samples_titles_carry_the_values(rng):
    values = np.linspace(2.0, 3.0, 10)
    assigned = np.array([True] * 7 + [False] * 3)
    fig = plotting.plot_best_samples(rng.random((10, 28, 28, 1)), values, 4, assigned)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [f"{v:.2f}" for v in values]
    assert "7/10" in fig._suptitle.get_text()


def test_acquisition_plot_has_three_panels():
    _, optimizer = optimize(0, bowl, max_iter=3, seed=0)
    fig = plotting.plot_acquisition(optimizer)
    titles = [ax.get_title() for ax in fig.axes]
    assert {"Posterior mean", "Posterior sd.", "Acquisition function"} <= set(titles)
