"""`vae-opt campaign dashboard FILE`: a live, read-only page of a campaign, served by Bokeh.

The page shows the best loss so far against the told values, every point (id, batch, status,
value, loss, times), the decoded best samples (MNIST images; molecule drawings with SMILES and
properties) and, for a 2-d latent space, the surrogate's posterior mean and acquisition over the
box. It refreshes by itself as other processes ask and tell: one ``Watcher`` per server polls
the file and computes each change once for every open page.

Bokeh's server serves its own JavaScript from the installed wheel: nothing is fetched from the
network. The dashboard never writes to the campaign file.

Modules: ``state`` (polling the file, what a page shows), ``extras`` (the surrogate and the
samples, computed off the server's loop), ``page`` (the Bokeh document), ``server``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardConfig:
    """The dashboard's settings, in one place."""

    host: str = "127.0.0.1"  # loopback only unless --host says otherwise
    port: int = 5006  # Bokeh's usual port
    poll_ms: int = 1000  # how often the page asks for changes
    min_read_s: float = 0.5  # the file is read at most this often, however many pages are open
    grid_size: int = 50  # the surrogate's grid is grid_size x grid_size over the box
    surrogate_max_told: int = 800  # beyond this many told values the GP is not refitted here
    n_samples: int = 6  # best samples decoded and shown
    table_rows: int = 20000  # points listed in the table: the newest ones


DASHBOARD = DashboardConfig()
