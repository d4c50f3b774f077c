"""`vae-opt startup`: how long the command takes to answer, cold, against a bare interpreter.

Each command runs in a fresh process (``python -m vae_opt ...``) on a scratch campaign, as a lab
user or a worker would run it; the table gives the median wall time of ``--repeats`` runs, and
its excess over ``python -c pass``. ``heavy_imports`` says which of ``HEAVY_MODULES`` a command
imported, read from Python's ``-X importtime`` report: the parser, `--help`, `campaign tell`,
`show` and `export` import none of them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# What a command that needs no model must not import: each costs seconds on a loaded machine.
HEAVY_MODULES: tuple[str, ...] = ("tensorflow", "keras", "GPy", "GPyOpt", "rdkit")
GOAL_S = 0.5  # --help and tell within this of the bare interpreter (on an idle machine)


def _env() -> dict[str, str]:
    """The environment of the runs: this checkout's vae_opt first on the path."""
    root = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")}


def run_command(args: list[str], cwd: Path, importtime: bool = False
                ) -> subprocess.CompletedProcess:
    """``python [-X importtime] -m vae_opt ARGS`` in `cwd`; its output captured as text."""
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run([sys.executable, *flags, "-m", "vae_opt", *args], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=600)


def heavy_imports(importtime_report: str) -> list[str]:
    """The HEAVY_MODULES (top-level packages) named in a ``-X importtime`` report, in order."""
    names = [line.rsplit("|", 1)[1].strip() for line in importtime_report.splitlines()
             if line.startswith("import time:") and line.count("|") == 2]
    return [name for name in dict.fromkeys(n.split(".")[0] for n in names) if name in HEAVY_MODULES]


def _seconds(command: list[str], cwd: Path, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command[2:])} failed: {done.stderr.strip()[-300:]}")
    return statistics.median(times)


def scratch_campaign(folder: Path, told: int) -> Path:
    """A 2-d campaign over a bare box (no model) with `told` points told and one pending."""
    from vae_opt.campaign import Campaign

    path = folder / f"startup-{told}.db"
    with Campaign.create(path, dim=2, seed=0) as campaign:
        for point in campaign.ask(told + 1)[:told]:
            campaign.tell(point.id, sum(x * x for x in point.t))
    return path


def measure(repeats: int) -> list[tuple[str, float]]:
    """(command, median seconds) for the bare interpreter and each measured command."""
    with tempfile.TemporaryDirectory(prefix="vae-opt-startup-") as tmp:
        folder = Path(tmp)
        fresh, fitted = scratch_campaign(folder, 0), scratch_campaign(folder, 10)
        module = [sys.executable, "-m", "vae_opt"]
        rows = [("python -c pass", [sys.executable, "-c", "pass"]),
                ("vae-opt --help", [*module, "--help"]),
                ("vae-opt campaign tell F 1 0.5", [*module, "campaign", "tell", str(fresh), "1",
                                                   "0.5", "--overwrite"]),
                ("vae-opt campaign ask F (design phase)", [*module, "campaign", "ask",
                                                           str(fresh)]),
                ("vae-opt campaign ask F (GP fit, 10 told)", [*module, "campaign", "ask",
                                                              str(fitted)])]
        return [(name, _seconds(command, folder, repeats)) for name, command in rows]


def format_table(rows: list[tuple[str, float]]) -> str:
    """The measured times as a text table, each with its excess over the bare interpreter."""
    bare = rows[0][1]
    lines = [f"{'command':42s} {'median s':>9s} {'- bare s':>9s}"]
    lines += [f"{name:42s} {s:9.3f} {s - bare:9.3f}" for name, s in rows]
    lines.append(f"goal: --help and tell within {GOAL_S} s of the bare interpreter (idle machine)")
    return "\n".join(lines)


def _cmd_startup(args: argparse.Namespace) -> None:
    from vae_opt.validation import check_positive_int

    repeats = check_positive_int(args.repeats, "--repeats")
    print(format_table(measure(repeats)))


def add_parsers(sub) -> None:
    p = sub.add_parser("startup", help="time the command's cold start (--help, campaign tell, "
                       "campaign ask) against a bare Python")
    p.add_argument("--repeats", type=int, default=5, help="runs of each command (median)")
    p.set_defaults(func=_cmd_startup)
