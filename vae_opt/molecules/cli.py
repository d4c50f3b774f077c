"""`vae-opt molecules ...`: train the molecule VAE in a resumable run, export it, evaluate it,
read its history.

``add_parser(subparsers)`` registers `molecules` in the `vae-opt` command, which runs it with
its error handling (this module imports nothing of ``vae_opt.cli``: no import cycle).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from vae_opt.molecules.config import MOLECULES


def _cmd_train(args: argparse.Namespace) -> None:
    from vae_opt.molecules import fit, run

    if args.resume:
        run_dir = Path(args.resume)
        run.read_run(run_dir)  # a clear error before any model is built
    else:
        config = replace(MOLECULES, seed=args.seed)
        if args.train_size is not None:
            config = replace(config, train_size=args.train_size)
        if args.epochs is not None:
            config = replace(config, epochs=args.epochs)
        if args.latent_dim is not None:
            config = replace(config, latent_dim=args.latent_dim)
        words = (["molecules", *args.argv] if args.argv is not None else sys.argv[1:])
        run_dir = run.start(args.run_dir, config, " ".join(["vae-opt", *words]))
    if not args.prepare_only:
        fit.train(run_dir, max_steps=args.max_steps, max_minutes=args.max_minutes)


def _cmd_export(args: argparse.Namespace) -> None:
    from vae_opt.molecules.export import export

    export(args.run_dir, args.out, force=args.force, n_test=args.n_test)


def _cmd_evaluate(args: argparse.Namespace) -> None:
    from vae_opt.molecules.quality import evaluate_model

    if args.run is not None and args.model is not None:
        raise ValueError("give either --model (an exported model) or --run (a run's last "
                         "checkpoint), not both")
    evaluate_model(args.model, n_test=args.n_test, n_prior=args.n_prior,
                   protocol_molecules=args.protocol_molecules, seed=args.seed, out=args.json,
                   run_dir=args.run)


def _cmd_history(args: argparse.Namespace) -> None:
    from vae_opt.molecules.history import table

    print(table(args.run_dir))


def _cmd_gp_speed(args: argparse.Namespace) -> None:
    from vae_opt.molecules.gp_speed import table  # SciPy

    print(table(args.points, args.dims))


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `molecules` (train, export, evaluate) in the vae-opt command's subparsers."""
    parser = subparsers.add_parser("molecules", help="molecules: a SELFIES VAE on MOSES with a "
                                   "property predictor (docs/molecules.md)")
    sub = parser.add_subparsers(dest="molecules_command", required=True)
    p = sub.add_parser("train", help="train the SELFIES VAE with its joint property predictor in "
                       "a run folder that checkpoints every few minutes; --resume continues it")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--run-dir", help="a new run folder (its data are prepared first)")
    where.add_argument("--resume", metavar="RUN_DIR", help="continue the run in RUN_DIR")
    p.add_argument("--seed", type=int, default=MOLECULES.seed)
    p.add_argument("--epochs", type=_positive, default=None,
                   help=f"training epochs (default {MOLECULES.epochs})")
    p.add_argument("--train-size", type=_positive, default=None,
                   help=f"MOSES train molecules drawn (default {MOLECULES.train_size:,})")
    p.add_argument("--latent-dim", type=_positive, default=None,
                   help=f"latent dimensions (default {MOLECULES.latent_dim})")
    p.add_argument("--max-steps", type=_positive, default=None,
                   help="stop (with a checkpoint) after this many steps")
    p.add_argument("--max-minutes", type=float, default=None,
                   help="stop (with a checkpoint) after this many minutes")
    p.add_argument("--prepare-only", action="store_true", help="prepare the data, do not train")
    p.set_defaults(func=_cmd_train, argv=None)
    e = sub.add_parser("export", help="the model file (.keras, safe mode) and its JSON from a "
                       "finished run, with every quality metric")
    e.add_argument("run_dir")
    e.add_argument("--out", default=str(MOLECULES.model_dir / MOLECULES.model_file))
    e.add_argument("--n-test", type=_positive, default=MOLECULES.test_size)
    e.add_argument("--force", action="store_true", help="replace existing files")
    e.set_defaults(func=_cmd_export)
    v = sub.add_parser("evaluate", help="the quality table of a molecule model on held-out MOSES "
                       "test molecules: reconstruction, prior samples, active units, predictor")
    v.add_argument("--model", default=None, help="a .keras model (default: the committed one)")
    v.add_argument("--run", default=None, metavar="RUN_DIR",
                   help="evaluate the last checkpoint of a training run instead")
    v.add_argument("--n-test", type=_positive, default=MOLECULES.test_size)
    v.add_argument("--n-prior", type=_positive, default=1000)
    v.add_argument("--protocol-molecules", type=int, default=None,
                   help="molecules for the 10 x 10 encode/decode protocol (default: --n-test)")
    v.add_argument("--seed", type=int, default=0)
    v.add_argument("--json", default=None, help="also write the metrics to this JSON file")
    v.set_defaults(func=_cmd_evaluate)
    h = sub.add_parser("history", help="a run's validation after every epoch: reconstruction, KL "
                       "and the prior samples' quality (a markdown table)")
    h.add_argument("run_dir")
    h.set_defaults(func=_cmd_history)
    g = sub.add_parser("gp-speed", help="seconds of the BO's GP per iteration (fit, condition, "
                       "Thompson samples over 1,000 candidates) at n points in d dimensions")
    g.add_argument("--points", type=_positive, nargs="+", default=[250, 500, 1000])
    g.add_argument("--dims", type=_positive, nargs="+", default=[32, 56, 64])
    g.set_defaults(func=_cmd_gp_speed)
    return parser
