"""The pretrained models as one bundle: the joint VAE and the separate classifier, and the rest.

The CLI, the benchmark, the reproduction and the notebooks all take their models from here,
so that "the softmax model's decoder scored by the classifier" is assembled in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from vae_opt.backend import keras
from vae_opt.mnist.config import OBJECTIVES
from vae_opt.mnist.networks.vae import decode, encode
from vae_opt.networks.loading import load_model
from vae_opt.mnist.objectives import LatentObjective, decode_classify_objective, predictor_objective
from vae_opt.paths import model_path
from vae_opt.validation import check_choice



@lru_cache(maxsize=None)
def load_pretrained(kind: str) -> keras.Model:
    """The pretrained model of `kind` ('off', 'softmax', 'linear', 'classifier', 'judge', 'cvae',
    'softmax-d8', 'softmax-d16'), loaded once per process (and once per file: by kind or by
    path, the same cache)."""
    return _load_file(model_path(kind))


@lru_cache(maxsize=None)
def _load_file(path: Path) -> keras.Model:
    return load_model(path)


def _joint_parts(vae: keras.Model) -> None:
    names = {layer.name for layer in vae.layers}
    if not {"decoder", "encoder"} <= names:
        raise ValueError(f"{vae.name!r} is not a joint VAE (it has no encoder/decoder); give a "
                         "vae-predictor-*.h5 file")


@dataclass(frozen=True)
class Bundle:
    """A joint VAE (encoder, decoder, predictor) with the classifier that scores its images."""

    vae: keras.Model
    classifier: keras.Model

    @property
    def decoder(self) -> keras.Model:
        return self.vae.get_layer("decoder")

    @property
    def encoder(self) -> keras.Model:
        return self.vae.get_layer("encoder")

    @property
    def predictor(self) -> keras.Model:
        if "predictor" not in {layer.name for layer in self.vae.layers}:
            raise ValueError(f"{self.vae.name!r} has no predictor; use a model trained with one")
        return self.vae.get_layer("predictor")

    @property
    def latent_dim(self) -> int:
        return int(self.decoder.input_shape[-1])

    def encode(self, images: np.ndarray) -> np.ndarray:
        """t_mean of images (n, 28, 28, 1) in [0, 1]: (n, latent_dim)."""
        return np.asarray(encode(self.vae, images)[0], dtype=np.float64)

    def decode(self, t: np.ndarray) -> np.ndarray:
        """The images decoded at latent points t (n, latent_dim): (n, 28, 28) floats in [0, 1]."""
        images = decode(self.decoder, np.asarray(t, dtype=np.float32))
        return np.clip(images[..., 0].astype(np.float64), 0.0, 1.0)

    @cached_property
    def judge(self) -> keras.Model:
        return load_pretrained("judge")

    @cached_property
    def cvae(self) -> keras.Model:
        return load_pretrained("cvae")

    def objective(self, target: int, kind: str = "decode-classify") -> LatentObjective:
        """f(t, target) with p(y | t) from decoding and classifying, or from the predictor."""
        check_choice(kind, OBJECTIVES, "objective")
        if kind == "predictor":
            return predictor_objective(self.predictor, target)
        return decode_classify_objective(self.decoder, self.classifier, target)


def bundle(vae: str | Path | None = None, classifier: str | Path | None = None) -> Bundle:
    """The models of the method: given files, else the pretrained softmax VAE and classifier."""
    vae_model = _load_file(Path(vae)) if vae else load_pretrained("softmax")
    _joint_parts(vae_model)
    clf = _load_file(Path(classifier)) if classifier else load_pretrained("classifier")
    return Bundle(vae_model, clf)
