"""What the molecule notebook prints and draws: the model's recipe and metrics, and rows of best
molecules (from the old benchmark's molecules.csv in docs/molecules/, or from live searches).

The benchmark of record is the suite ``molecules`` of ``vae-opt bench`` (its report:
vae_opt.molecules.bench_report)."""

from __future__ import annotations

import csv
from pathlib import Path


def _rows(path: Path) -> list[dict]:
    """The rows of a CSV file, none when it does not exist."""
    return list(csv.DictReader(path.open())) if path.is_file() else []


def model_summary(meta: dict) -> str:
    """The model's recipe and metrics in a few lines (for the notebook and docs)."""
    m = meta["metrics"]
    rec, prior, r2 = (m["held_out_reconstruction"], m["prior_samples"],
                      m["predictor_r2_held_out"])
    return "\n".join([
        f"command: {meta['command']} (seed {meta['seed']}), {meta['parameters']:,} parameters, "
        f"{meta['train_seconds'] / 60:.0f} min",
        f"molecules: {meta['subset']['train']:,} training, {meta['subset']['held_out']:,} "
        f"held out (MOSES train, subset seed {meta['subset']['subset_seed']})",
        f"held-out reconstruction (greedy, from t_mean): tokens {rec['token_accuracy']:.3f} "
        f"(molecule tokens only {rec['token_accuracy_molecule_tokens']:.3f}), whole molecules "
        f"{rec['molecule_accuracy']:.3f}",
        f"{prior['n']} prior samples: valid {prior['validity']:.3f}, unique "
        f"{prior['uniqueness']:.3f}, novel {prior.get('novelty', float('nan')):.3f}",
        "predictor R^2 on held-out molecules: " + ", ".join(f"{k} {v:.3f}" for k, v in r2.items()),
    ])


def best_rows(path: Path, per_method: int = 1) -> list[dict]:
    """From molecules.csv: the training set's best and each (property, method)'s best
    `per_method` molecules over all seeds, highest first."""
    rows = _rows(Path(path))
    chosen = []
    for prop in dict.fromkeys(r["property"] for r in rows):
        for method in ("training-set", "bo", "bo-narrow", "gradient", "random"):
            group = [r for r in rows if r["property"] == prop and r["method"] == method]
            group.sort(key=lambda r: -float(r[prop]))
            chosen += group[:per_method]
    return chosen


def live_best_rows(runs: dict[str, list], prop: str = "qed") -> list[dict]:
    """The best valid molecule of each in-process search {method: records}, as rows like
    ``best_rows`` gives, for when no benchmark has been run yet (a search with no valid
    molecule has no row)."""
    rows = []
    for method, records in runs.items():
        valid = [(i, r) for i, r in enumerate(records) if r.valid]
        if not valid:
            continue
        i, best = max(valid, key=lambda ir: ir[1].values[prop])
        rows.append({"property": prop, "method": method, "seed": 0, "evaluations": i + 1,
                     "smiles": best.smiles, **best.values})
    return rows


def title(row: dict) -> str:
    """'method seed s, n evals' over 'QED q | pen. logP p' for a drawn molecule."""
    who = (f"{row['method']} seed {row['seed']}, eval {row['evaluations']}"
           if row["method"] != "training-set" else "training set's best")
    return (f"{row['property']}: {who}\nQED {float(row['qed']):.3f} | pen. logP "
            f"{float(row['penalized_logp']):.2f}")
