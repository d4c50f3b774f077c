"""Does measuring in batches cost quality? The campaign-batches suite: sequential campaigns
against batches of 4 and 8, each a campaign file measured in-process (``Campaign.run``) with the
same 52 evaluations and settings "recommended".

The task is the lab's measurement of one target, -log p(target | decode(t)) (the campaign adds
the prior term itself); the method ``batch-B`` asks B points per round. A run is scored by the
judge's verdict on the best point's image, its regret (decode-and-classify objective minus the
grid minimum; slightly negative between grid points) and its rounds (how often the lab waited).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vae_opt.bench.protocol import Oracle
from vae_opt.campaign.campaign import Campaign
from vae_opt.mnist.evaluation import assigned_to
from vae_opt.mnist.networks.vae import decode

BATCHES = (1, 4, 8)
SETTINGS = "recommended"
COLUMNS = ("batch", "target", "seed", "success_judge", "success_classifier", "best_objective",
           "regret", "rounds", "n_evaluations", "seconds")


@dataclass
class LabTask:
    """The lab measurement of `target` (models: a pretrained Bundle; minimum: the grid's)."""

    name: str
    models: object
    target: int
    minimum: float
    direction: str = "minimize"

    def score(self, candidates: list) -> list[float]:
        """-log p(target | decode(t)) at each latent point."""
        return self.models.objective(self.target).nll_target(np.stack(candidates)).tolist()


@dataclass
class Batches:
    """A campaign that asks `batch` points per round until the budget is measured."""

    name: str
    batch: int

    def run(self, oracle: Oracle, seed: int) -> None:
        task = oracle.task
        with tempfile.TemporaryDirectory(prefix="vae-opt-bench-campaign-") as folder:
            path = Path(folder) / "campaign.db"
            with Campaign.create(path, dim=task.models.latent_dim, seed=seed, settings=SETTINGS,
                                 nll_values=True, attributes={"target": task.target},
                                 force=True) as campaign:
                best = campaign.run(lambda t: np.asarray(oracle(list(t))), oracle.budget,
                                    batch=self.batch, progress=False)
                oracle.notes.update(best_t=best.t, objective=float(campaign.loss([best])[0]),
                                    rounds=max(p.batch for p in campaign.points()))


def describe(task: LabTask, method: Batches, oracle: Oracle) -> dict:
    """The campaign fields of a finished run."""
    image = decode(task.models.decoder, np.array([oracle.notes["best_t"]]))
    objective = oracle.notes["objective"]
    return {"batch": method.batch, "target": task.target,
            "success_judge": bool(assigned_to(task.models.judge, image, task.target)[0]),
            "success_classifier": bool(assigned_to(task.models.classifier, image, task.target)[0]),
            "best_objective": objective, "regret": objective - task.minimum,
            "rounds": oracle.notes["rounds"], "n_evaluations": len(oracle.calls)}


def summary_markdown(rows: list[dict]) -> str:
    """The summary table (one row per batch size) and judged successes per target."""
    batches = sorted({r["batch"] for r in rows})
    targets = sorted({r["target"] for r in rows})
    lines = [f"Campaign benchmark: {rows[0]['n_evaluations']} evaluations per run, settings "
             f"\"{SETTINGS}\", {len(targets)} targets x {len({r['seed'] for r in rows})} seeds; "
             "decode-and-classify objective of the pretrained models.", "",
             "| batch | judged success | classifier success | mean regret | median regret | "
             "rounds | mean seconds per run |", "|---|---|---|---|---|---|---|"]
    for b in batches:
        mine = [r for r in rows if r["batch"] == b]
        regret = np.array([r["regret"] for r in mine])
        judged = sum(r["success_judge"] for r in mine)
        classified = sum(r["success_classifier"] for r in mine)
        lines.append(f"| {'sequential (1)' if b == 1 else b} | {judged}/{len(mine)} | "
                     f"{classified}/{len(mine)} | {regret.mean():.3f} | {np.median(regret):.3f} | "
                     f"{int(np.median([r['rounds'] for r in mine]))} | "
                     f"{np.mean([r['seconds'] for r in mine]):.1f} |")
    lines += ["", "Judged successes per target (out of the seeds):", "",
              "| target | " + " | ".join(f"batch {b}" for b in batches) + " |",
              "|---|" + "---|" * len(batches)]
    for t in targets:
        cells = [sum(r["success_judge"] for r in rows if r["batch"] == b and r["target"] == t)
                 for b in batches]
        n = len([r for r in rows if r["batch"] == batches[0] and r["target"] == t])
        lines.append(f"| {t} | " + " | ".join(f"{c}/{n}" for c in cells) + " |")
    lines += ["", "Produced by `vae-opt bench campaign-batches --out docs/campaign`; every run's "
              "numbers are in results.jsonl (and results.csv).", ""]
    return "\n".join(lines)
