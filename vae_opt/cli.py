"""The `vae-opt` console command: train, evaluate, optimize, reproduce, benchmark."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's start-up chatter out


def _cmd_train(args: argparse.Namespace) -> None:
    from vae_opt.config import model_path
    from vae_opt.training import train

    output = args.output or model_path(args.kind)
    metrics = train(args.kind, output, seed=args.seed, epochs=args.epochs,
                    n_train=args.n_train, n_test=args.n_test)
    print(f"saved {output}; test metrics: {json.dumps(metrics['test'])}")


def _cmd_train_all(args: argparse.Namespace) -> None:
    from vae_opt.config import TRAINING_SEEDS, model_path
    from vae_opt.data import load_mnist
    from vae_opt.training import train

    data = load_mnist()
    for kind in args.kinds:
        print(f"== training {kind} (seed {TRAINING_SEEDS[kind]}) -> {model_path(kind)}", flush=True)
        metrics = train(kind, model_path(kind), seed=TRAINING_SEEDS[kind], data=data,
                        epochs=args.epochs)
        print(f"== {kind}: {json.dumps(metrics['test'])}", flush=True)


def _cmd_evaluate(args: argparse.Namespace) -> None:
    from vae_opt.report import evaluate_pretrained, format_evaluation

    results = evaluate_pretrained(n_test=args.n_test)
    print(format_evaluation(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


def build_parser() -> argparse.ArgumentParser:
    from vae_opt.config import MODEL_KINDS

    parser = argparse.ArgumentParser(
        prog="vae-opt",
        description="Conditional generation by Bayesian optimization in a VAE's latent space.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("train", help="train one model and write it with its metrics (JSON)")
    p.add_argument("kind", choices=MODEL_KINDS)
    p.add_argument("--output", type=Path, help="model file (.h5); default: models/vae-opt/<kind>")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, help="default: 15 (VAEs), 5 (classifiers)")
    p.add_argument("--n-train", type=int, help="use only the first N training images")
    p.add_argument("--n-test", type=int, help="use only the first N test images")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("train-all", help="train every pretrained model into models/vae-opt/")
    p.add_argument("--kinds", nargs="+", choices=MODEL_KINDS, default=list(MODEL_KINDS))
    p.add_argument("--epochs", type=int, help="override every model's epochs (for a smoke test)")
    p.set_defaults(func=_cmd_train_all)

    p = sub.add_parser("evaluate", help="evaluate the pretrained models on the MNIST test set")
    p.add_argument("--n-test", type=int, help="use only the first N test images")
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    p.set_defaults(func=_cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console command; bad input exits with status 2 and one clear line."""
    from vae_opt.data import DataUnavailableError
    from vae_opt.models import ModelFileError

    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (ValueError, ModelFileError, DataUnavailableError, FileNotFoundError) as error:
        print(f"vae-opt: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
