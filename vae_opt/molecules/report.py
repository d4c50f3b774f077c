"""summary.md of the molecule benchmark: our numbers per property and method, the goals, and
published anchors labelled as theirs with what differs from their set-up."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from vae_opt.molecules.config import MoleculeBenchmarkConfig
from vae_opt.files import write_text_atomic

NAMES = {"qed": "QED", "penalized_logp": "penalized logP (standardised, JT-VAE's ZINC-250k "
         "statistics)"}
GOALS = {"qed": ("best QED >= 0.94 in every seed", lambda best: min(best) >= 0.94),
         "penalized_logp": ("best penalized logP above 5.71 (Tripp et al.'s plain LSO at 500 "
                            "evaluations), mean over seeds", lambda best: np.mean(best) > 5.71)}
ANCHORS = """\
## Published anchors (theirs, not reproduced here)

| property | method | value | set-up |
|---|---|---|---|
| penalized logP | latent-space optimization, JT-VAE (Tripp et al. 2020) | 5.71 ± 0.29 after 500 evaluations | ZINC-250k, JT-VAE (56-d), GP-BO on the VAE's latent space |
| penalized logP | weighted retraining, JT-VAE (Tripp et al. 2020) | 19.7 (mean of 5 runs) after 500 evaluations | same, the VAE retrained on weighted data during the search |
| QED | highest QED in ZINC-250k, and the best found by GCPN (You et al. 2018) | 0.948 | the ceiling most methods reach |

Standardisation: Tripp et al.'s code standardises with its own ZINC statistics (logP 2.45777691
± 1.43341767, -SA -3.05352042 ± 0.83460587, -cycle -0.04861121 ± 0.28746695), within 0.003 of
JT-VAE's used here; over the molecules of molecules.csv the two scores differ by at most 0.07
(the cycle term's sigma differs most, 0.5 %).

What differs from their set-up: our VAE is a SELFIES sequence VAE (Conv1D encoder, GRU decoder,
32-d) trained on 45,000 MOSES molecules (ZINC Clean Leads: molecular weight 250-350, XlogP <=
3.5, no charged atoms), not a junction-tree VAE on ZINC-250k; our BO starts from 20 prior
samples, not from a GP fitted to the training set's scores; our objective adds w * nll_prior(t)
(the method's prior term); and a SELFIES string of up to 50 tokens can be a long aliphatic
chain, the molecule that maximises penalized logP (logP grows with every carbon, SA and the
ring penalty do not), which is why the literature's penalized-logP records are such chains.
MOSES' XlogP <= 3.5 keeps high penalized logP out of the training data: the training subset's
best is far below the anchors.
"""


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open())) if path.is_file() else []


def _mean_sd(values: list[float], digits: int = 3) -> str:
    if not values:
        return "-"
    sd = np.std(values, ddof=1) if len(values) > 1 else 0.0
    return f"{np.mean(values):.{digits}f} ± {sd:.{digits}f}"


def property_table(runs: list[dict], prop: str) -> list[str]:
    lines = ["| method | runs | best found (mean ± sd) | worst seed | seeds beating the training "
             "set | evaluations to beat it (median) | valid decodes | novel found molecules | "
             "best is novel |", "|---|---|---|---|---|---|---|---|---|"]
    for method in ("bo", "bo-narrow", "random", "gradient", "training-set"):
        rows = [r for r in runs if r["property"] == prop and r["method"] == method]
        if not rows:
            continue
        best = [float(r["best"]) for r in rows]
        if method == "training-set":
            lines.append(f"| training set (best of {rows[0]['evaluations']}) | - | {best[0]:.3f} "
                         f"({rows[0]['best_smiles']}) | - | - | - | - | - | - |")
            continue
        beat = [int(r["evaluations_to_beat_training"]) for r in rows
                if r["evaluations_to_beat_training"]]
        lines.append(
            f"| {method} | {len(rows)} x {rows[0]['evaluations']} | {_mean_sd(best)} | "
            f"{min(best):.3f} | {len(beat)}/{len(rows)} | "
            f"{int(np.median(beat)) if beat else '-'} | "
            f"{_mean_sd([float(r['validity']) for r in rows], 2)} | "
            f"{_mean_sd([float(r['novelty']) for r in rows], 2)} | "
            f"{sum(r['best_novel'] == 'True' for r in rows)}/{len(rows)} |")
    return lines


def write_report(out: Path, model, config: MoleculeBenchmarkConfig) -> Path:
    """Write out/summary.md from out/runs.csv."""
    runs = _rows(out / "runs.csv")
    meta = model.metadata
    seeds = sorted({r["seed"] for r in runs if r["method"] != "training-set"})
    evaluations = sorted({r["evaluations"] for r in runs if r["method"] != "training-set"})
    full = len(seeds) >= 5 and evaluations == ["500"]
    lines = ["# Molecule benchmark", "",
             f"Scale: seeds {', '.join(seeds)}; {', '.join(evaluations)} evaluations per run"
             + ("" if full else " -- **smaller than the planned 5 seeds x 500 evaluations**")
             + ".", "",
             f"Model: `{meta.get('command', '?')}` (seed {meta.get('seed')}), "
             f"{meta['subset']['train']} training molecules of MOSES (subset seed "
             f"{meta['subset']['subset_seed']}). Every evaluation decodes a latent point (greedy "
             "decoding, SELFIES -> SMILES) and measures the molecule with RDKit; the objective "
             "minimised is -property + w * nll_prior(t) (w per property, vae_opt.molecules."
             "config.MOLECULES). BO: MOLECULE_BO (20 prior samples, then GPyOpt EI, one "
             "proposal at a time, box [-4, 4]^32; bo-narrow: the same in [-2, 2]^32). "
             f"Gradient: Adam on the joint predictor, {config.gradient_starts} starts, every "
             "iterate measured. Random: prior samples.",
             ""]
    for prop in config.properties:
        lines += [f"## {NAMES.get(prop, prop)}", ""] + property_table(runs, prop) + [""]
        for method in ("bo", "bo-narrow"):
            bo = [float(r["best"]) for r in runs if r["property"] == prop and r["method"] == method]
            if prop in GOALS and bo:
                text, met = GOALS[prop]
                lines += [f"Goal for {method}: {text}: **{'met' if met(bo) else 'not met'}** "
                          f"(per seed: {', '.join(f'{b:.3f}' for b in bo)}).", ""]
    lines += ["Columns: the best property value among a run's measured molecules; the first "
              "evaluation whose molecule beats the training subset's best; the share of "
              "evaluations that decode to a molecule; the share of a run's distinct molecules "
              "not in the training subset. molecules.csv lists the best molecules of every run "
              "(with the evaluation that found each), curves.csv the best so far.", "", ANCHORS]
    return write_text_atomic(out / "summary.md", "\n".join(lines) + "\n", force=True)


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
