"""`vae-opt campaign ...`: create a campaign, ask, tell, show, run and export, from a shell.

``add_parser(subparsers)`` registers `campaign` in the `vae-opt` command, whose ``main`` turns
bad input (a ValueError, CampaignError included) into one line ``vae-opt: error: ...`` and exit
status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _location(text: str) -> "Path | str":
    """A campaign file's path, or a postgresql:// URL kept as text."""
    return text if "://" in text else Path(text)


def _domain_and_options(args: argparse.Namespace) -> tuple[str, dict]:
    """The domain `new` creates a campaign of, and the options the command passes to it: the
    domain by --domain, else the one --objective belongs to (mnist by default)."""
    from vae_opt.campaign.store import CampaignError
    from vae_opt.domain import DEFAULT, OBJECTIVE_DOMAINS, get_domain

    implied = OBJECTIVE_DOMAINS.get(args.objective) if args.objective else None
    if args.domain is not None and implied is not None and implied != args.domain:
        raise CampaignError(f"--objective {args.objective} belongs to the {implied} domain, "
                            f"not to --domain {args.domain}")
    name = args.domain or implied or DEFAULT
    objective = args.objective if args.objective in get_domain(name).objectives else None
    options = {"vae": args.vae, "classifier": args.classifier, "target": args.target,
               "objective": objective}
    return name, {key: value for key, value in options.items() if value is not None}


def _cmd_new(args: argparse.Namespace) -> None:
    from vae_opt.campaign import Campaign
    from vae_opt.campaign.settings import check_prior_weight
    from vae_opt.campaign.store import CampaignError
    from vae_opt.campaign.tables import describe
    from vae_opt.domain import UnknownOptions
    from vae_opt.validation import check_bounds, check_seed, check_target

    try:
        bounds = check_bounds((args.low, args.high))
    except ValueError as error:
        raise CampaignError(f"{error} (--low, --high)") from None
    if args.target is not None:
        check_target(args.target)
    check_seed(args.seed)  # every argument before any model is loaded
    if args.prior_weight is not None:
        check_prior_weight(args.prior_weight)
    if isinstance(args.file, Path) and args.file.exists() and not args.force:
        raise CampaignError(f"{args.file} already exists; pass --force to replace it, or choose "
                            "another name")
    domain, options = _domain_and_options(args)
    try:  # loads the domain's model: TensorFlow (RDKit)
        campaign = Campaign.create(args.file, bounds=bounds, seed=args.seed,
                                   settings=args.settings, prior_weight=args.prior_weight,
                                   maximize=args.maximize, domain=domain, attributes=options,
                                   force=args.force)
    except UnknownOptions as error:  # the domain names the options it refused: as flags here
        raise CampaignError(f"a {error.domain} campaign takes no "
                            f"{', '.join('--' + o for o in error.options)} (drop them)") from None
    print(f"created {campaign.path}: {describe(campaign)}")


def _cmd_ask(args: argparse.Namespace) -> None:
    from vae_opt.campaign import Campaign
    from vae_opt.campaign.samples import ask_samples
    from vae_opt.campaign.settings import check_batch
    from vae_opt.campaign.tables import dumps

    check_batch(args.n, "--n")  # before the file is opened
    with Campaign.open(args.file) as campaign:
        records = ask_samples(campaign, args.n, args.out)
    for record in records:
        print(dumps(record), flush=True)


def _cmd_tell(args: argparse.Namespace) -> None:
    from vae_opt.campaign import Campaign, CampaignError
    from vae_opt.campaign.tables import read_results_csv

    if args.csv is not None:
        if args.id is not None or args.failed:
            raise CampaignError("give either --csv RESULTS.csv, or ID VALUE, or ID --failed")
        rows = read_results_csv(args.csv)
    elif args.id is None:
        raise CampaignError("give ID VALUE, ID --failed, or --csv RESULTS.csv")
    elif args.failed:
        if args.value is not None:
            raise CampaignError(f"give either a VALUE or --failed for point {args.id}, not both")
        rows = [(args.id, None)]
    elif args.value is None:
        raise CampaignError(f"give the VALUE measured at point {args.id} (or --failed)")
    else:
        rows = [(args.id, args.value)]
    with Campaign.open(args.file) as campaign:
        for point in campaign.tell_many(rows, overwrite=args.overwrite):
            shown = ("failed" if point.value is None else
                     f"value {point.value:g} (loss {campaign.loss([point])[0]:.4f})")
            print(f"point {point.id}: {shown}")
        best, counts = campaign.best(), campaign.counts()
        if best is not None:
            print(f"best so far: point {best.id}, value {best.value:g}, loss "
                  f"{campaign.loss([best])[0]:.4f} ({counts['told']} told, "
                  f"{counts['pending']} pending, {counts['failed']} failed)")


def _cmd_show(args: argparse.Namespace) -> None:
    from vae_opt.campaign import Campaign
    from vae_opt.campaign.tables import dumps, summary, table
    from vae_opt.files import check_output, write_atomic

    if args.plot is not None:
        check_output(args.plot, force=args.force)
    with Campaign.open(args.file) as campaign:
        print(dumps(summary(campaign)) if args.json else table(campaign))
        if args.plot is not None:
            import matplotlib.pyplot as plt  # only for --plot

            from vae_opt.plotting import plot_campaign

            fig = plot_campaign(campaign)
            written = write_atomic(args.plot, lambda tmp: fig.savefig(
                tmp, dpi=100, bbox_inches="tight", format="png"), force=args.force)
            plt.close(fig)
            print(f"wrote {written}", file=sys.stderr)


def _cmd_run(args: argparse.Namespace) -> None:
    from vae_opt.campaign.cli_run import run_command

    run_command(args)


def _cmd_export(args: argparse.Namespace) -> None:
    from vae_opt.campaign import Campaign
    from vae_opt.campaign.tables import export_csv
    from vae_opt.files import check_output, write_text_atomic

    if args.csv is not None:
        check_output(args.csv, force=args.force)
    with Campaign.open(args.file) as campaign:
        text = export_csv(campaign)
    if args.csv is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {write_text_atomic(args.csv, text, force=args.force)}", file=sys.stderr)


def _add_commands(sub) -> None:
    """The campaign subcommands (new, ask, tell, show, run, export) on a subparsers object."""
    from vae_opt.config import OPTIMIZATION
    from vae_opt.domain import OBJECTIVE_DOMAINS
    from vae_opt.domain import names as domain_names
    from vae_opt.optimization.settings import BO_SETTINGS, DEFAULT_SETTINGS, HIGH_DIM_SETTINGS

    p = sub.add_parser("new", help="create a campaign file")
    p.add_argument("file", type=_location, help="the campaign file to create (SQLite), or "
                   "postgresql://user:password@host:port/database?campaign=NAME")
    p.add_argument("--vae", type=Path, help="joint VAE model file (default: pretrained softmax)")
    p.add_argument("--classifier", type=Path, help="classifier of `run`'s built-in lab "
                   "(default: pretrained)")
    p.add_argument("--target", type=int, help="digit 0-9 (needed by `run` only)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--low", type=float, default=OPTIMIZATION.bounds[0],
                   help="lower bound of every latent coordinate")
    p.add_argument("--high", type=float, default=OPTIMIZATION.bounds[1])
    p.add_argument("--prior-weight", type=float, default=None,
                   help="w in loss = s * value + w * nll_prior(t) (default: the domain's, 1 for "
                        "mnist, the QED recipe's for molecules)")
    p.add_argument("--maximize", action="store_true", help="the measured value is to be "
                   "maximised (s = -1); default: minimised")
    p.add_argument("--settings", choices=tuple(BO_SETTINGS), help=f"BO settings (default: "
                   f"{DEFAULT_SETTINGS} in 2-d, {HIGH_DIM_SETTINGS} in more dimensions)")
    p.add_argument("--domain", choices=domain_names(), help="what the samples are (default: "
                   "mnist, or the domain of --objective): mnist writes digit images, molecules "
                   "SMILES (ID.smi)")
    p.add_argument("--objective", choices=tuple(OBJECTIVE_DOMAINS), help="what `run`'s built-in "
                   "lab measures (default decode-classify); molecule: --domain molecules")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=_cmd_new)

    p = sub.add_parser("ask", help="propose points; write their decoded images")
    p.add_argument("file", type=_location)
    p.add_argument("--n", type=int, default=1, help="points to propose at once (a batch of at most "
                   f"{OPTIMIZATION.max_batch}; ask again for more)")
    p.add_argument("--out", type=Path, help="folder of ID.png and ID.npy (default: "
                   "FILE-samples/ beside the file)")
    p.set_defaults(func=_cmd_ask)

    p = sub.add_parser("tell", help="record measured values")
    p.add_argument("file", type=_location)
    p.add_argument("id", nargs="?", help="the point's id, as printed by ask")
    p.add_argument("value", nargs="?", help="the measured value (a number, or 'failed')")
    p.add_argument("--failed", action="store_true", help="the measurement of ID failed")
    p.add_argument("--csv", type=Path, help="a CSV with columns id,value: all rows or none")
    p.add_argument("--overwrite", action="store_true", help="replace a value told before")
    p.set_defaults(func=_cmd_tell)

    p = sub.add_parser("show", help="the campaign as a table, JSON or a figure")
    p.add_argument("file", type=_location)
    p.add_argument("--json", action="store_true")
    p.add_argument("--plot", type=Path, help="write the figure (PNG) here")
    p.add_argument("--force", action="store_true", help="replace an existing figure")
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser("run", help="measure in-process with the built-in lab "
                       "(-log p(target | decoded image)); resumable")
    p.add_argument("file", type=_location)
    p.add_argument("--budget", type=int, required=True,
                   help="measure until the campaign holds N measured points")
    p.add_argument("--batch", type=int, default=1, help="points asked and measured at once (at most "
                   f"{OPTIMIZATION.max_batch})")
    p.add_argument("--objective", choices=("decode-classify", "predictor"),
                   help="default: the one chosen at `new`")
    p.add_argument("--quiet", action="store_true", help="no line per evaluation")
    p.add_argument("--workers", type=int, help="evaluate on N Dask worker processes at once "
                   "(a LocalCluster), asynchronously")
    p.add_argument("--scheduler", help="evaluate on the workers of this Dask scheduler "
                   "(tcp://host:port) instead")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("export", help="every point as CSV")
    p.add_argument("file", type=_location)
    p.add_argument("--csv", type=Path, help="write here (default: standard output)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=_cmd_export)
    from vae_opt.campaign.dashboard.command import add_parser as add_dashboard  # light: no Bokeh
    add_dashboard(sub)


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register `campaign` and its subcommands in the `vae-opt` command's subparsers."""
    parser = subparsers.add_parser(
        "campaign", help="optimize an external measurement: ask/tell campaigns in a file",
        description="Bayesian optimization of a measurement made elsewhere: `new` creates the "
                    "campaign file, `ask` proposes samples, `tell` records what they measured.")
    _add_commands(parser.add_subparsers(dest="campaign_command", required=True))
    return parser

