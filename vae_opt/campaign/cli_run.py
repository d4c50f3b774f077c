"""`vae-opt campaign run`: measure with the built-in lab, in this process or on Dask workers."""

from __future__ import annotations

import argparse
import sys


def _parallel(args: argparse.Namespace) -> bool:
    """Whether the run goes to Dask (--workers or --scheduler); both numbers checked."""
    from vae_opt.campaign import CampaignError
    from vae_opt.validation import check_positive_int

    if args.workers is not None:
        check_positive_int(args.workers, "--workers")
        if args.scheduler is not None:
            raise CampaignError("give either --workers N (a new local Dask cluster) or "
                                "--scheduler tcp://host:port (an existing one), not both")
    if (args.workers is not None or args.scheduler is not None) and args.batch != 1:
        raise CampaignError("--batch is for the in-process loop; on Dask each worker takes one "
                            "point at a time")
    return args.workers is not None or args.scheduler is not None


def run_command(args: argparse.Namespace) -> None:
    """Check the campaign and the options, then measure until the budget; print the best."""
    from vae_opt.campaign import Campaign, CampaignError
    from vae_opt.campaign.settings import check_batch
    from vae_opt.validation import check_positive_int

    check_positive_int(args.budget, "--budget")
    check_batch(args.batch, "--batch")
    parallel = _parallel(args)
    client = None
    if args.scheduler is not None:  # before anything is read or written: it may not answer
        from vae_opt.campaign.parallel import connect

        client = connect(scheduler=args.scheduler)
    try:
        with Campaign.open(args.file) as campaign:
            _measure(args, campaign, _lab(campaign, args.objective), parallel, client)
    finally:
        if client is not None:
            client.close()


def _lab(campaign, objective: str | None):
    """The built-in lab of the campaign's domain, after checking that the campaign can use it."""
    from vae_opt.campaign import CampaignError
    from vae_opt.domain import DomainError, get_domain

    s = campaign.settings
    if s.domain is None:
        raise CampaignError(f"{campaign.path} is a bare box: it has no samples for a built-in "
                            "lab to measure; measure its points elsewhere with ask and tell")
    domain = get_domain(s.domain)
    if not domain.objectives:
        raise CampaignError(f"{campaign.path} is a {s.domain} campaign, which has no built-in "
                            "lab: measure its samples with ask and tell")
    if s.maximize:
        raise CampaignError(f"the built-in lab's values are to be minimised, but "
                            f"{campaign.path} was created with --maximize")
    try:
        return domain.objective(s.attributes, objective)
    except DomainError as error:
        raise CampaignError(f"{campaign.path}: {error}") from None


def _measure(args, campaign, lab, parallel: bool, client) -> None:
    from vae_opt.campaign.tables import describe

    campaign.model()  # checks the model files' SHA-256 and the latent dimension
    counts = campaign.counts()
    where = (f"on Dask ({args.scheduler or f'{args.workers} local worker(s)'})" if parallel
             else f"in batches of {args.batch}")
    print(f"campaign {campaign.path}: {describe(campaign)}; {counts['told']} told, "
          f"{counts['failed']} failed, {counts['pending']} pending; measuring up to "
          f"{args.budget} {where}", file=sys.stderr, flush=True)
    if not parallel:
        best = campaign.run(lab, args.budget, batch=args.batch, progress=not args.quiet)
    else:
        from vae_opt.campaign.parallel import connect, run_parallel

        own = client is None
        client = connect(workers=args.workers) if own else client
        try:
            best = run_parallel(campaign, lab, args.budget, client, progress=not args.quiet)
        finally:
            if own:
                cluster = client.cluster
                client.close()
                cluster.close()
    if best is None:
        print("no value told yet: every measurement failed")
        return
    print(f"best: point {best.id}, value {best.value:.4f}, loss "
          f"{campaign.loss([best])[0]:.4f} at t = {[round(x, 4) for x in best.t]}")
