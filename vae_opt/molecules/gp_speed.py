"""What one iteration of latent-space BO costs in its GP (``vae-opt molecules gp-speed``): a
hyper-parameter fit (on at most `fit_points` of n points), conditioning on all n, and joint
Thompson samples over the candidates, on synthetic data in d dimensions.

The BO refits every `refit_every` iterations, so its GP seconds per iteration are
``fit / refit_every + condition + thompson``; decoding and scoring come on top.
"""

from __future__ import annotations

import time

import numpy as np

from vae_opt.molecules.gp import GP


def _seconds(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def gp_iteration_seconds(n: int, dim: int, candidates: int = 1000, batch: int = 10,
                         fit_points: int = 300, refit_every: int = 10, seed: int = 0) -> dict:
    """Seconds of fit, condition and Thompson sampling with n points in `dim` dimensions, and
    the GP's share of one BO iteration."""
    rng = np.random.default_rng(seed)
    t = rng.standard_normal((n, dim))
    y = np.sin(t[:, :3].sum(1)) + 0.1 * rng.standard_normal(n)
    gp = GP(dim, fit_points=fit_points)
    row = {"n": n, "dim": dim, "fit": _seconds(lambda: gp.fit(t, y, rng)),
           "condition": _seconds(lambda: gp.condition(t, y))}
    pool = rng.standard_normal((candidates, dim))
    row["thompson"] = _seconds(lambda: gp.thompson(pool, batch, rng))
    row["per_iteration"] = row["fit"] / refit_every + row["condition"] + row["thompson"]
    return row


def table(points=(250, 500, 1000), dims=(32, 56, 64), refit_every: int = 10) -> str:
    """A markdown table of gp_iteration_seconds for every (n, d)."""
    lines = ["| n | d | fit (s) | condition (s) | Thompson (s) | GP s / iteration |",
             "|---|---|---|---|---|---|"]
    for dim in dims:
        for n in points:
            r = gp_iteration_seconds(n, dim, refit_every=refit_every)
            lines.append(f"| {n} | {dim} | {r['fit']:.2f} | {r['condition']:.3f} | "
                         f"{r['thompson']:.3f} | {r['per_iteration']:.2f} |")
    return "\n".join(lines)
