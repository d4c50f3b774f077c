"""Serving the dashboard: a Bokeh server on one host and port, stopped with Ctrl+C.

Bad input never reaches Bokeh: the campaign is opened (and checked) first, a host or port that
cannot be bound is reported in one line (``CampaignError``, exit status 2 from the command).
"""

from __future__ import annotations

import errno
import socket
import sys
from functools import partial
from pathlib import Path

from vae_opt.campaign.dashboard import DASHBOARD, DashboardConfig
from vae_opt.campaign.dashboard.state import Watcher
from vae_opt.campaign.store import CampaignError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_port(port: int) -> int:
    """A TCP port number 0-65535 (0: any free port)."""
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise CampaignError(f"the port must be a whole number from 0 to 65535, got {port!r}")
    return port


def _bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on host:port (port 0: a free one), or one clear CampaignError."""
    from tornado.netutil import bind_sockets  # Tornado (Bokeh's server): only when serving

    try:
        return bind_sockets(port, address=host)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CampaignError(f"port {port} on {host} is in use; choose another port "
                                "(0: any free port)") from None
        reason = error.strerror or str(error)
        raise CampaignError(f"cannot serve on {host}:{port} ({reason}); check the host and "
                            "the port") from None


def origins(host: str, port: int) -> list[str]:
    """The page addresses allowed to open the websocket: the host, and loopback names with it
    (an IPv6 address is not listed: give the page's address with --allow-origin)."""
    names = {host, *LOOPBACK} if host in LOOPBACK else {host}
    return sorted(f"{n}:{port}" for n in names if ":" not in n)


def serve(path: str | Path, host: str = DASHBOARD.host, port: int = DASHBOARD.port,
          config: DashboardConfig = DASHBOARD, allow_origin: list[str] | None = None) -> None:
    """Serve the dashboard of the campaign file `path` until interrupted; prints its address."""
    # Bokeh and Tornado, and the page built with them: only when a dashboard is served
    from bokeh.application import Application
    from bokeh.application.handlers.function import FunctionHandler
    from bokeh.server.server import BaseServer
    from bokeh.server.tornado import BokehTornado
    from bokeh.server.util import create_hosts_allowlist
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop

    from vae_opt.campaign.dashboard.page import make_document  # Bokeh

    check_port(port)
    watcher = Watcher(path, config)  # a missing or bad campaign fails here, before binding
    try:
        sockets = _bind(host, port)
    except CampaignError:
        watcher.close()
        raise
    port = sockets[0].getsockname()[1]
    allowed = create_hosts_allowlist(origins(host, port) + list(allow_origin or []), port)
    app = Application(FunctionHandler(partial(make_document, watcher=watcher)))
    loop = IOLoop.current()
    tornado_app = BokehTornado({"/": app}, extra_websocket_origins=allowed)
    http = HTTPServer(tornado_app)
    http.add_sockets(sockets)
    server = BaseServer(loop, tornado_app, http)
    server.start()
    shown = f"[{host}]" if ":" in host else host
    print(f"dashboard of {path}: http://{shown}:{port}/ (read-only; Ctrl+C stops it)",
          flush=True)
    try:
        loop.start()
    finally:
        server.stop()
        watcher.close()
        print("dashboard stopped", file=sys.stderr)
