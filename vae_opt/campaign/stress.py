"""Many writers on one campaign: processes that ask and tell at once, and how fast they go.

``python -m vae_opt.campaign.stress --store sqlite|postgres --processes 8 --tells 1000`` starts
the processes on one new campaign (a temporary SQLite file, or a campaign in a PostgreSQL server
it starts itself with ``pgserver``, or ``--url`` for one of yours), each asking one point and
telling its value in turn, and prints asks/s and tells/s over all of them (asks, and tells,
completed per second of wall-clock time from the writers' start to the last one's end, process
start-up included) and the mean time of one ask and one tell, then checks that
nothing was lost or duplicated. The campaign's settings make every proposal come from the
design (no GP), so what is timed is the storage: the optimizer's own time is not in it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from typing import Iterator

from vae_opt.optimization.settings import BOSettings


def design_only(n: int) -> BOSettings:
    """Settings whose first n proposals come from the random design: asks without a GP."""
    return BOSettings("design-only", initial_points=n)


def value_at(t) -> float:
    """The stand-in measurement of the writers: a quadratic bowl."""
    return float(sum(x * x for x in t))


def writer(location: str, n: int) -> dict:
    """Ask one point and tell its value, n times, in this process; prints `told ID` per commit."""
    from vae_opt.campaign import Campaign

    ask_s = tell_s = 0.0
    with Campaign.open(location) as campaign:
        for _ in range(n):
            start = time.perf_counter()
            (point,) = campaign.ask(1)
            middle = time.perf_counter()
            campaign.tell(point.id, value_at(point.t))
            ask_s, tell_s = ask_s + middle - start, tell_s + time.perf_counter() - middle
            print(f"told {point.id}", flush=True)
    return {"asks": n, "ask_s": ask_s, "tell_s": tell_s}


def start_writers(location: str, processes: int, each: int) -> list[subprocess.Popen]:
    """`processes` writer processes, each making `each` ask-tell pairs on `location`."""
    code = ("import json, sys; from vae_opt.campaign.stress import writer; "
            "print(json.dumps(writer(sys.argv[1], int(sys.argv[2]))))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
        os.environ.get("PYTHONPATH")])))
    return [subprocess.Popen([sys.executable, "-c", code, location, str(each)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(processes)]


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """A PostgreSQL server of its own (pgserver, in a temporary folder): its URL, then stopped."""
    import pgserver

    with tempfile.TemporaryDirectory() as folder:
        server = pgserver.get_server(folder, cleanup_mode="stop")
        try:
            yield server.get_uri()
        finally:
            server.cleanup()


def stress(location: str, processes: int, tells: int) -> dict:
    """Run the writers on a new campaign at `location`; the rates and the checks of the result."""
    from vae_opt.campaign import Campaign

    each = -(-tells // processes)
    Campaign.create(location, dim=2, settings=design_only(each * processes + 1), seed=0).close()
    start = time.perf_counter()
    workers = start_writers(location, processes, each)
    outputs = [w.communicate() for w in workers]
    wall = time.perf_counter() - start
    failed = [err.strip().splitlines()[-1] for w, (_, err) in zip(workers, outputs)
              if w.returncode != 0]
    if failed:
        raise RuntimeError(f"a writer failed: {failed[0]}")
    stats = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    told_ids = [int(line.split()[1]) for out, _ in outputs for line in out.splitlines()
                if line.startswith("told ")]
    with Campaign.open(location) as campaign:
        points = campaign.points()
    seqs = [p.seq for p in points if p.seq is not None]
    asks = sum(s["asks"] for s in stats)
    return {"processes": processes, "tells": asks, "wall_s": wall,
            "asks_per_s": asks / wall, "tells_per_s": asks / wall,  # all writers together
            "mean_ask_ms": 1000 * sum(s["ask_s"] for s in stats) / asks,
            "mean_tell_ms": 1000 * sum(s["tell_s"] for s in stats) / asks,
            "points": len(points), "told": sum(p.status == "told" for p in points),
            "told_by_writers": len(told_ids), "distinct_told_by_writers": len(set(told_ids)),
            "distinct_t": len({p.t for p in points}), "distinct_seq": len(set(seqs))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vae_opt.campaign.stress",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--url", help="a postgresql:// URL to use instead of a server of its own")
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--tells", type=int, default=1000)
    args = parser.parse_args(argv)
    if args.processes < 1 or args.tells < 1:
        parser.error("--processes and --tells must be positive")
    with tempfile.TemporaryDirectory() as folder:
        if args.url or args.store == "sqlite":
            result = stress(args.url or os.path.join(folder, "stress.db"), args.processes,
                            args.tells)
        else:
            with temporary_postgres() as url:
                result = stress(url + "&campaign=stress", args.processes, args.tells)
    result["store"] = "postgres" if args.url else args.store
    result["cores"] = os.cpu_count()
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
