"""The `vae-opt` console command: train, evaluate, optimize, reproduce, benchmark."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cmd_train(args: argparse.Namespace) -> None:
    from vae_opt.config import model_path
    from vae_opt.training import train

    output = args.output or model_path(args.kind)
    metrics = train(args.kind, output, seed=args.seed, epochs=args.epochs,
                    n_train=args.n_train, n_test=args.n_test,
                    latent_dim=args.latent_dim)
    print(f"saved {output}; test metrics: {json.dumps(metrics['test'])}")


def _cmd_train_all(args: argparse.Namespace) -> None:
    from vae_opt.training import train_all

    train_all(tuple(args.kinds), epochs=args.epochs)


def _cmd_evaluate(args: argparse.Namespace) -> None:
    from vae_opt.report import evaluate_pretrained, format_evaluation

    results = evaluate_pretrained(n_test=args.n_test)
    print(format_evaluation(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


def _cmd_optimize(args: argparse.Namespace) -> None:
    from vae_opt.models import load_model
    from vae_opt.objectives import decode_classify_objective, predictor_objective
    from vae_opt.optimization import optimize
    from vae_opt.pretrained import load_pretrained
    from vae_opt.validation import check_bounds, check_positive_int, check_target

    check_target(args.target)
    bounds = check_bounds((args.low, args.high))
    check_positive_int(args.max_iter, "--max-iter")
    vae = load_model(args.vae) if args.vae else load_pretrained("softmax")
    if args.objective == "predictor":
        objective = predictor_objective(vae.get_layer("predictor"), args.target)
    else:
        classifier = load_model(args.classifier) if args.classifier else load_pretrained("classifier")
        objective = decode_classify_objective(vae.get_layer("decoder"), classifier, args.target)
    print(f"optimizing target {args.target}: {args.max_iter} iterations, seed {args.seed}",
          file=sys.stderr)
    result, _ = optimize(args.target, objective, max_iter=args.max_iter, seed=args.seed,
                         bounds=bounds, progress=not args.quiet)
    result.settings["objective"] = args.objective
    print(f"best f = {result.y_best:.4f} at t = {result.x_best.round(4).tolist()} "
          f"after {len(result.Y)} evaluations in {result.seconds:.1f} s")
    if args.json:
        result.save_json(args.json)
        print(f"wrote {args.json}")


def _cmd_reproduce(args: argparse.Namespace) -> None:
    import time

    from vae_opt.reproduction import (NOTEBOOK, SUMMARY_FILE, format_summary, read_summary,
                                      run_notebook)

    notebook = args.notebook or NOTEBOOK
    print(f"running {notebook} top to bottom; figures -> {args.figures}/", flush=True)
    start = time.time()
    seconds = run_notebook(notebook, args.figures, executed=args.executed)
    summary = Path(args.figures) / SUMMARY_FILE
    if summary.is_file() and summary.stat().st_mtime >= start:  # written by this run
        print(format_summary(read_summary(args.figures), seconds))
    else:
        print(f"notebook ran top to bottom in {seconds:.0f} s")
    written = sorted(p.name for p in Path(args.figures).rglob("*.png")
                     if p.stat().st_mtime >= start)
    print(f"figures written: {', '.join(written) or 'none'}")


def _cmd_speed(args: argparse.Namespace) -> None:
    from vae_opt.pretrained import load_pretrained
    from vae_opt.speed import format_speed, measure

    decoder = load_pretrained("softmax").get_layer("decoder")
    print(format_speed(measure(decoder, load_pretrained("classifier"), max_iter=args.max_iter)))


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
    p.add_argument("--latent-dim", type=int, default=2, help="latent dimension of a VAE")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("train-all", help="train every pretrained model into models/vae-opt/")
    p.add_argument("--kinds", nargs="+", choices=MODEL_KINDS, default=list(MODEL_KINDS))
    p.add_argument("--epochs", type=int, help="override every model's epochs (for a smoke test)")
    p.set_defaults(func=_cmd_train_all)

    p = sub.add_parser("evaluate", help="evaluate the pretrained models on the MNIST test set")
    p.add_argument("--n-test", type=int, help="use only the first N test images")
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("optimize", help="Bayesian optimization of one target; result as JSON")
    p.add_argument("--target", type=int, required=True, help="digit 0-9")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-iter", type=int, default=50)
    p.add_argument("--low", type=float, default=-4.0, help="lower bound of every coordinate")
    p.add_argument("--high", type=float, default=4.0, help="upper bound of every coordinate")
    p.add_argument("--objective", choices=("decode-classify", "predictor"),
                   default="decode-classify")
    p.add_argument("--vae", type=Path, help="joint VAE model file (default: pretrained softmax)")
    p.add_argument("--classifier", type=Path, help="classifier file (default: pretrained)")
    p.add_argument("--json", type=Path, help="write target, X, Y, x_best, y_best here")
    p.add_argument("--quiet", action="store_true", help="no line per evaluation")
    p.set_defaults(func=_cmd_optimize)

    p = sub.add_parser("reproduce", help="run the notebook top to bottom; figures as PNG")
    p.add_argument("--figures", type=Path, default=Path("figures"))
    p.add_argument("--notebook", type=Path, help="default: notebooks/variational_autoencoder_opt")
    p.add_argument("--executed", type=Path, help="where to write the executed notebook "
                   "(default: in place, only on success)")
    p.set_defaults(func=_cmd_reproduce)

    p = sub.add_parser("speed", help="time the objective and one optimization on this machine")
    p.add_argument("--max-iter", type=int, default=50)
    p.set_defaults(func=_cmd_speed)

    from vae_opt.benchmark import add_parser as add_benchmark_parser

    add_benchmark_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console command; bad input exits with status 2 and one clear line."""
    from vae_opt.data import DataUnavailableError
    from vae_opt.models import ModelFileError
    from vae_opt.reproduction import NotebookError

    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (ValueError, ModelFileError, DataUnavailableError, FileNotFoundError,
            NotebookError) as error:
        print(f"vae-opt: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
