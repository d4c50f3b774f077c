"""Molecules as a campaign domain: the chemist's ask/tell loop over the molecule VAE's latent space.

The attributes record the molecule model (.keras, SHA-256) as ``vae``, with the SHA-256 of the
JSON beside it (vocabulary, property scaling) in the same record. ``ask`` decodes each point to
SMILES and writes ``DIR/ID.smi`` (one line: SMILES, then the id); the records it prints carry
"smiles". There is no built-in lab: the chemist measures.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

import numpy as np

from vae_opt.domain import (AskedPoint, DomainError, check_file_record, check_options, file_record,
                            sha256, write_each)
from vae_opt.files import write_text_atomic
from vae_opt.molecules.config import MOLECULES
from vae_opt.molecules.properties import molecule, properties

if TYPE_CHECKING:
    from vae_opt.molecules.bundle import MoleculeModel


class MoleculeDomain:
    """SMILES decoded by the SELFIES VAE (vae_opt.molecules); values measured by a chemist."""

    name = "molecules"
    nll_values = False  # a property, not a log-likelihood
    prior_weight = dict(MOLECULES.prior_weights)["qed"]  # the QED recipe's w
    settings = None
    objectives: tuple[str, ...] = ()

    def attributes(self, options: Mapping[str, Any]) -> dict:
        """The model's record (default: the committed model) with its vocabulary's SHA-256."""
        options = check_options(self.name, options, ("vae",))  # before anything heavy loads
        from vae_opt.molecules.bundle import default_model_path, metadata_path  # SELFIES
        from vae_opt.networks.loading import check_model_file  # Keras

        vae = check_model_file(options.get("vae") or default_model_path())
        record, meta = file_record(vae), metadata_path(vae)
        if not meta.is_file():
            raise DomainError(f"the molecule model {vae} has no {meta.name} beside it (its "
                              "vocabulary); keep the two files together")
        return {"vae": {**record, "metadata_sha256": sha256(meta)}}

    def load(self, attributes: Mapping[str, Any]) -> "MoleculeModel":
        """The recorded ``MoleculeModel``, after checking that neither of its files changed."""
        from vae_opt.molecules.bundle import MoleculeModel, metadata_path  # TensorFlow, RDKit

        vae = attributes.get("vae")
        if vae is None:
            raise DomainError("the campaign records no molecule model")
        check_file_record({"path": vae["path"], "sha256": vae["sha256"]}, "VAE")
        expected = vae.get("metadata_sha256")
        if expected is not None:
            check_file_record({"path": str(metadata_path(vae["path"])), "sha256": expected},
                              "model's vocabulary")
        return MoleculeModel.load(vae["path"])

    def write_samples(self, model: "MoleculeModel", points: Sequence[AskedPoint],
                      out_dir: Path) -> list[dict]:
        """Write ID.smi for every point; the records `ask` prints, one per point."""
        return write_each(model, points, out_dir, _write_smiles)

    def show(self, model: "MoleculeModel", t: np.ndarray) -> list[dict]:
        """Each decoded molecule as an HTML cell: its drawing, SMILES and properties."""
        cells = []
        for s in model.decode(t):
            svg = molecule_svg(s)
            props = properties(s) if svg is not None else {}
            shown = ", ".join(f"{k} {v:.3f}" for k, v in props.items() if np.isfinite(v))
            cells.append({"smiles": s, "svg": svg, "properties": props, "html": (
                f"{svg or '<p><i>not a valid molecule</i></p>'}<br><code "
                f"style='word-break:break-all'>{html.escape(s)}</code><br><small>"
                f"{html.escape(shown)}</small>")})
        return cells

    def objective(self, attributes: Mapping[str, Any], name: str | None) -> Callable:
        """Refused: molecules have no built-in lab."""
        raise DomainError("a molecule campaign has no built-in lab: measure its molecules "
                          "with ask and tell")


def _write_smiles(smiles: str, point: AskedPoint, out_dir: Path) -> dict:
    """ID.smi: one line, the SMILES and the id."""
    path = write_text_atomic(out_dir / f"{point.id}.smi", f"{smiles}\t{point.id}\n", force=True)
    return {"smiles": smiles, "file": str(path)}


def molecule_svg(smiles: str, width: int = 220, height: int = 170) -> str | None:
    """An SVG drawing of a molecule, or None if RDKit cannot read the SMILES."""
    from rdkit.Chem.Draw import rdMolDraw2D  # RDKit: optional

    mol = molecule(smiles)
    if mol is None:
        return None
    drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
    drawer.DrawMolecule(mol)
    drawer.FinishDrawing()
    text = drawer.GetDrawingText()
    return text[text.find("<svg"):]  # without the XML declaration, to sit inside HTML


DOMAIN = MoleculeDomain()
