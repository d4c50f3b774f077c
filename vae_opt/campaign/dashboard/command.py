"""`vae-opt campaign dashboard FILE [--host H] [--port P]`: the subcommand's parser and action.

Importing this module imports neither Bokeh nor TensorFlow: the command's parser stays light.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from vae_opt.campaign.dashboard import DASHBOARD


def _cmd_dashboard(args: argparse.Namespace) -> None:
    from vae_opt.campaign.dashboard.server import serve

    serve(args.file, host=args.host, port=args.port, allow_origin=args.allow_origin)


def add_parser(sub) -> None:
    """Register `dashboard` on the campaign command's subparsers object."""
    p = sub.add_parser("dashboard", help="a live, read-only page of the campaign in the browser",
                       description="Serve a page that shows the campaign and refreshes as "
                                   "results arrive from any process. It never writes to the "
                                   "file.")
    p.add_argument("file", type=Path, help="the campaign file")
    p.add_argument("--host", default=DASHBOARD.host, help=f"address to serve on (default: "
                   f"{DASHBOARD.host}, this machine only)")
    p.add_argument("--port", type=int, default=DASHBOARD.port,
                   help=f"TCP port (default {DASHBOARD.port}; 0: any free one)")
    p.add_argument("--allow-origin", action="append", metavar="HOST:PORT", help="another "
                   "address the page may be opened at (e.g. behind a proxy); repeatable")
    p.set_defaults(func=_cmd_dashboard)
