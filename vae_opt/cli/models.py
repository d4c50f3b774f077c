"""`vae-opt train`, `train-all` and `evaluate`: the models of the method, trained and measured.

Every output is checked before training starts; nothing is written into the committed models'
folder unless it is named explicitly, and no existing file is replaced without --force.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from vae_opt.mnist.config import MNIST_TEST_SIZE, MNIST_TRAIN_SIZE
from vae_opt.paths import MODEL_FILES

DEFAULT_RUNS = Path("runs") / "models"
DEVICES_HELP = "cpu (default), auto (all GPUs), N (the first N GPUs, or N logical CPUs), " \
               "or multi-worker (several machines, from TF_CONFIG)"


def _counts(args: argparse.Namespace) -> None:
    from vae_opt.validation import check_count

    if args.n_train is not None:
        check_count(args.n_train, "--n-train", MNIST_TRAIN_SIZE)
    if getattr(args, "n_test", None) is not None:
        check_count(args.n_test, "--n-test", MNIST_TEST_SIZE)


def _cmd_train(args: argparse.Namespace) -> None:
    from vae_opt.files import check_output
    from vae_opt.validation import check_positive_int

    _counts(args)  # every argument is checked before TensorFlow starts
    if args.epochs is not None:
        check_positive_int(args.epochs, "--epochs")
    if args.latent_dim is not None:
        check_positive_int(args.latent_dim, "--latent-dim")
    output = args.output or DEFAULT_RUNS / MODEL_FILES[args.kind]
    if output.suffix not in (".h5", ".keras"):
        raise ValueError(f"--output must end in .h5 or .keras, got {output}")
    check_output(output, force=args.force)
    check_output(output.with_suffix(".json"), force=args.force)  # = training.metrics_path
    from vae_opt.devices import prepare  # TensorFlow, from here on
    from vae_opt.mnist.training import metrics_path, train

    prepare(args.devices)  # before TensorFlow makes its devices
    metrics = train(args.kind, output, seed=args.seed, epochs=args.epochs, n_train=args.n_train,
                    n_test=args.n_test, latent_dim=args.latent_dim, devices=args.devices,
                    mixed_precision=args.mixed_precision)
    print(f"saved {output} and {metrics_path(output)}; test metrics: {json.dumps(metrics['test'])}")


def _cmd_train_all(args: argparse.Namespace) -> None:
    from vae_opt.files import check_output
    from vae_opt.validation import check_positive_int

    if args.epochs is not None:
        check_positive_int(args.epochs, "--epochs")
    for kind in args.kinds:
        model = args.out / MODEL_FILES[kind]
        for path in (model, model.with_suffix(".json")):  # the model and its metrics
            check_output(path, force=args.force)
    from vae_opt.mnist.training import train_all  # TensorFlow, from here on

    train_all(tuple(args.kinds), args.out, epochs=args.epochs, force=args.force)


def _cmd_evaluate(args: argparse.Namespace) -> None:
    from vae_opt.files import check_output, write_text_atomic

    _counts(argparse.Namespace(n_train=None, n_test=args.n_test))
    if args.json:
        check_output(args.json, force=args.force)
    from vae_opt.mnist.evaluation import format_evaluation  # TensorFlow, from here on
    from vae_opt.mnist.registry import evaluate_pretrained

    results = evaluate_pretrained(n_test=args.n_test)
    print(format_evaluation(results))
    if args.json:
        written = write_text_atomic(args.json, json.dumps(results, indent=2) + "\n", args.force)
        print(f"wrote {written}")


def add_parsers(sub) -> None:
    from vae_opt.paths import CORE_KINDS  # the kinds by name: vae_opt.mnist.registry imports Keras

    KINDS = list(MODEL_FILES)
    p = sub.add_parser("train", help="train one model and write it with its metrics (JSON)")
    p.add_argument("kind", choices=list(KINDS))
    p.add_argument("--output", type=Path,
                   help=f"model file (.h5 or .keras); default: {DEFAULT_RUNS}/<file of the kind>")
    p.add_argument("--seed", type=int, help="default: the seed of the committed model")
    p.add_argument("--epochs", type=int, help="default: 15 (VAEs), 5 (classifiers)")
    p.add_argument("--n-train", type=int, help="use only the first N training images")
    p.add_argument("--n-test", type=int, help="use only the first N test images")
    p.add_argument("--latent-dim", type=int, help="latent dimension of a VAE (default: the kind's)")
    p.add_argument("--devices", default="cpu", help=DEVICES_HELP)
    p.add_argument("--mixed-precision", action="store_true", help="float16 compute (GPU only)")
    p.add_argument("--force", action="store_true", help="replace existing output files")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("train-all", help="train every model of the method into one folder")
    p.add_argument("--kinds", nargs="+", choices=list(KINDS), default=list(CORE_KINDS))
    p.add_argument("--out", type=Path, default=DEFAULT_RUNS,
                   help=f"folder for the models (default: {DEFAULT_RUNS}; the committed ones "
                        "are in models/vae-opt, replaced only with --out models/vae-opt --force)")
    p.add_argument("--epochs", type=int, help="override every model's epochs (for a smoke test)")
    p.add_argument("--force", action="store_true", help="replace existing model files")
    p.set_defaults(func=_cmd_train_all)

    p = sub.add_parser("evaluate", help="evaluate the pretrained models on the MNIST test set")
    p.add_argument("--n-test", type=int, help="use only the first N test images")
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    p.add_argument("--force", action="store_true", help="replace an existing --json file")
    p.set_defaults(func=_cmd_evaluate)
