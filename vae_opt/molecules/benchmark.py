"""The molecule benchmark: BO against random prior samples and predictor-gradient search, for
QED and penalized logP, every seed; and the training subset's best molecule as the bar.

    python -m vae_opt.molecules.benchmark --out docs/molecules            # 5 seeds x 500
    python -m vae_opt.molecules.benchmark --out /tmp/mol --quick          # smoke: 1 seed x 40

Writes molecules.csv (one row per reported molecule: the `top_k` best distinct molecules of
every run, and the training set's best), runs.csv (one row per run), curves.csv (best so far
per evaluation) and summary.md (vae_opt.molecules.report). Runs already in runs.csv of --out
are kept and skipped (resume), unless --fresh.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from vae_opt.molecules.config import (MOLECULE_BENCHMARK, MOLECULE_BENCHMARK_QUICK,
                                      MoleculeBenchmarkConfig)
from vae_opt.files import check_output_dir, write_text_atomic
from vae_opt.molecules.bundle import MoleculeModel
from vae_opt.molecules.objectives import MoleculeObjective, Record
from vae_opt.molecules.properties import canonical

MOLECULE_COLUMNS = ("property", "method", "seed", "rank", "smiles", "qed", "penalized_logp",
                    "penalized_logp_raw", "evaluations", "novel")
RUN_COLUMNS = ("property", "method", "seed", "evaluations", "best", "best_smiles",
               "evaluations_to_beat_training", "validity", "unique_valid", "novelty",
               "best_novel", "seconds")


def training_reference(model: MoleculeModel) -> tuple[dict, set[str]]:
    """The training subset's best molecule per property (from the model's JSON) and the set of
    its canonical SMILES (for novelty), re-drawn with the recipe the JSON records."""
    from vae_opt.molecules.config import MOLECULES
    from vae_opt.molecules.data import training_molecules

    meta = model.metadata
    if "subset" not in meta:  # a model exported from a run: novelty against all of MOSES train
        from vae_opt.molecules.data import moses_train_canonical

        return meta["training_best"], set(moses_train_canonical())
    config = replace(MOLECULES, subset_size=meta["subset"]["size"],
                     subset_seed=meta["subset"]["subset_seed"],
                     held_out=meta["subset"]["held_out"], max_length=meta["max_length"])
    training = {canonical(s) for s in training_molecules(config).train}
    return meta["training_best"], training


def best_so_far(records: list[Record], prop: str) -> np.ndarray:
    values = np.array([r.values[prop] for r in records], dtype=np.float64)
    return np.fmax.accumulate(np.where(np.isnan(values), -np.inf, values))


def summarise(records: list[Record], prop: str, bar: float, training: set[str]) -> dict:
    """One run's numbers (see RUN_COLUMNS)."""
    curve = best_so_far(records, prop)
    beat = np.flatnonzero(curve > bar)
    valid = [canonical(r.smiles) for r in records if r.valid]
    unique = set(valid)
    i = int(np.argmax(curve == curve[-1]))
    best_smiles = canonical(records[i].smiles)
    return {"evaluations": len(records), "best": float(curve[-1]), "best_smiles": best_smiles,
            "evaluations_to_beat_training": int(beat[0]) + 1 if len(beat) else "",
            "validity": len(valid) / max(len(records), 1), "unique_valid": len(unique),
            "novelty": len(unique - training) / max(len(unique), 1),
            "best_novel": best_smiles not in training}


def top_molecules(records: list[Record], prop: str, k: int, training: set[str]) -> list[dict]:
    """The k best distinct valid molecules of a run, with the evaluation that first found each."""
    seen, rows = {}, []
    for n, r in enumerate(records, start=1):
        if r.valid:
            seen.setdefault(canonical(r.smiles), (n, r.values))
    ranked = sorted(seen.items(), key=lambda item: -item[1][1][prop])[:k]
    for rank, (smiles, (n, values)) in enumerate(ranked, start=1):
        rows.append({"rank": rank, "smiles": smiles, "evaluations": n,
                     "novel": smiles not in training,
                     **{p: values[p] for p in ("qed", "penalized_logp", "penalized_logp_raw")}})
    return rows


def _read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open())) if path.is_file() else []


def _write_csv(path: Path, rows: list[dict], columns) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in row.items()})
    write_text_atomic(path, out.getvalue(), force=True)


def run_benchmark(model: MoleculeModel, out: Path, config: MoleculeBenchmarkConfig,
                  fresh: bool = False, log=print) -> None:
    """Every (property, method, seed) of config not yet in out/runs.csv; then the report."""
    from vae_opt.molecules.properties import properties
    from vae_opt.molecules.report import write_report
    from vae_opt.molecules.search import run_search

    out = check_output_dir(out)
    paths = {name: out / f"{name}.csv" for name in ("runs", "molecules", "curves")}
    tables = {name: ([] if fresh else _read_csv(p)) for name, p in paths.items()}
    reference, training = training_reference(model)
    done = {(r["property"], r["method"], r["seed"]) for r in tables["runs"]}
    for prop in config.properties:
        best = reference[prop]
        if (prop, "training-set", "") not in done:
            values = properties(best["smiles"])
            tables["molecules"].append({"property": prop, "method": "training-set", "seed": "",
                                        "rank": 1, "smiles": canonical(best["smiles"]),
                                        "evaluations": model.metadata["subset"]["train"],
                                        "novel": False, **values})
            tables["runs"].append({"property": prop, "method": "training-set", "seed": "",
                                   "evaluations": model.metadata["subset"]["train"],
                                   "best": best["value"], "best_smiles": best["smiles"]})
    for seed in config.seeds:  # seed outermost: every finished seed is a complete picture
        for prop in config.properties:
            best = reference[prop]
            for method in config.methods:
                if (prop, method, str(seed)) in done:
                    continue
                objective = MoleculeObjective(model, prop)
                start = time.time()
                run_search(method, objective, config.evaluations, seed)
                seconds = time.time() - start
                records = objective.records[:config.evaluations]
                run = {"property": prop, "method": method, "seed": seed, "seconds": seconds,
                       **summarise(records, prop, best["value"], training)}
                tables["runs"].append(run)
                tables["molecules"] += [{"property": prop, "method": method, "seed": seed, **row}
                                        for row in top_molecules(records, prop, config.top_k,
                                                                 training)]
                curve = best_so_far(records, prop)
                tables["curves"] += [{"property": prop, "method": method, "seed": seed,
                                      "evaluation": n + 1, "best": float(v)}
                                     for n, v in enumerate(curve)]
                for name, columns in (("runs", RUN_COLUMNS), ("molecules", MOLECULE_COLUMNS),
                                      ("curves", ("property", "method", "seed", "evaluation",
                                                  "best"))):
                    _write_csv(paths[name], tables[name], columns)
                write_report(out, model, config)
                log(f"{prop} {method} seed {seed}: best {run['best']:.4f} "
                    f"({run['best_smiles']}), {seconds:.0f} s", flush=True)
    _write_csv(paths["runs"], tables["runs"], RUN_COLUMNS)
    _write_csv(paths["molecules"], tables["molecules"], MOLECULE_COLUMNS)
    write_report(out, model, config)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vae_opt.molecules.benchmark",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MOLECULE_BENCHMARK.output_dir)
    parser.add_argument("--model", type=Path, default=None, help="molecule model (.keras)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 seed, 40 evaluations")
    parser.add_argument("--seeds", type=int, nargs="+", default=None)
    parser.add_argument("--evaluations", type=int, default=None)
    parser.add_argument("--properties", nargs="+", default=None)
    parser.add_argument("--methods", nargs="+", default=None)
    parser.add_argument("--fresh", action="store_true", help="ignore runs already in --out")
    args = parser.parse_args(argv)
    config = MOLECULE_BENCHMARK_QUICK if args.quick else MOLECULE_BENCHMARK
    changes = {k: (tuple(v) if isinstance(v, list) else v) for k, v in
               (("seeds", args.seeds), ("evaluations", args.evaluations),
                ("properties", args.properties), ("methods", args.methods)) if v is not None}
    config = replace(config, **changes)
    model = MoleculeModel.load(args.model)
    print(json.dumps({k: v for k, v in vars(config).items() if k != "output_dir"}),
          file=sys.stderr)
    run_benchmark(model, args.out, config, fresh=args.fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
