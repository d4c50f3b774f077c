"""The campaign suite of ``vae-opt bench``: ``campaign-workers``, campaigns on 1, 2 and 4 Dask
workers against the sequential loop (vae_opt.campaign.parallel_bench). Importing this module
starts nothing; Dask loads when a run starts."""

from __future__ import annotations

from pathlib import Path

from vae_opt.bench.registry import Plan, Suite, register
from vae_opt.campaign.parallel_bench import Branin, Workers, describe, summary_markdown
from vae_opt.files import write_text_atomic

TASKS = {"branin-1s": 1.0, "branin-0.1s": 0.1, "branin-0s": 0.0}  # the lab's wait per evaluation
METHODS = {"sequential": 0, "workers-1": 1, "workers-2": 2, "workers-4": 4}


def report(records: list[dict], out_dir: Path) -> dict[str, Path]:
    """parallel.md: one table per task."""
    text = "\n".join(summary_markdown([r for r in records if r["task"] == task])
                     for task in dict.fromkeys(r["task"] for r in records))
    return {"parallel.md": write_text_atomic(out_dir / "parallel.md", text, force=True)}


register(Suite(
    name="campaign-workers", description="campaigns on 1, 2 and 4 Dask workers against the "
    "sequential loop: wall-clock speed-up and regret on Branin, the lab waiting per evaluation",
    tasks=tuple(TASKS), methods=tuple(METHODS),
    make_task=lambda name: Branin(name, TASKS[name]),
    make_method=lambda name: Workers(name, METHODS[name]),
    full=Plan(("branin-1s",), tuple(METHODS), tuple(range(10)), 20),
    quick=Plan(("branin-0.1s",), ("sequential", "workers-2"), (0,), 8),
    describe=describe, report=report))
