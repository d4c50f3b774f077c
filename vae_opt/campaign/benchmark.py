"""Does measuring in batches cost quality? Sequential campaigns against batches of 4 and 8.

Every run is a campaign (a SQLite file, as a lab would use) on the decode-and-classify objective
of the pretrained models, measured in-process with ``Campaign.run``: the same 52 evaluations for
every batch size, settings "recommended". A run is scored by

* judged success: the judge network (trained apart from the classifier) assigns the best point's
  decoded image to the target;
* regret: the best loss minus the minimum of the objective over a 161 x 161 grid of [-4, 4]^2
  (it can be slightly negative between grid points);
* rounds: how many batches were asked, i.e. how many times the lab waited for results.

    python -m vae_opt.campaign.benchmark --out docs/campaign
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from vae_opt.campaign.campaign import Campaign
from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.bench_config import BENCHMARK
from vae_opt.mnist.config import NUM_CLASSES
from vae_opt.files import check_output_dir, write_text_atomic

BATCHES = (1, 4, 8)
BUDGET = 52  # the method's 2 initial points + 50 iterations
SETTINGS = "recommended"
COLUMNS = ("batch", "target", "seed", "success_judge", "success_classifier", "best_objective",
           "regret", "rounds", "n_evaluations", "seconds")
COMMAND = "python -m vae_opt.campaign.benchmark --out docs/campaign"


def run_one(models, target: int, seed: int, batch: int, minimum: float, folder: Path,
            budget: int = BUDGET) -> dict:
    """One campaign of `budget` evaluations in batches of `batch`; its row of results."""
    from vae_opt.mnist.evaluation import assigned_to
    from vae_opt.mnist.networks.vae import decode

    lab = models.objective(target, "decode-classify").nll_target
    path = folder / f"batch{batch}-target{target}-seed{seed}.db"
    with Campaign.create(path, dim=models.latent_dim, seed=seed, settings=SETTINGS,
                         nll_values=True, attributes={"target": target},
                         force=True) as campaign:
        start = time.perf_counter()
        best = campaign.run(lab, budget, batch=batch, progress=False)
        seconds = time.perf_counter() - start
        image = decode(models.decoder, np.array([best.t]))
        objective = float(campaign.loss([best])[0])
        points = campaign.points()
    return {"batch": batch, "target": target, "seed": seed,
            "success_judge": bool(assigned_to(models.judge, image, target)[0]),
            "success_classifier": bool(assigned_to(models.classifier, image, target)[0]),
            "best_objective": objective, "regret": objective - minimum,
            "rounds": max(p.batch for p in points), "n_evaluations": len(points),
            "seconds": seconds}


def results_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in row.items()})
    return out.getvalue()


def read_results(path: Path) -> list[dict]:
    """Rows of an earlier results.csv (to resume an interrupted benchmark), typed."""
    if not path.is_file():
        return []
    types = {"batch": int, "target": int, "seed": int, "rounds": int, "n_evaluations": int,
             "success_judge": lambda s: s == "True", "success_classifier": lambda s: s == "True"}
    with open(path, newline="") as f:
        return [{k: types.get(k, float)(v) for k, v in row.items()} for row in csv.DictReader(f)]


def summary_markdown(rows: list[dict], command: str = COMMAND) -> str:
    """The summary table (one row per batch size) and judged successes per target."""
    batches = sorted({r["batch"] for r in rows})
    targets = sorted({r["target"] for r in rows})
    budget = rows[0]["n_evaluations"] if rows else BUDGET
    lines = [f"Campaign benchmark: {budget} evaluations per run, settings \"{SETTINGS}\", "
             f"{len(targets)} targets x {len({r['seed'] for r in rows})} seeds; "
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
    lines += ["", f"Produced by `{command}`; every run's numbers are in results.csv.", ""]
    return "\n".join(lines)


def run_benchmark(out_dir: str | Path, targets=tuple(range(NUM_CLASSES)), seeds=BENCHMARK.seeds,
                  batches=BATCHES, budget: int = BUDGET, fresh: bool = False,
                  stream=sys.stderr, command: str = COMMAND) -> list[dict]:
    """Every (batch, target, seed) run; results.csv rewritten after each, summary.md at the end.

    Rows already in out_dir/results.csv are kept and not run again unless ``fresh``.
    """
    from vae_opt.benchmark.runner import objective_minima
    from vae_opt.mnist.pretrained import bundle

    out_dir = check_output_dir(out_dir)
    csv_path = out_dir / "results.csv"
    plan = [(b, t, s) for t in targets for s in seeds for b in batches]
    done = {} if fresh else {(r["batch"], r["target"], r["seed"]): r
                             for r in read_results(csv_path)
                             if r.get("n_evaluations") == budget}
    models = bundle()
    minima = objective_minima(models.objective(0).log_probs, OPTIMIZATION.bounds)
    rows = []
    with tempfile.TemporaryDirectory(prefix="vae-opt-campaign-benchmark-") as folder:
        for i, key in enumerate(plan, start=1):
            row = done.get(key) or run_one(models, key[1], key[2], key[0], minima[key[1]],
                                           Path(folder), budget)
            rows.append(row)
            write_text_atomic(csv_path, results_csv(rows), force=True)
            print(f"[{i}/{len(plan)}] batch {row['batch']}, target {row['target']}, seed "
                  f"{row['seed']}: judged {'yes' if row['success_judge'] else 'no '}  regret "
                  f"{row['regret']:.3f}  rounds {row['rounds']}  {row['seconds']:.1f} s",
                  file=stream, flush=True)
    write_text_atomic(out_dir / "summary.md", summary_markdown(rows, command), force=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vae_opt.campaign.benchmark",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs") / "campaign")
    parser.add_argument("--targets", type=int, nargs="+", default=list(range(NUM_CLASSES)))
    parser.add_argument("--seeds", type=int, nargs="+", default=list(BENCHMARK.seeds))
    parser.add_argument("--batches", type=int, nargs="+", default=list(BATCHES))
    parser.add_argument("--budget", type=int, default=BUDGET)
    parser.add_argument("--fresh", action="store_true",
                        help="ignore the rows of an earlier results.csv")
    args = parser.parse_args(argv)
    from vae_opt.validation import check_positive_int, check_seeds, check_target

    for target in args.targets:
        check_target(target)
    for batch in args.batches:
        check_positive_int(batch, "--batches")
    check_positive_int(args.budget, "--budget")
    try:
        args.seeds = list(check_seeds(args.seeds))
    except ValueError as error:
        parser.error(str(error))
    command = " ".join(["python -m vae_opt.campaign.benchmark",
                        *(sys.argv[1:] if argv is None else argv)])
    rows = run_benchmark(args.out, args.targets, args.seeds, args.batches, args.budget,
                         args.fresh, command=command)
    print(summary_markdown(rows, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
