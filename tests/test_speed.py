"""`vae-opt speed`: both routes of the objective agree, and the figures are consistent."""

import numpy as np
import pytest

from vae_opt.mnist import speed
from vae_opt.mnist.objectives import LatentObjective
from vae_opt.paths import model_path


def test_predict_route_is_the_same_objective(stand_ins, rng):
    t = rng.uniform(-4, 4, size=(6, 2))
    for target in (0, 4, 9):
        slow = speed.predict_route(stand_ins.decoder, stand_ins.classifier, target)
        assert isinstance(slow, LatentObjective) and slow.latent_dim == 2
        assert np.allclose(slow(t), stand_ins.objective(target)(t), atol=1e-4)


@pytest.fixture(scope="module")
def figures(stand_ins):
    return speed.measure(stand_ins, repeats=3, max_iter=1, settings="blog")


def test_measure_gives_consistent_figures(figures):
    assert set(figures) == {"point_predict_s", "point_direct_s", "grid_80x80_s", "settings",
                            "bo_seconds", "bo_evaluations", "speedup"}
    assert figures["settings"] == "blog" and figures["bo_evaluations"] == 2 + 1
    assert figures["speedup"] == pytest.approx(figures["point_predict_s"] /
                                               figures["point_direct_s"])
    times = [figures[k] for k in ("point_predict_s", "point_direct_s", "grid_80x80_s",
                                  "bo_seconds")]
    assert all(0 < s < 60 for s in times)


def test_format_speed_shows_the_measured_figures(figures):
    text = speed.format_speed(figures)
    lines = text.splitlines()
    assert len(lines) == 4
    assert f"{1000 * figures['point_predict_s']:.2f} ms" in lines[0]
    assert f"{1000 * figures['point_direct_s']:.3f} ms" in lines[1]
    assert f"({figures['speedup']:.0f}x faster)" in lines[1]
    assert lines[3].endswith(f"(blog settings), 3 evaluations: {figures['bo_seconds']:.1f} s")


def test_format_speed_by_hand():
    text = speed.format_speed({"point_predict_s": 0.07, "point_direct_s": 0.0002,
                               "grid_80x80_s": 0.5, "settings": "recommended",
                               "bo_seconds": 12.34, "bo_evaluations": 55, "speedup": 350.0})
    assert text.splitlines() == [
        "decode-and-classify objective, one point, Model.predict route: 70.00 ms",
        "decode-and-classify objective, one point, direct compiled call: 0.200 ms  (350x faster)",
        "80 x 80 grid of the objective (6400 points): 0.500 s",
        "one Bayesian optimization (recommended settings), 55 evaluations: 12.3 s",
    ]


def test_measure_refuses_routes_that_disagree(stand_ins, monkeypatch):
    def shifted(decoder, classifier, target):
        fast = stand_ins.objective(target)
        return LatentObjective(lambda t: fast.log_probs(t) - 0.01, target)

    monkeypatch.setattr(speed, "predict_route", shifted)
    with pytest.raises(RuntimeError, match="routes of the objective disagree"):
        speed.measure(stand_ins, repeats=3, max_iter=1)


@pytest.mark.slow
@pytest.mark.skipif(not (model_path("softmax").is_file() and model_path("classifier").is_file()),
                    reason="pretrained models missing")
def test_measure_on_the_pretrained_models():
    from vae_opt.mnist.pretrained import bundle

    figures = speed.measure(bundle(), repeats=3, max_iter=2, settings="blog")
    assert figures["bo_evaluations"] == 4
    assert figures["point_direct_s"] < figures["point_predict_s"]  # the point of the compiled route
