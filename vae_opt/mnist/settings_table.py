"""The settings study's table: per BO candidate (``vae-opt bench mnist --method bo:NAME ...``)
or peer, regret against the grid minimum, the share of runs within STUDY.within nats of it,
judged success and time; and what the judge says near each digit's minimum (judge_near_minima:
``python -c "from vae_opt.mnist.settings_table import judge_near_minima as j; print(j())"``).
"""

from __future__ import annotations

import numpy as np

from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.bench_config import STUDY
from vae_opt.mnist.candidates import describe


def summary(rows: list[dict]) -> list[dict]:
    """Per method: runs, mean/median/max regret, share within STUDY.within nats, success, s/run."""
    out = []
    for name in dict.fromkeys(r["method"] for r in rows):
        mine = [r for r in rows if r["method"] == name and np.isfinite(r["regret"])]
        if not mine:
            continue
        regret = np.array([r["regret"] for r in mine])
        out.append({"candidate": name, "settings": mine[0].get("settings"), "runs": len(mine),
                    "mean_regret": float(regret.mean()),
                    "median_regret": float(np.median(regret)), "max_regret": float(regret.max()),
                    "within": float(np.mean(regret <= STUDY.within)),
                    "success": float(np.mean([r["success_judge"] for r in mine])),
                    "seconds": float(np.mean([r["seconds"] for r in mine]))})
    return out


def markdown(stats: list[dict], title: str, budget: int) -> str:
    """The summary as a Markdown table, each candidate with what it changes from `blog`."""
    lines = [f"# Settings study: {title}", "",
             f"Budget {budget} evaluations per run; regret in nats against the grid "
             f"minimum; within = share of runs with regret <= {STUDY.within}; success = the judge "
             "assigns the best point's image to the target; s/run = mean wall seconds, all "
             "candidates interleaved in one process.", "",
             "| candidate | runs | mean regret | median regret | max regret | within 0.5 "
             "| success | s/run | settings |", "|" + "---|" * 9]
    for s in stats:
        lines.append(f"| {s['candidate']} | {s['runs']} | {s['mean_regret']:.3f} | "
                     f"{s['median_regret']:.3f} | {s['max_regret']:.3f} | {100 * s['within']:.0f} % "
                     f"| {100 * s['success']:.0f} % | {s['seconds']:.2f} | "
                     f"{describe(s['settings'] or s['candidate'])} |")
    return "\n".join(lines) + "\n"


def judge_near_minima(within: float = 0.05) -> str:
    """Per digit, what the judge says of the objective's grid minimum and of the grid points
    within `within` nats of it, and how far above the minimum its best judged-as-target point
    lies: success is capped where the objective's minimum is not the judge's digit."""
    from vae_opt.mnist.networks.vae import decode  # TensorFlow
    from vae_opt.mnist.objectives import latent_grid, objective_surfaces  # TensorFlow
    from vae_opt.mnist.pretrained import bundle  # TensorFlow

    models = bundle()  # TensorFlow
    grid = latent_grid(OPTIMIZATION.bounds, 161)
    surfaces = objective_surfaces(models.objective(0).log_probs, grid)
    lines = [f"| digit | grid minimum at | judge's class there | judge p(digit) there | judged the digit "
             f"within {within} nats | lowest judged the digit, above the minimum |",
             "|" + "---|" * 6]
    for digit, surface in enumerate(surfaces):
        near = np.flatnonzero(surface <= surface.min() + 1.0)
        probs = np.asarray(models.judge(decode(models.decoder, grid[near]), training=False))
        ok, best = probs.argmax(axis=1) == digit, int(np.argmin(surface[near]))
        gap = surface[near][ok].min() - surface.min() if ok.any() else np.inf
        share = ok[surface[near] <= surface.min() + within].mean()
        lines.append(f"| {digit} | {np.round(grid[near[best]], 2).tolist()} | "
                     f"{probs[best].argmax()} | {probs[best, digit]:.2f} | {100 * share:.0f} % | "
                     f"{gap:.3f} |")
    return "\n".join(lines) + "\n"
