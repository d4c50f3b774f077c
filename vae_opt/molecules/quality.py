"""How good a molecule VAE is, measured on held-out MOSES test molecules (never trained on).

* reconstruction: greedy decoding of t_mean, canonical SMILES equal; and the papers' protocol
  (JT-VAE, Table 1): 10 encodings t ~ q(t|x) per molecule, each decoded 10 times by sampling.
* prior samples t ~ N(0, I): valid, unique, novel against all of MOSES train; mean QED, SA and
  molecular weight beside the test molecules'.
* the latent space: active units (Burda et al. 2016: Cov_x E[t|x] > 0.01), mean KL.
* the predictor: R^2 of each property from t_mean.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from vae_opt.files import write_text_atomic
from vae_opt.molecules.bundle import MoleculeModel
from vae_opt.molecules import data  # by module: tests replace its moses_train_canonical
from vae_opt.molecules.properties import canonical, molecule, property_table, qed, sa_score
from vae_opt.molecules.run import model_of_run

ACTIVE_UNIT_THRESHOLD = 0.01


def reconstruction(model: MoleculeModel, smiles: list[str], canon: list[str]) -> float:
    """Share of molecules whose greedy decode of t_mean is the same molecule."""
    decoded = model.decode(model.encode(smiles))
    return float(np.mean([canonical(d) == c for d, c in zip(decoded, canon)]))


def reconstruction_pairs(model: MoleculeModel, smiles: list[str]) -> tuple[list[str], list[str]]:
    """Each molecule followed by its greedy decode of t_mean, with titles saying which is which
    and whether the decode is the same molecule: the input of a side-by-side drawing."""
    decoded = model.decode(model.encode(smiles))
    pairs, titles = [], []
    for i, (s, d) in enumerate(zip(smiles, decoded)):
        same = canonical(d) == canonical(s)
        pairs += [s, d]
        titles += [f"held-out {i}", f"decoded {i}: {'same' if same else 'different'}"]
    return pairs, titles


def reconstruction_protocol(model: MoleculeModel, smiles: list[str], canon: list[str],
                            encodings: int = 10, decodings: int = 10, seed: int = 0) -> float:
    """JT-VAE's protocol: share of the encodings x decodings stochastic decodes that give the
    molecule back, averaged over molecules."""
    from vae_opt.molecules.model import greedy_decoder  # Keras
    from vae_opt.molecules.tokens import decode_smiles

    sampler = greedy_decoder(model.decoder, sample=True, seed=seed)
    t_mean, t_log_var = model.encode_distribution(smiles)
    rng = np.random.default_rng(seed)
    hits = np.zeros(len(smiles))
    for _ in range(encodings):
        t = t_mean + np.exp(0.5 * t_log_var) * rng.standard_normal(t_mean.shape)
        t = np.repeat(t.astype(np.float32), decodings, axis=0)
        decoded = []
        for i in range(0, len(t), 5000):
            decoded += decode_smiles(model.vocabulary, np.asarray(sampler(t[i:i + 5000])))
        same = np.array([canonical(d) == canon[j // decodings] for j, d in enumerate(decoded)])
        hits += same.reshape(len(smiles), decodings).sum(axis=1)
    return float(np.mean(hits / (encodings * decodings)))


def descriptors(smiles: list[str]) -> dict[str, float]:
    """Mean QED, SA score and molecular weight of the molecules RDKit parses."""
    from rdkit.Chem import Descriptors  # RDKit

    mols = [m for m in (molecule(s) for s in smiles) if m is not None]
    if not mols:
        return {"qed": float("nan"), "sa": float("nan"), "molecular_weight": float("nan")}
    return {"qed": float(np.mean([qed(m) for m in mols])),
            "sa": float(np.mean([sa_score(m) for m in mols])),
            "molecular_weight": float(np.mean([Descriptors.MolWt(m) for m in mols]))}


def prior_quality(model: MoleculeModel, n: int, seed: int, training: frozenset[str]) -> dict:
    """Validity, uniqueness and novelty (against `training`) of decodes of t ~ N(0, I)."""
    t = np.random.default_rng(seed).standard_normal((n, model.latent_dim))
    decoded = model.decode(t)
    canon = [canonical(s) for s in decoded]
    valid = [c for c in canon if c]
    unique = set(valid)
    return {"n": n, "validity": len(valid) / n, "uniqueness": len(unique) / max(len(valid), 1),
            "novelty": len(unique - training) / max(len(unique), 1),
            "descriptors": descriptors(valid), "examples": valid[:10]}


def latent_usage(model: MoleculeModel, smiles: list[str]) -> dict:
    """Active units and the mean KL(q(t|x) || N(0, I)) of the molecules."""
    t_mean, t_log_var = model.encode_distribution(smiles)
    variance = t_mean.var(axis=0)
    kl = 0.5 * np.sum(t_mean**2 + np.exp(t_log_var) - 1.0 - t_log_var, axis=1)
    return {"active_units": int(np.sum(variance > ACTIVE_UNIT_THRESHOLD)),
            "latent_dim": model.latent_dim, "kl_mean": float(kl.mean())}


def predictor_r2(model: MoleculeModel, smiles: list[str]) -> dict[str, float]:
    """R^2 of each predicted property against RDKit's value, from t_mean."""
    y = property_table(smiles, model.property_names)
    prediction = model.predict(model.encode(smiles))
    ok = np.all(np.isfinite(y), axis=1)
    sse = np.sum((y[ok] - prediction[ok]) ** 2, axis=0)
    sst = np.sum((y[ok] - y[ok].mean(axis=0)) ** 2, axis=0)
    return {name: float(v) for name, v in zip(model.property_names, 1.0 - sse / sst)}


def evaluate(model: MoleculeModel, n_test: int = 1000, n_prior: int = 1000,
             protocol_molecules: int | None = None, seed: int = 0, log=print,
             training: frozenset[str] | None = None) -> dict:
    """Every quality metric of a model, as one JSON-ready dict; novelty is checked against
    `training` (default: the canonical SMILES of all of MOSES train)."""
    started = time.time()
    test = data.held_out_molecules(n_test, seed, accept=model.can_encode)
    canon = [canonical(s) for s in test]
    k = len(test) if protocol_molecules is None else min(protocol_molecules, len(test))
    log(f"{len(test)} MOSES test molecules; reconstruction ...")
    out = {"test_molecules": len(test), "greedy_reconstruction": reconstruction(model, test, canon)}
    log("10 x 10 protocol ...")
    out["protocol_reconstruction"] = reconstruction_protocol(model, test[:k], canon[:k], seed=seed)
    out["protocol_molecules"] = k
    log("prior samples ...")
    out["prior"] = prior_quality(model, n_prior, seed, training if training is not None
                                 else data.moses_train_canonical(log=log))
    out["test_descriptors"] = descriptors(test)
    out["latent"] = latent_usage(model, test)
    out["predictor_r2"] = predictor_r2(model, test)
    out["seconds"] = round(time.time() - started, 1)
    return out


def table(metrics: dict) -> str:
    """The metrics as the markdown table of docs/molecules.md."""
    p, lat = metrics["prior"], metrics["latent"]
    d, td = p["descriptors"], metrics["test_descriptors"]
    rows = [("greedy reconstruction from t_mean", f"{metrics['greedy_reconstruction']:.1%}"),
            ("reconstruction, 10 encodings x 10 decodings",
             f"{metrics['protocol_reconstruction']:.1%} ({metrics['protocol_molecules']} molecules)"),
            ("prior samples valid / unique / novel",
             f"{p['validity']:.1%} / {p['uniqueness']:.1%} / {p['novelty']:.1%}"),
            ("QED, SA, MW: prior samples", f"{d['qed']:.3f}, {d['sa']:.2f}, {d['molecular_weight']:.0f}"),
            ("QED, SA, MW: test molecules",
             f"{td['qed']:.3f}, {td['sa']:.2f}, {td['molecular_weight']:.0f}"),
            ("active units", f"{lat['active_units']} of {lat['latent_dim']}"),
            ("mean KL (nats)", f"{lat['kl_mean']:.1f}")]
    rows += [(f"predictor R^2, {name}", f"{r2:.3f}") for name, r2 in metrics["predictor_r2"].items()]
    lines = [f"| metric ({metrics['test_molecules']} MOSES test molecules) | value |", "|---|---|"]
    return "\n".join(lines + [f"| {a} | {b} |" for a, b in rows])


def evaluate_model(path: str | Path | None = None, n_test: int = 1000, n_prior: int = 1000,
                   protocol_molecules: int | None = None, seed: int = 0,
                   out: str | Path | None = None, log=print,
                   run_dir: str | Path | None = None) -> dict:
    """`vae-opt molecules evaluate`: load (a model file, or a run's last checkpoint), measure,
    print the table (and write JSON)."""
    if run_dir is not None:
        model, _, state, _ = model_of_run(run_dir)
        log(f"{run_dir}: the checkpoint after {state.epoch} epochs and {state.step} steps")
    else:
        model = MoleculeModel.load(path)
    metrics = evaluate(model, n_test, n_prior, protocol_molecules, seed, log)
    log(table(metrics))
    if out:
        write_text_atomic(out, json.dumps(metrics, indent=1) + "\n", force=True)
    return metrics
