"""`vae-opt molecules ...`: train the molecule VAE (more subcommands may join).

``add_parser(subparsers)`` registers `molecules` in the `vae-opt` command, which runs it with
its error handling (this module imports nothing of ``vae_opt.cli``: no import cycle).
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
