"""How good a molecule VAE is: reconstruction, prior samples, and the property predictor.

* token accuracy: decoded (argmax) token = input token, over all max_length positions,
  padding included, and over the molecule's own tokens only; whole-molecule accuracy: the
  decoded token sequence equals the input's; both decode t_mean (no sampling).
* validity / uniqueness / novelty of prior samples t ~ N(0, I): the share of decodes that are
  a non-empty molecule RDKit parses; the share of distinct canonical SMILES among those; the
  share of those not in the training molecules.
* predictor R^2 per property on held-out molecules, from t_mean.
"""

from __future__ import annotations

import numpy as np

from vae_opt.molecules.bundle import MoleculeModel
from vae_opt.molecules.properties import canonical
from vae_opt.molecules.tokens import encode_smiles


def reconstruction(model: MoleculeModel, smiles: list[str]) -> dict[str, float]:
    tokens = encode_smiles(model.vocabulary, smiles)
    decoded = model.decode_tokens(model.encode(smiles))
    same = decoded == tokens
    real = tokens != 0
    return {"token_accuracy": float(same.mean()),
            "token_accuracy_molecule_tokens": float(same[real].mean()),
            "molecule_accuracy": float(same.all(axis=1).mean())}


def sample_quality(smiles: list[str], training: set[str] | None = None) -> dict[str, float]:
    """Validity, uniqueness and (given canonical training SMILES) novelty of decoded SMILES."""
    canon = [canonical(s) for s in smiles]
    valid = [c for c in canon if c]
    out = {"n": len(smiles), "validity": len(valid) / max(len(smiles), 1),
           "uniqueness": len(set(valid)) / max(len(valid), 1)}
    if training is not None:
        unique = set(valid)
        out["novelty"] = len(unique - training) / max(len(unique), 1)
    return out


def prior_samples(model: MoleculeModel, n: int, seed: int) -> list[str]:
    t = np.random.default_rng(seed).standard_normal((n, model.latent_dim))
    return model.decode(t)


def r_squared(y: np.ndarray, prediction: np.ndarray) -> np.ndarray:
    """1 - SSE / SST per column, rows with NaN targets left out."""
    ok = np.all(np.isfinite(y), axis=1)
    y, prediction = y[ok], prediction[ok]
    sse = np.sum((y - prediction) ** 2, axis=0)
    sst = np.sum((y - y.mean(axis=0)) ** 2, axis=0)
    return 1.0 - sse / sst


def predictor_r2(model: MoleculeModel, smiles: list[str], y: np.ndarray) -> dict[str, float]:
    r2 = r_squared(np.asarray(y, dtype=np.float64), model.predict(model.encode(smiles)))
    return {name: float(v) for name, v in zip(model.property_names, r2)}


def evaluate(model: MoleculeModel, held_out: list[str], held_out_properties: np.ndarray,
             training: set[str], n_prior: int = 1000, seed: int = 0) -> dict:
    """All metrics of a model, as one JSON-ready dict."""
    return {"held_out_reconstruction": reconstruction(model, held_out),
            "prior_samples": sample_quality(prior_samples(model, n_prior, seed), training),
            "predictor_r2_held_out": predictor_r2(model, held_out, held_out_properties)}
