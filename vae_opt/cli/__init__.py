"""The `vae-opt` console command. Bad input exits with status 2 and one line that says what to do.

Subcommands live beside this file, one module per part of the method: ``models`` (train,
evaluate), ``search`` (optimize, speed, reproduce), ``startup`` (the command's own
start-up time); ``bench`` comes from vae_opt.bench.cli; campaigns register their own. Building
the parser imports no heavy library: each command imports what it needs when it runs
(``vae-opt startup`` measures it).
"""

from __future__ import annotations

import argparse
import re
import sys

# argparse takes "-3.5" for a value but "-2e0", "-1e-3" or "-inf" for an unknown option; with
# this pattern every such number is a value (a non-finite one is then refused by its check).
_NEGATIVE_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^-(inf|infinity|nan)$",
                              re.IGNORECASE)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that takes negative numbers in scientific notation as values."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = _NEGATIVE_NUMBER


def build_parser() -> argparse.ArgumentParser:
    from vae_opt.bench.cli import add_parser as add_bench_parser  # imports no suite
    from vae_opt.cli import models, search, startup  # none imports TensorFlow, GPy or RDKit

    parser = Parser(prog="vae-opt", description="Conditional generation by Bayesian "
                    "optimization in a VAE's latent space.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    models.add_parsers(sub)
    search.add_parsers(sub)
    startup.add_parsers(sub)
    add_bench_parser(sub)
    try:
        from vae_opt.campaign.cli import add_parser as add_campaign_parser
    except ImportError:
        add_campaign_parser = None
    if add_campaign_parser:
        add_campaign_parser(sub)
    try:
        from vae_opt.molecules.cli import add_parser as add_molecules_parser
    except ImportError:  # the molecule extras (rdkit, selfies) are not installed
        add_molecules_parser = None
    if add_molecules_parser:
        add_molecules_parser(sub)
    return parser


def _expected_errors() -> tuple[type[BaseException], ...]:
    """Errors that are the user's to fix: one line each, never a traceback."""
    from vae_opt.mnist.data import DataUnavailableError
    from vae_opt.paths import ModelsNotFoundError

    errors: list[type[BaseException]] = [ValueError, FileNotFoundError, DataUnavailableError,
                                         ModelsNotFoundError]
    if "vae_opt.networks.loading" in sys.modules:
        errors.append(sys.modules["vae_opt.networks.loading"].ModelFileError)
    if "vae_opt.mnist.reproduction" in sys.modules:
        errors.append(sys.modules["vae_opt.mnist.reproduction"].NotebookError)
    return tuple(errors)


# The library's errors name Python parameters; the command's options are their flags.
FLAGS = {"force=True": "--force", "overwrite=True": "--overwrite",
         "devices='auto' or N": "--devices auto or N", "without mixed precision":
         "without --mixed-precision", "another port": "another with --port",
         "check the host and the port": "check --host and --port",
         "the port must be": "--port must be", "give it a budget": "give --budget"}


def as_flags(message: str) -> str:
    """A library error's message with the parameters it names written as the command's flags."""
    for parameter, flag in FLAGS.items():
        message = message.replace(parameter, flag)
    return message


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except KeyboardInterrupt:
        print("vae-opt: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if not isinstance(error, _expected_errors()):
            raise
        message = as_flags(str(error).strip() or type(error).__name__)
        print(f"vae-opt: error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
