"""The samples a lab measures: asked points decoded by the campaign's domain, written as files.

What the files are (images, SMILES, ...) is the domain's (``Domain.write_samples``); a campaign
over a bare box has no samples, and its records are the points alone.
"""

from __future__ import annotations

from pathlib import Path

from vae_opt.campaign.campaign import Campaign
from vae_opt.campaign.location import parse_url
from vae_opt.domain import get_domain
from vae_opt.files import check_output_dir


def default_dir(campaign_path: str | Path) -> Path:
    """Where `ask` writes samples by default: `<campaign name>-samples/` beside the file (for a
    campaign in a database: in the current folder)."""
    if not isinstance(campaign_path, Path) and "://" in str(campaign_path):
        return Path(f"{parse_url(str(campaign_path)).campaign}-samples")
    path = Path(campaign_path)
    return path.with_name(f"{path.stem}-samples")


def ask_samples(campaign: Campaign, n: int, out_dir: str | Path | None = None) -> list[dict]:
    """Ask n points, decode them, write their files: what `vae-opt campaign ask` prints (for a
    bare box: id, t and batch of each point)."""
    s = campaign.settings
    if s.domain is None:
        return [{"id": p.id, "t": list(p.t), "batch": p.batch} for p in campaign.ask(n)]
    model = campaign.model()  # loaded and checked before any point is asked
    out_dir = check_output_dir(out_dir or default_dir(campaign.path))
    return get_domain(s.domain).write_samples(model, campaign.ask(n), out_dir)
