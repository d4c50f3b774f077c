"""`vae-opt molecules ...`: train the molecule VAE (more subcommands may join).

``add_parser(subparsers)`` registers `molecules` in the `vae-opt` command; ``main`` runs it
alone (``python -m vae_opt.molecules.cli train ...``) with vae-opt's error handling.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from vae_opt.config import MOLECULES


def _cmd_train(args: argparse.Namespace) -> None:
    from vae_opt.molecules.training import train

    config = MOLECULES
    if args.subset is not None:
        config = replace(config, subset_size=args.subset,
                         held_out=min(config.held_out, max(1, args.subset // 10)))
    out = Path(args.out) if args.out else config.model_dir / config.model_file
    words = (["molecules", *args.argv] if args.argv is not None else sys.argv[1:])
    train(config, out=out, seed=args.seed, epochs=args.epochs, force=args.force,
          command=" ".join(["vae-opt", *words]), verbose=2)


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `molecules` (with `train`) in the vae-opt command's subparsers."""
    parser = subparsers.add_parser("molecules", help="molecules: a SELFIES VAE on MOSES with a "
                                   "property predictor (docs/molecules.md)")
    sub = parser.add_subparsers(dest="molecules_command", required=True)
    p = sub.add_parser("train", help="train the SELFIES VAE with its joint property predictor")
    p.add_argument("--seed", type=int, default=MOLECULES.seed)
    p.add_argument("--epochs", type=int, default=None,
                   help=f"training epochs (default {MOLECULES.epochs})")
    p.add_argument("--subset", type=int, default=None,
                   help=f"MOSES molecules drawn (default {MOLECULES.subset_size}); held-out "
                        "becomes min(default, subset // 10)")
    p.add_argument("--out", default=None,
                   help="model file (.keras; default "
                        f"{MOLECULES.model_dir / MOLECULES.model_file})")
    p.add_argument("--force", action="store_true", help="replace existing files")
    p.set_defaults(func=_cmd_train, argv=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    """`python -m vae_opt.molecules.cli ARGS` = `vae-opt molecules ARGS`."""
    from vae_opt.cli import Parser, _expected_errors

    argv = sys.argv[1:] if argv is None else argv
    parser = Parser(prog="vae-opt")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["molecules", *argv])
    args.argv = list(argv)
    try:
        args.func(args)
    except Exception as error:
        if not isinstance(error, _expected_errors()):
            raise
        print(f"vae-opt: error: {str(error).strip()}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
