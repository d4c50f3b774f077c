"""`vae-opt bench NAME`: run a registered suite (resumably) and write its reports.

    vae-opt bench                       # the registered suites
    vae-opt bench mnist --quick         # the quick plan, results in results/bench/mnist/
    vae-opt bench mnist --method bo random --seed 0 1 --out docs/benchmark
    vae-opt bench mnist --out docs/benchmark --report-only   # tables and figures again

Building the parser imports no suite (they register on first use, vae_opt.bench.registry), and
a suite's heavy libraries load when its runs start.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vae_opt.bench.registry import suite, suites
from vae_opt.bench.report import SUMMARY_FILE, write_reports
from vae_opt.bench.results import RESULTS_FILE, ResultsFile
from vae_opt.bench.runner import Selection, resolve, run_suite
from vae_opt.files import check_output_dir

DEFAULT_OUT = Path("results") / "bench"


def _list() -> None:
    """One line per registered suite, with its tasks and methods."""
    for name, s in suites().items():
        plans = ", ".join(f"{mode} {len(p.tasks) * len(p.methods) * len(p.seeds)} runs "
                          f"(seeds {', '.join(map(str, p.seeds))})"
                          for mode, p in (("full", s.full), ("--quick", s.quick)))
        print(f"{name}: {s.description}\n  tasks: {', '.join(s.tasks)}\n  methods: "
              f"{', '.join(s.methods)}\n  plans: {plans}")


def _cmd_bench(args: argparse.Namespace) -> None:
    """Run the chosen suite's runs that are not in the results file yet, then its reports."""
    if args.name is None:
        _list()
        return
    chosen = suite(args.name)
    selection = Selection(args.task, args.method, args.seed, args.budget, args.quick)
    _, runs = resolve(chosen, selection)  # every name and number checked before any run
    out = check_output_dir(args.out or DEFAULT_OUT / chosen.name)
    results = args.json or out / RESULTS_FILE
    if args.report_only:
        records = [r for r in ResultsFile(results).read() if r["suite"] == chosen.name]
        if not records:
            raise ValueError(f"{results} holds no run of suite {chosen.name!r}")
    else:
        print(f"[bench {chosen.name}] {len(runs)} runs; results in {results}", file=sys.stderr,
              flush=True)
        records = run_suite(chosen, results, selection)
    paths = write_reports(chosen, records, out)
    print(Path(paths[SUMMARY_FILE]).read_text())
    print("wrote " + ", ".join(str(p) for p in paths.values()))


def add_parser(sub) -> None:
    """The `bench` subcommand."""
    p = sub.add_parser("bench", help="run a benchmark suite (resumable); no NAME: list them")
    p.add_argument("name", nargs="?", metavar="NAME", help="the suite; omit it to list suites")
    p.add_argument("--task", nargs="+", metavar="TASK", help="a subset of the suite's tasks")
    p.add_argument("--method", nargs="+", metavar="METHOD", help="a subset of its methods")
    p.add_argument("--seed", type=int, nargs="+", metavar="S", help="seeds (default: the plan's)")
    p.add_argument("--budget", type=int, metavar="N", help="evaluations per run for every task")
    p.add_argument("--quick", action="store_true", help="the suite's quick plan (a smoke run)")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help=f"reports (and results) folder; default: {DEFAULT_OUT}/NAME")
    p.add_argument("--json", type=Path, metavar="PATH",
                   help=f"the results file (JSON lines); default: DIR/{RESULTS_FILE}")
    p.add_argument("--report-only", action="store_true",
                   help="run nothing: write the reports from the results file")
    p.set_defaults(func=_cmd_bench)
