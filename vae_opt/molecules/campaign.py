"""Molecule campaigns: the chemist's ask/tell loop over the molecule VAE's latent space.

A campaign created with ``objective="molecule"`` records the molecule model (.keras, SHA-256)
as its VAE, plus the SHA-256 of the JSON beside it (vocabulary, property scaling), kept in the
same record so the campaign file's schema is unchanged. ``ask`` decodes each point to SMILES and
writes ``DIR/ID.smi`` (one line: SMILES, then the id); ``vae-opt campaign ask`` prints one JSON
line per point with "smiles". ``tell`` takes the measured value as for any campaign.
"""

from __future__ import annotations

from pathlib import Path

from vae_opt.campaign.campaign import Campaign, Point
from vae_opt.campaign.settings import check_model
from vae_opt.campaign.store import CampaignError
from vae_opt.files import check_output_dir, write_text_atomic
from vae_opt.molecules.bundle import MoleculeModel, metadata_path

OBJECTIVE = "molecule"


def campaign_model(campaign: Campaign) -> MoleculeModel:
    """The campaign's molecule model, after checking that neither of its files changed."""
    s = campaign.settings
    if s.vae is None:
        raise CampaignError(f"{campaign.path} records no molecule model")
    campaign.check_models()
    expected = s.vae.get("metadata_sha256")
    if expected is not None:
        check_model({"path": str(metadata_path(s.vae["path"])), "sha256": expected},
                    "model's vocabulary")
    model = MoleculeModel.load(s.vae["path"])
    if model.latent_dim != s.dim:
        raise CampaignError(f"the model {s.vae['path']} has a {model.latent_dim}-d latent "
                            f"space, the campaign a {s.dim}-d one")
    return model


def write_molecules(smiles: list[str], points: list[Point], out_dir: str | Path) -> list[dict]:
    """Write ID.smi for every point; the records `ask` prints, one per point."""
    out_dir = check_output_dir(out_dir)
    records = []
    for s, point in zip(smiles, points):
        path = out_dir / f"{point.id}.smi"
        write_text_atomic(path, f"{s}\t{point.id}\n", force=True)
        records.append({"id": point.id, "t": list(point.t), "batch": point.batch,
                        "smiles": s, "file": str(path)})
    return records


def ask_molecules(campaign: Campaign, n: int, out_dir: str | Path) -> list[dict]:
    """Ask n points, decode them to SMILES, write their files."""
    model = campaign_model(campaign)
    out_dir = check_output_dir(out_dir)
    points = campaign.ask(n)
    smiles = model.decode([p.t for p in points])
    return write_molecules(smiles, points, out_dir)
