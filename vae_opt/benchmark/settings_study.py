"""Which GPyOpt settings find the objective's minimum best? Candidates x digits x seeds, measured.

Every candidate spends the same budget (STUDY.budget = 52 evaluations: the method's 2 initial
points + 50) on the decode-and-classify objective of the pretrained models. Per run: regret (best
value found minus the minimum over the 161 x 161 grid), success (the judge assigns the best
point's image to the target) and seconds. Runs are interleaved (per target and seed, every
candidate in turn), so that the load of a shared machine falls on all candidates alike; the CSV
grows by one row per run, and a rerun with the same --out and --name skips the runs it holds.

    python -m vae_opt.benchmark.settings_study --out docs/settings-study --name screen \\
        --seeds 0 1 --candidates blog base anchors-2 refine-4 skopt
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Iterable

import numpy as np

from vae_opt.benchmark.peers import PEERS, SEARCHES, available, missing_note
from vae_opt.benchmark.runner import bo_iterations, objective_minima
from vae_opt.benchmark.study_candidates import CANDIDATES, describe
from vae_opt.config import OPTIMIZATION
from vae_opt.mnist.bench_config import STUDY
from vae_opt.mnist.evaluation import assigned_to
from vae_opt.files import check_output_dir, write_text_atomic
from vae_opt.mnist.networks.vae import decode
from vae_opt.optimization import OptimizationResult, optimize
from vae_opt.mnist.pretrained import Bundle, bundle

FIELDS = ("candidate", "target", "seed", "regret", "best_objective", "success_judge",
          "n_evaluations", "seconds")


def run_one(candidate: str, target: int, seed: int, budget: int, models: Bundle,
            minimum: float) -> dict:
    """One candidate (settings or peer) on one target with one seed: its CSV row."""
    objective = models.objective(target)
    bounds = OPTIMIZATION.bounds
    if candidate in PEERS:
        result: OptimizationResult = SEARCHES[candidate](objective, budget, models.latent_dim,
                                                         bounds, seed)
    else:
        settings = CANDIDATES[candidate]
        result = optimize(objective, bounds=bounds, seed=seed, settings=settings,
                          max_iter=bo_iterations(budget, settings))
    image = decode(models.decoder, result.x_best[None, :])
    return {"candidate": candidate, "target": target, "seed": seed,
            "regret": result.y_best - minimum, "best_objective": result.y_best,
            "success_judge": bool(assigned_to(models.judge, image, target)[0]),
            "n_evaluations": len(result.Y), "seconds": result.seconds}


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with open(path, newline="") as f:
        return [dict(r, target=int(r["target"]), seed=int(r["seed"]), regret=float(r["regret"]),
                     best_objective=float(r["best_objective"]),
                     success_judge=r["success_judge"] == "True",
                     n_evaluations=int(r["n_evaluations"]), seconds=float(r["seconds"]))
                for r in csv.DictReader(f)]


def run_study(candidates: Iterable[str], targets: Iterable[int], seeds: Iterable[int],
              csv_path: Path, budget: int = STUDY.budget, stream=sys.stderr) -> list[dict]:
    """Run every candidate on every target and seed, appending rows to csv_path as they come;
    runs already in that file are kept, not repeated. Returns all rows of the candidates."""
    candidates = list(candidates)
    rows = [r for r in _read(csv_path) if r["candidate"] in candidates]
    done = {(r["candidate"], r["target"], r["seed"]) for r in rows}
    models = bundle()
    minima = objective_minima(models.objective(0).log_probs, OPTIMIZATION.bounds)
    new_file = not csv_path.is_file()
    with open(csv_path, "a", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        if new_file:
            writer.writeheader()
        for target in targets:
            for seed in seeds:
                for candidate in candidates:
                    if (candidate, target, seed) in done:
                        continue
                    row = run_one(candidate, target, seed, budget, models, minima[target])
                    writer.writerow(row)
                    f.flush()
                    rows.append(row)
                    print(f"[study] {candidate:24s} target {target} seed {seed}: regret "
                          f"{row['regret']:.3f}, judge {row['success_judge']}, "
                          f"{row['seconds']:.2f} s", file=stream, flush=True)
    return rows


def summary(rows: list[dict], candidates: list[str]) -> list[dict]:
    """Per candidate: runs, mean/median/max regret, share within STUDY.within nats, success, s/run."""
    out = []
    for name in candidates:
        mine = [r for r in rows if r["candidate"] == name]
        if not mine:
            continue
        regret = np.array([r["regret"] for r in mine])
        out.append({"candidate": name, "runs": len(mine), "mean_regret": float(regret.mean()),
                    "median_regret": float(np.median(regret)), "max_regret": float(regret.max()),
                    "within": float(np.mean(regret <= STUDY.within)),
                    "success": float(np.mean([r["success_judge"] for r in mine])),
                    "seconds": float(np.mean([r["seconds"] for r in mine]))})
    return out


def markdown(stats: list[dict], title: str, budget: int = STUDY.budget) -> str:
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
                     f"{describe(s['candidate'])} |")
    return "\n".join(lines) + "\n"


def judge_near_minima(within: float = 0.05) -> str:
    """Per digit, what the judge says of the objective's grid minimum and of the grid points
    within `within` nats of it, and how far above the minimum its best judged-as-target point
    lies: success is capped where the objective's minimum is not the judge's digit."""
    from vae_opt.mnist.objectives import latent_grid, objective_surfaces

    models = bundle()
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=STUDY.output_dir)
    parser.add_argument("--name", default="study", help="file stem: <out>/<name>.csv and .md")
    parser.add_argument("--candidates", nargs="+", default=list(CANDIDATES),
                        choices=list(CANDIDATES) + list(PEERS))
    parser.add_argument("--targets", type=int, nargs="+", default=list(range(10)))
    parser.add_argument("--seeds", type=int, nargs="+", default=list(STUDY.seeds))
    parser.add_argument("--budget", type=int, default=STUDY.budget)
    parser.add_argument("--judge-map", action="store_true",
                        help="only print what the judge says near each digit's minimum")
    args = parser.parse_args(argv)
    if args.judge_map:
        print(judge_near_minima())
        return
    out = check_output_dir(args.out)
    missing = [c for c in args.candidates if c in PEERS and not available(c)]
    if missing:
        print(missing_note(missing), file=sys.stderr)
    candidates = [c for c in dict.fromkeys(args.candidates) if c not in missing]
    rows = run_study(candidates, args.targets, args.seeds, out / f"{args.name}.csv", args.budget)
    table = markdown(summary(rows, candidates), args.name, args.budget)
    write_text_atomic(out / f"{args.name}.md", table, force=True)
    print(table)


if __name__ == "__main__":
    main()
