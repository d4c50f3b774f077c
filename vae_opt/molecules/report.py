"""What the molecule notebook prints and draws: the model's recipe and metrics, and rows of the
best molecules of live searches. The benchmark of record is the suite ``molecules`` of
``vae-opt bench`` (its report: vae_opt.molecules.bench_report)."""

from __future__ import annotations


def model_summary(meta: dict) -> str:
    """The model's training record and its quality table (the JSON beside an exported model)."""
    from vae_opt.molecules.quality import table  # Keras, through the model bundle

    split = meta["split"]
    head = (f"{meta['command']} (seed {meta['seed']}): {meta['epochs_trained']} epochs, "
            f"{meta['train_hours']} h, {meta['parameters']:,} parameters; "
            f"{split['train']:,} MOSES train molecules; git {meta['git_commit'][:10]}")
    return head + "\n" + table(meta["metrics"])


def live_best_rows(runs: dict[str, list], prop: str = "qed") -> list[dict]:
    """The best valid molecule of each in-process search {method: records}; a search with no
    valid molecule has no row."""
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
