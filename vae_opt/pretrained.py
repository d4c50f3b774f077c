"""The committed pretrained models, each loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import keras

from vae_opt.config import model_path
from vae_opt.models import load_model


@lru_cache(maxsize=None)
def load_pretrained(kind: str) -> keras.Model:
    """The pretrained model of `kind` ('off', 'softmax', 'linear', 'classifier', 'judge', 'cvae')."""
    return load_model(model_path(kind))


def default_objective(target: int):
    """The method's objective: decode with the softmax model, score with the separate classifier."""
    from vae_opt.objectives import decode_classify_objective

    decoder = load_pretrained("softmax").get_layer("decoder")
    return decode_classify_objective(decoder, load_pretrained("classifier"), target)
