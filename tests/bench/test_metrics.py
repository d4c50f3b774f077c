import numpy as np
import pytest

from vae_opt.bench import metrics


def test_top_k_curve_matches_sorting_each_prefix():
    values = list(np.random.default_rng(0).normal(size=40))
    curve = metrics.top_k_curve(values, 10, "maximize")
    for n in (1, 5, 10, 11, 40):
        assert curve[n - 1] == pytest.approx(np.mean(sorted(values[:n])[::-1][:10]))
    low = metrics.top_k_curve(values, 3, "minimize")
    assert low[-1] == pytest.approx(np.mean(sorted(values)[:3]))


def test_auc_rewards_finding_good_values_early_and_pads_a_short_run():
    early, late = [1.0] + [0.0] * 9, [0.0] * 9 + [1.0]
    assert metrics.top_k_auc(early, 1, 10, "maximize") == pytest.approx(1.0)
    assert metrics.top_k_auc(late, 1, 10, "maximize") == pytest.approx(0.1)
    assert metrics.top_k_auc([2.0], 1, 4, "maximize") == pytest.approx(2.0)
    with pytest.raises(ValueError, match="budget"):
        metrics.top_k_auc([1.0], 1, 0, "maximize")


def test_summary_and_best_so_far_follow_the_direction():
    values = [3.0, 1.0, 2.0, 0.5]
    assert list(metrics.best_so_far(values, "minimize")) == [3.0, 1.0, 1.0, 0.5]
    s = metrics.summary(values, budget=4, direction="minimize", k=2)
    assert s["best"] == 0.5 and s["top2_mean"] == pytest.approx(0.75) and s["calls"] == 4
