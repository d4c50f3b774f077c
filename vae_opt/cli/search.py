"""`vae-opt optimize`, `speed` and `reproduce`: searching the latent space (benchmarks:
`vae-opt bench`, vae_opt.bench.cli).

Outputs are checked before the work starts. Ctrl-C during `optimize` keeps the evaluations made
so far: they go to the --json file (with "interrupted": true), or to INTERRUPTED_FILE.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from vae_opt.config import OPTIMIZATION
from vae_opt.optimization.settings import (BO_SETTINGS, DEFAULT_SETTINGS, HIGH_DIM_SETTINGS,
                                           default_settings)

INTERRUPTED_FILE = "vae-opt-interrupted.json"  # in the working folder, beside earlier ones


def _bounds(args: argparse.Namespace) -> tuple[float, float]:
    from vae_opt.validation import check_bounds

    return check_bounds((args.low, args.high))


def _cmd_optimize(args: argparse.Namespace) -> None:
    from vae_opt.files import check_output, write_text_atomic
    from vae_opt.validation import check_positive_int, check_target

    check_target(args.target)
    bounds = _bounds(args)
    check_positive_int(args.max_iter, "--max-iter")
    if args.json:
        check_output(args.json, force=args.force)
    from vae_opt.optimization import optimize  # SciPy, GPyOpt
    from vae_opt.mnist.pretrained import bundle  # TensorFlow

    models = bundle(args.vae, args.classifier)
    objective = models.objective(args.target, args.objective)
    settings = args.settings or default_settings(models.latent_dim)
    print(f"optimizing target {args.target} in {models.latent_dim}-d: {args.max_iter} iterations, "
          f"{settings} settings, seed {args.seed}", file=sys.stderr)
    result = optimize(objective, bounds=bounds, seed=args.seed, settings=settings,
                      max_iter=args.max_iter, progress=not args.quiet, on_nonfinite="fail")
    result.settings.update(target=args.target, objective=args.objective)
    if len(result.Y):
        print(f"best f = {result.y_best:.4f} at t = {result.x_best.round(4).tolist()} "
              f"after {len(result.Y)} evaluations in {result.seconds:.1f} s")
    path = args.json or (Path(INTERRUPTED_FILE) if result.interrupted else None)
    if path:
        written = write_text_atomic(path, result.to_json(), force=args.force)
        if written != path:
            print(f"{path} appeared while this run worked; kept it", file=sys.stderr)
        print(f"wrote {written}")
    if result.interrupted:
        print(f"vae-opt: interrupted after {len(result.Y)} evaluations; kept in {path}",
              file=sys.stderr)
        raise SystemExit(130)


def _cmd_speed(args: argparse.Namespace) -> None:
    from vae_opt.validation import check_positive_int

    check_positive_int(args.max_iter, "--max-iter")
    from vae_opt.mnist.pretrained import bundle  # TensorFlow
    from vae_opt.mnist.speed import format_speed, measure

    print(format_speed(measure(bundle(), max_iter=args.max_iter, settings=args.settings)))


def _cmd_reproduce(args: argparse.Namespace) -> None:
    from vae_opt.files import check_output, check_output_dir
    from vae_opt.mnist.reproduction import (SUMMARY_FILE, format_summary, notebook, read_summary,
                                            run_notebook)

    path = args.notebook or notebook()
    check_output_dir(args.figures)
    if args.executed:
        check_output(args.executed, force=True)
    print(f"running {path} top to bottom; figures -> {args.figures}/", flush=True)
    start = time.time()
    seconds = run_notebook(path, args.figures, executed=args.executed)
    summary = Path(args.figures) / SUMMARY_FILE
    if summary.is_file() and summary.stat().st_mtime >= start:  # written by this run
        print(format_summary(read_summary(args.figures), seconds))
    else:
        print(f"notebook ran top to bottom in {seconds:.0f} s")
    written = sorted(p.name for p in Path(args.figures).rglob("*.png") if p.stat().st_mtime >= start)
    print(f"figures written: {', '.join(written) or 'none'}")


def _settings_option(p: argparse.ArgumentParser, by_dimension: bool = False) -> None:
    default = (f"{DEFAULT_SETTINGS} in a 2-d latent space, {HIGH_DIM_SETTINGS} in more "
               "dimensions" if by_dimension else DEFAULT_SETTINGS)
    p.add_argument("--settings", choices=list(BO_SETTINGS),
                   default=None if by_dimension else DEFAULT_SETTINGS,
                   help=f"BO settings (default: {default}; 'blog' = the method's)")


def add_parsers(sub) -> None:
    p = sub.add_parser("optimize", help="Bayesian optimization of one target; result as JSON")
    p.add_argument("--target", type=int, required=True, help="digit 0-9")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-iter", type=int, default=OPTIMIZATION.max_iter)
    p.add_argument("--low", type=float, default=OPTIMIZATION.bounds[0],
                   help="lower bound of every coordinate")
    p.add_argument("--high", type=float, default=OPTIMIZATION.bounds[1],
                   help="upper bound of every coordinate")
    p.add_argument("--objective", choices=("decode-classify", "predictor"),
                   default="decode-classify")
    _settings_option(p, by_dimension=True)
    p.add_argument("--vae", type=Path, help="joint VAE model file (default: pretrained softmax)")
    p.add_argument("--classifier", type=Path, help="classifier file (default: pretrained)")
    p.add_argument("--json", type=Path, help="write X, Y, x_best, y_best and settings here")
    p.add_argument("--force", action="store_true", help="replace an existing --json file")
    p.add_argument("--quiet", action="store_true", help="no line per evaluation")
    p.set_defaults(func=_cmd_optimize)

    p = sub.add_parser("speed", help="time the objective and one optimization on this machine")
    p.add_argument("--max-iter", type=int, default=OPTIMIZATION.max_iter)
    _settings_option(p, by_dimension=True)
    p.set_defaults(func=_cmd_speed)

    p = sub.add_parser("reproduce", help="run the notebook top to bottom; figures as PNG")
    p.add_argument("--figures", type=Path, default=Path("figures"))
    p.add_argument("--notebook", type=Path, help="default: notebooks/variational_autoencoder_opt")
    p.add_argument("--executed", type=Path, help="where to write the executed notebook "
                   "(default: in place, only on success)")
    p.set_defaults(func=_cmd_reproduce)
