"""Weighted retraining (Tripp et al. 2020): between rounds of latent-space BO, fine-tune the VAE
on every molecule scored so far, drawn with probability proportional to 1 / (k N + rank)
(rank 0 the best, k = 1e-3), so that the decoder gives more of the latent space to good
molecules; the BO then re-encodes its data and refits the GP (vae_opt.molecules.latent_bo).

Each round is one pass over the data (at least `min_steps` batches) drawn with the weights
(Tripp's weighted sampler); the predictor's loss is off (the GP, not the predictor, guides this BO), the KL weight
is the trained model's. A run fine-tunes its own copy of the model, loaded fresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vae_opt.molecules.bundle import MoleculeModel, default_model_path
from vae_opt.molecules.config import MOLECULES

RANK_K = 1e-3  # Tripp et al.'s k for penalized logP


def rank_weights(values, k: float = RANK_K) -> np.ndarray:
    """Sampling probabilities proportional to 1 / (k N + rank), rank 0 the best value."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or not len(values) or not np.isfinite(values).all():
        raise ValueError("rank weights need a non-empty list of finite values")
    ranks = np.empty(len(values))
    ranks[np.argsort(-values, kind="stable")] = np.arange(len(values))
    weights = 1.0 / (k * len(values) + ranks)
    return weights / weights.sum()


@dataclass
class WeightedRetraining:
    """Loads a trainable copy of the molecule VAE and fine-tunes it on weighted molecules."""

    model_path: str | Path | None = None
    k: float = RANK_K
    batch_size: int = MOLECULES.batch_size
    min_steps: int = 10  # a pool of 100 charged calls is under one batch: a round is >= this
    rounds: int = field(default=0, init=False)
    _vae: object = field(default=None, init=False, repr=False)

    def load(self) -> MoleculeModel:
        """A fresh copy of the model whose networks this object trains."""
        from vae_opt.molecules.checks import load_files  # Keras
        from vae_opt.molecules.model import compile_vae  # Keras

        path = Path(self.model_path) if self.model_path else default_model_path()
        model = MoleculeModel.load(path)  # the checks and messages of a plain load
        meta, self._vae = load_files(path)
        epochs = float(meta.get("epochs_trained", 0))
        compile_vae(self._vae, MOLECULES.learning_rate * MOLECULES.lr_decay ** epochs, 0.0)
        self.rounds = 0
        return MoleculeModel.from_vae(self._vae, model.vocabulary, model.property_names,
                                      model.property_mean, model.property_std, model.metadata)

    def fine_tune(self, model: MoleculeModel, smiles: list[str], values: list[float],
                  rng: np.random.Generator) -> int:
        """One weighted pass over (smiles, values) with the model `load` returned; returns the
        number of steps taken (0 when no molecule fits the vocabulary)."""
        from vae_opt.molecules.checks import check_smiles  # SELFIES
        from vae_opt.molecules.model import shift_right, start_token  # Keras

        if self._vae is None:
            raise RuntimeError("call load() first: fine_tune trains the model load() returned")
        scored = dict(zip(smiles, values))
        kept = model.encodable(list(scored))
        if not kept:
            return 0
        tokens = model.vocabulary.encode(check_smiles(kept, model.vocabulary)).astype(np.int32)
        weights = rank_weights([scored[s] for s in kept], self.k)
        steps = max(self.min_steps, len(kept) // self.batch_size)
        index = rng.choice(len(kept), size=(steps, self.batch_size), p=weights)
        start = start_token(model.decoder)
        no_properties = np.zeros((self.batch_size, len(model.property_names)), np.float32)
        for rows in index:
            x = tokens[rows]
            self._vae.train_on_batch({"tokens": x, "previous_tokens": shift_right(x, start)},
                                     {"reconstruction": x, "properties": no_properties})
        self.rounds += 1
        return steps
