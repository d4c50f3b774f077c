"""A run's validation history as a table: one row per epoch's end, the numbers that beta trades
(reconstruction against the prior samples' quality), so that docs quote what the run recorded."""

from __future__ import annotations

import json
from pathlib import Path

from vae_opt.molecules.run import HISTORY_FILE, RunError

COLUMNS = (("val_greedy_exact", "greedy exact", "{:.1%}"),
           ("val_token_accuracy", "token accuracy", "{:.3f}"),
           ("val_reconstruction", "reconstruction (nats)", "{:.2f}"),
           ("val_kl", "KL (nats)", "{:.1f}"),
           ("val_prior_valid", "prior valid", "{:.1%}"),
           ("val_prior_unique", "prior unique", "{:.1%}"),
           ("val_prior_qed", "prior QED", "{:.3f}"),
           ("val_prior_sa", "prior SA", "{:.2f}"))


def epochs(run_dir: str | Path) -> list[dict]:
    """The validation rows of a run, merged per epoch, with the beta of the epoch's last step."""
    path = Path(run_dir) / HISTORY_FILE
    if not path.is_file():
        raise RunError(f"{run_dir} has no {HISTORY_FILE}: not a training run, or not started")
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    merged: dict[int, dict] = {}
    beta: dict[int, float] = {}
    for row in rows:
        if row["kind"] == "validation":
            merged.setdefault(int(row["epoch"]), {"epoch": int(row["epoch"])}).update(row)
        elif row["kind"] == "train":
            beta[int(row["epoch"]) + 1] = row["beta"]  # epoch 7.9 is in the 8th epoch
    for epoch, row in merged.items():
        row["beta"] = beta.get(epoch, float("nan"))
    return [merged[e] for e in sorted(merged)]


def table(run_dir: str | Path) -> str:
    """The markdown table of `epochs`: a blank cell where an epoch did not record a number."""
    head = ["epoch", "beta"] + [label for _, label, _ in COLUMNS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in epochs(run_dir):
        cells = [str(row["epoch"]), f"{row['beta']:.3g}"]
        cells += [fmt.format(row[key]) if key in row else "" for key, _, fmt in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
