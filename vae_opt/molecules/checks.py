"""What a molecule model refuses before it computes: model files, SMILES to encode, latent points
to decode. Each refusal is one line naming the file, or the index and the string or point.

* ``load_files``: the model goes through ``vae_opt.networks.loading`` (the MNIST models' path:
  Keras' safe mode, ``ModelFileError`` for anything Keras cannot or will not load) and its JSON
  beside it must hold the vocabulary and the property scaling.
* ``check_smiles``: strings that SELFIES can encode within the vocabulary and length; invalid
  SMILES, empty strings and SELFIES given in place of SMILES are refused.
* ``check_latent``: finite points of shape (n, latent_dim) (one point may be (latent_dim,)).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from vae_opt.latent import check_latent_points
from vae_opt.molecules.tokens import Vocabulary, to_selfies

METADATA_KEYS = ("vocabulary", "max_length", "properties", "property_mean", "property_std")
RETRAIN = "vae-opt molecules train"


class MoleculeInputError(ValueError):
    """A SMILES string or latent point that a molecule model cannot take; says which and why."""


def load_files(path: Path) -> tuple[dict, object]:
    """The metadata (JSON beside the model, same stem) and the Keras model saved at `path`."""
    from vae_opt.networks.loading import ModelFileError, check_model_file, load_safely  # Keras

    check_model_file(path)  # a text file or a Git LFS pointer is named as such, never loaded
    meta_path = path.with_suffix(".json")
    if not meta_path.is_file():
        raise ModelFileError(f"{path} has no {meta_path.name} beside it (its vocabulary and "
                             f"property scaling); both are written by `{RETRAIN}`")
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(f"{meta_path} is not readable JSON ({error})") from None
    missing = [k for k in METADATA_KEYS if not isinstance(meta, dict) or k not in meta]
    if missing:
        raise ModelFileError(f"{meta_path} lacks {', '.join(missing)}; is it a molecule model's "
                             f"JSON (written by `{RETRAIN}`)?")
    return meta, load_safely(path, retrain=RETRAIN)


def _refuse(i: int, s: object, why: str) -> MoleculeInputError:
    return MoleculeInputError(f"SMILES {i} ({s!r}) {why}")


def check_smiles(smiles, vocabulary: Vocabulary) -> list[str]:
    """The SELFIES strings of `smiles` (a list), each encodable by the model's vocabulary."""
    if isinstance(smiles, (str, bytes)):
        raise MoleculeInputError(f"encode takes a list of SMILES strings, got one string "
                                 f"{smiles!r}; pass [{smiles!r}]")
    import selfies as sf  # SELFIES

    known, encoded = set(vocabulary.tokens), []
    for i, s in enumerate(smiles):
        if not isinstance(s, str):
            raise _refuse(i, s, f"is a {type(s).__name__}, not a SMILES string")
        if not s.strip():
            raise _refuse(i, s, "is empty: give a molecule's SMILES")
        selfies = to_selfies(s)
        if not selfies:
            hint = ("; it looks like SELFIES: encode takes SMILES (selfies.decoder gives them)"
                    if s.startswith("[") and s.endswith("]") else "")
            raise _refuse(i, s, f"is not a valid SMILES string{hint}")
        tokens = list(sf.split_selfies(selfies))
        if len(tokens) > vocabulary.max_length:
            raise _refuse(i, s, f"has {len(tokens)} SELFIES tokens, more than the model's "
                                f"{vocabulary.max_length}")
        unknown = sorted(set(tokens) - known)
        if unknown:
            raise _refuse(i, s, f"holds SELFIES tokens the model never saw: {', '.join(unknown)}")
        encoded.append(selfies)
    return encoded


def check_latent(t, latent_dim: int) -> np.ndarray:
    """Latent points as finite float32 (n, latent_dim), else a MoleculeInputError."""
    try:
        t = check_latent_points(t, latent_dim)
    except (TypeError, ValueError) as error:
        raise MoleculeInputError(str(error)) from None
    huge = np.flatnonzero(np.any(np.abs(t) > np.finfo(np.float32).max, axis=1))
    if len(huge):
        raise MoleculeInputError(f"latent point {huge[0]} is too large for the model's float32: "
                                 f"{t[huge[0]].tolist()}")
    return t.astype(np.float32)
