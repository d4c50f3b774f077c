"""A trained molecule VAE with what it needs to be used: vocabulary and property scaling.

``MoleculeModel.load(path)`` reads ``selfies-vae.keras`` (safe mode) and the JSON beside it
(same stem), and offers the method's three maps: ``encode`` (SMILES -> t_mean), ``decode``
(t -> SMILES, greedy: the most probable token at every step, fed back) and ``predict``
(t -> properties, in their units).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vae_opt.molecules.config import MOLECULES
from vae_opt.molecules.checks import check_latent, check_smiles, load_files
from vae_opt.molecules.tokens import Vocabulary, decode_smiles
from vae_opt.paths import SOURCE_ROOT


def default_model_path() -> Path:
    """models/molecules/selfies-vae.keras of this checkout (or $VAE_OPT_MOLECULE_MODEL)."""
    env = os.environ.get("VAE_OPT_MOLECULE_MODEL")
    return Path(env) if env else SOURCE_ROOT / MOLECULES.model_dir / MOLECULES.model_file


def metadata_path(model_path: str | Path) -> Path:
    return Path(model_path).with_suffix(".json")


@dataclass
class MoleculeModel:
    """Encoder, decoder and predictor of one trained VAE, and how to read their numbers."""

    encoder: object
    decoder: object
    predictor: object
    vocabulary: Vocabulary
    property_names: tuple[str, ...]
    property_mean: np.ndarray
    property_std: np.ndarray
    metadata: dict

    @property
    def latent_dim(self) -> int:
        return int(self.decoder.input_shape[0][-1])

    @classmethod
    def from_vae(cls, vae, vocabulary: Vocabulary, property_names, mean, std,
                 metadata: dict | None = None) -> "MoleculeModel":
        return cls(vae.get_layer("encoder"), vae.get_layer("decoder"),
                   vae.get_layer("predictor"), vocabulary, tuple(property_names),
                   np.asarray(mean, dtype=np.float64), np.asarray(std, dtype=np.float64),
                   metadata or {})

    @classmethod
    def load(cls, path: str | Path | None = None) -> "MoleculeModel":
        """The model saved at `path` (default: default_model_path()), in Keras' safe mode."""
        import vae_opt.molecules.model  # noqa: F401  (registers the custom layers)

        path = Path(path) if path else default_model_path()
        if not path.is_file():
            raise FileNotFoundError(f"no molecule model at {path}; train one with `vae-opt "
                                    "molecules train` (see docs/molecules.md)")
        meta, vae = load_files(path)  # ModelFileError for a file Keras cannot or will not load
        vocabulary = Vocabulary(tuple(meta["vocabulary"]), int(meta["max_length"]))
        return cls.from_vae(vae, vocabulary, meta["properties"], meta["property_mean"],
                            meta["property_std"], meta)

    def _greedy(self):
        cache = self.__dict__.setdefault("_functions", {})
        if "greedy" not in cache:
            from vae_opt.molecules.model import greedy_decoder  # Keras

            cache["greedy"] = greedy_decoder(self.decoder)
        return cache["greedy"]

    def _compiled(self, name: str):
        """The network `name` called inside a tf.function (one point: ~ms, not Model.predict's
        tens of ms), traced once for any batch size."""
        cache = self.__dict__.setdefault("_functions", {})
        if name not in cache:
            from vae_opt.backend import tf  # TensorFlow

            network = getattr(self, name)
            spec = tf.TensorSpec((None, *network.input_shape[1:]),
                                 "int32" if name == "encoder" else "float32")
            cache[name] = tf.function(lambda x: network(x, training=False),
                                      input_signature=[spec], reduce_retracing=True)
        return cache[name]

    def encodable(self, smiles: list[str]) -> list[str]:
        """The SMILES whose SELFIES fit the vocabulary and max_length (the others are dropped)."""
        import selfies as sf  # SELFIES

        from vae_opt.molecules.tokens import to_selfies  # SELFIES

        known, kept = set(self.vocabulary.tokens), []
        for s in smiles:
            encoded = to_selfies(s)
            tokens = list(sf.split_selfies(encoded)) if encoded else None
            if tokens and len(tokens) <= self.vocabulary.max_length and known.issuperset(tokens):
                kept.append(s)
        return kept

    def encode(self, smiles: list[str]) -> np.ndarray:
        """t_mean of SMILES strings: (n, latent_dim)."""
        return self.encode_distribution(smiles)[0]

    def decode_tokens(self, t: np.ndarray, batch: int = 1024) -> np.ndarray:
        """Greedy decoding: the most probable token at every step, fed back: (n, max_length)."""
        t = check_latent(t, self.latent_dim)
        decode = self._greedy()
        out = [np.asarray(decode(t[i:i + batch])) for i in range(0, len(t), batch)]
        return np.concatenate(out) if out else np.zeros((0, self.vocabulary.max_length), int)

    def decode(self, t: np.ndarray) -> list[str]:
        """SMILES of latent points ("" where the decode is the empty molecule)."""
        return decode_smiles(self.vocabulary, self.decode_tokens(t))

    def predict(self, t: np.ndarray) -> np.ndarray:
        """The predictor's properties (in their own units) of latent points: (n, n_properties)."""
        t = check_latent(t, self.latent_dim)
        z = np.asarray(self._compiled("predictor")(t), dtype=np.float64)
        return z * self.property_std + self.property_mean

    def encode_distribution(self, smiles: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """q(t | x) of SMILES strings: (t_mean, t_log_var), each (n, latent_dim)."""
        tokens = self.vocabulary.encode(check_smiles(smiles, self.vocabulary))
        t_mean, t_log_var = self._compiled("encoder")(tokens)
        return np.asarray(t_mean, dtype=np.float64), np.asarray(t_log_var, dtype=np.float64)

    def can_encode(self, smiles: str) -> bool:
        """Whether one SMILES string fits the vocabulary and max_length."""
        return bool(self.encodable([smiles]))
