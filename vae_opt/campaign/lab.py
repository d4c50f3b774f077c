"""A stand-in lab for examples: the separate classifier, run on the arrays that `ask` wrote.

A real lab reads ``DIR/ID.npy`` (or looks at ``DIR/ID.png``), measures, and tells the values
back; here the measurement is -log p(target | image) under a classifier, the same quantity as
the built-in lab of `vae-opt campaign run`, but computed outside the campaign, from the files.
"""

from __future__ import annotations

import numpy as np

from vae_opt.mnist.config import LOG_EPS


def measure_arrays(classifier, records: list[dict], target: int) -> list[tuple[int, float]]:
    """(id, -log p(target | image)) for every record printed by `ask` (its 'array' file)."""
    images = np.stack([np.load(record["array"]) for record in records])[..., None]
    probs = np.asarray(classifier(images.astype(np.float32), training=False), dtype=np.float64)
    values = -np.log(probs[:, target] + LOG_EPS)
    return [(record["id"], float(value)) for record, value in zip(records, values)]
