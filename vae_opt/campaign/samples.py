"""The samples a lab measures: asked points decoded by the campaign's VAE, written as files.

Each point becomes ``DIR/ID.png`` (to look at) and ``DIR/ID.npy``, a (28, 28) float array in
[0, 1] (to measure). Both are written atomically: a reader never sees half a file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vae_opt.campaign.campaign import Campaign, Point
from vae_opt.campaign.store import CampaignError
from vae_opt.files import check_output_dir, write_atomic


def default_dir(campaign_path: str | Path) -> Path:
    """Where `ask` writes samples by default: `<campaign name>-samples/` beside the file (for a
    campaign in a database: in the current folder)."""
    if not isinstance(campaign_path, Path) and "://" in str(campaign_path):
        from vae_opt.campaign.location import parse_url

        return Path(f"{parse_url(str(campaign_path)).campaign}-samples")
    path = Path(campaign_path)
    return path.with_name(f"{path.stem}-samples")


def campaign_models(campaign: Campaign):
    """The campaign's models as a ``vae_opt.mnist.pretrained.Bundle``, after checking their SHA-256."""
    s = campaign.settings
    if s.vae is None:
        raise CampaignError(f"{campaign.path} records no VAE, so its points cannot be decoded; "
                            "create it with `vae-opt campaign new` (which records one)")
    campaign.check_models()
    from vae_opt.mnist.pretrained import bundle

    models = bundle(vae=s.vae["path"], classifier=s.classifier and s.classifier["path"])
    if models.latent_dim != s.dim:
        raise CampaignError(f"the VAE {s.vae['path']} has a {models.latent_dim}-d latent space, "
                            f"the campaign a {s.dim}-d one")
    return models


def new_models(objective: str, vae: Path | None, classifier: Path | None
               ) -> tuple[Path, Path | None, int, float]:
    """A new campaign's VAE and classifier files (the pretrained ones by default), its latent
    dimension (from loading them) and its default prior weight (molecules: the QED recipe's)."""
    if objective == "molecule":  # a molecule model (vae_opt.molecules): ask writes SMILES
        from vae_opt.molecules.config import MOLECULES
        from vae_opt.molecules.bundle import MoleculeModel, default_model_path

        vae = vae or default_model_path()
        return vae, None, MoleculeModel.load(vae).latent_dim, dict(MOLECULES.prior_weights)["qed"]
    from vae_opt.paths import model_path
    from vae_opt.mnist.pretrained import bundle

    vae, classifier = vae or model_path("softmax"), classifier or model_path("classifier")
    return vae, classifier, bundle(vae=vae, classifier=classifier).latent_dim, 1.0


def decode_points(decoder, points: list[Point]) -> np.ndarray:
    """The decoded images of points as (n, 28, 28) floats in [0, 1]."""
    from vae_opt.mnist.networks.vae import decode

    images = decode(decoder, np.array([p.t for p in points], dtype=np.float32))
    return np.clip(images[..., 0].astype(np.float64), 0.0, 1.0)


def write_samples(images: np.ndarray, points: list[Point], out_dir: str | Path) -> list[dict]:
    """Write ID.png and ID.npy for every point; the records `ask` prints, one per point."""
    import matplotlib.image

    out_dir = check_output_dir(out_dir)
    records = []
    for image, point in zip(images, points):
        png, npy = out_dir / f"{point.id}.png", out_dir / f"{point.id}.npy"
        write_atomic(png, lambda tmp, im=image: matplotlib.image.imsave(
            tmp, im, cmap="gray", vmin=0.0, vmax=1.0), force=True)
        write_atomic(npy, lambda tmp, im=image: _save_npy(tmp, im), force=True)
        records.append({"id": point.id, "t": list(point.t), "batch": point.batch,
                        "image": str(png), "array": str(npy)})
    return records


def ask_samples(campaign: Campaign, n: int, out_dir: str | Path | None = None) -> list[dict]:
    """Ask n points, decode them, write their files: what `vae-opt campaign ask` prints.
    A molecule campaign writes ID.smi files and records with "smiles" (vae_opt.molecules)."""
    if campaign.settings.objective == "molecule":
        from vae_opt.molecules.campaign import ask_molecules

        return ask_molecules(campaign, n, out_dir or default_dir(campaign.path))
    decoder = campaign_models(campaign).decoder
    out_dir = check_output_dir(out_dir or default_dir(campaign.path))
    points = campaign.ask(n)
    return write_samples(decode_points(decoder, points), points, out_dir)


def _save_npy(path: Path, image: np.ndarray) -> None:
    with open(path, "wb") as f:
        np.save(f, image)
