"""Every `vae-opt bench` command that the README, the docs and the Makefile show parses and
names only registered suites, tasks and methods (checked without running it)."""

import re
import shlex

import pytest

from vae_opt.bench.registry import suite
from vae_opt.bench.runner import Selection, resolve
from vae_opt.cli import build_parser
from vae_opt.paths import SOURCE_ROOT

PAGES = [SOURCE_ROOT / "README.md", SOURCE_ROOT / "Makefile",
         *sorted((SOURCE_ROOT / "docs").rglob("*.md"))]
INLINE = re.compile(r"`(vae-opt bench [^`]*)`")
BLOCK = re.compile(r"^(?:\$ |\t\$\(VAE_OPT\) )?(?:vae-opt )?(bench [^#\n`]*)", re.MULTILINE)


def documented() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text()
        commands = [c.replace("\n", " ") for c in INLINE.findall(text)]
        commands += [f"vae-opt {c}" for c in BLOCK.findall(text)]
        found += [(page.name, " ".join(c.split())) for c in commands
                  if c.split()[2:] and c.split()[2] != "NAME"]  # `vae-opt bench NAME`: prose
    return sorted(set(found))


def test_the_pages_show_bench_commands():
    assert len(documented()) >= 10


@pytest.mark.parametrize("page, command", documented())
def test_a_documented_bench_command_names_what_is_registered(page, command):
    args = build_parser().parse_args(shlex.split(command)[1:])
    _, runs = resolve(suite(args.name), Selection(args.task, args.method, args.seed, args.budget,
                                                   args.quick))
    assert runs, command
