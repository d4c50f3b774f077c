"""MNIST as a campaign domain: a joint VAE (and the classifier of the built-in lab) recorded by
SHA-256; samples are digit images, written as ``DIR/ID.png`` (to look at) and ``DIR/ID.npy``, a
(28, 28) float array in [0, 1] (to measure). Both are written atomically.

Attributes: ``vae`` and ``classifier`` (file records), ``target`` (the digit, needed by the
built-in lab only) and ``objective`` (which built-in lab: decode-classify or predictor).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from vae_opt.domain import (AskedPoint, DomainError, check_file_record, check_options, file_record,
                            write_each)
from vae_opt.files import write_atomic
from vae_opt.mnist.config import OBJECTIVES
from vae_opt.paths import model_path
from vae_opt.validation import check_choice, check_target

if TYPE_CHECKING:
    from vae_opt.mnist.pretrained import Bundle

class LabObjective:
    """The built-in lab, picklable: each process loads the models once, on first use."""

    _cache: dict = {}

    def __init__(self, vae: str, classifier: str | None, target: int, kind: str):
        self.key = (vae, classifier, target, kind)

    def __call__(self, t: np.ndarray) -> np.ndarray:
        """-log p(target | sample decoded at t): (n, 1)."""
        if self.key not in self._cache:
            from vae_opt.mnist.pretrained import bundle  # TensorFlow: only where one measures

            vae, classifier, target, kind = self.key
            models = bundle(vae=vae, classifier=classifier)
            self._cache[self.key] = models.objective(target, kind).nll_target
        return self._cache[self.key](t)


class MnistDomain:
    """Digits decoded by a joint VAE; the built-in lab scores them with a classifier."""

    name = "mnist"
    nll_values = True  # both built-in labs measure -log p(target | t)
    prior_weight = 1.0  # the method's objective: -log p(target | t) + nll_prior(t)
    settings = None
    objectives = OBJECTIVES

    def attributes(self, options: Mapping[str, Any]) -> dict:
        """Records of the VAE and classifier (default: the pretrained softmax VAE and
        classifier), the target digit and the built-in lab's objective, each checked."""
        options = check_options(self.name, options, ("vae", "classifier", "target", "objective"))
        target = options.get("target")
        objective = options.get("objective", OBJECTIVES[0])
        check_choice(objective, OBJECTIVES, "objective")
        return {"vae": file_record(options.get("vae") or model_path("softmax")),
                "classifier": file_record(options.get("classifier") or model_path("classifier")),
                "target": None if target is None else check_target(target),
                "objective": objective}

    def load(self, attributes: Mapping[str, Any]) -> "Bundle":
        """The recorded VAE and classifier as a ``Bundle``, after their SHA-256 checks."""
        from vae_opt.mnist.pretrained import bundle  # TensorFlow

        vae, classifier = attributes.get("vae"), attributes.get("classifier")
        if vae is None:
            raise DomainError("the campaign records no VAE, so its points cannot be decoded")
        check_file_record(vae, "VAE")
        check_file_record(classifier, "classifier")
        return bundle(vae=vae["path"], classifier=classifier and classifier["path"])

    def write_samples(self, model: "Bundle", points: Sequence[AskedPoint],
                      out_dir: Path) -> list[dict]:
        """Write ID.png and ID.npy for every point; the records `ask` prints, one per point."""
        return write_each(model, points, out_dir, _write_digit)

    def show(self, model: "Bundle", t: np.ndarray) -> list[dict]:
        """The decoded digits, each as an image whose first row is drawn at the bottom."""
        return [{"image": np.flipud(image)} for image in model.decode(t)]

    def objective(self, attributes: Mapping[str, Any], name: str | None) -> LabObjective:
        """The built-in lab -log p(target | decoded image), decode-classify or predictor."""
        target, chosen = attributes.get("target"), attributes.get("objective", OBJECTIVES[0])
        if target is None:
            raise DomainError("the campaign has no target digit, and the built-in lab measures "
                              "-log p(target | image); give the campaign a target, or measure "
                              "elsewhere with ask and tell")
        if name is not None and name != chosen:
            raise DomainError(f"the campaign measures the {chosen} objective (chosen at "
                              f"creation); a run cannot switch it to {name}")
        vae, classifier = attributes["vae"], attributes.get("classifier")
        return LabObjective(vae["path"], classifier and classifier["path"], target, chosen)


def _write_digit(image: np.ndarray, point: AskedPoint, out_dir: Path) -> dict:
    """ID.png (to look at) and ID.npy (to measure) of one decoded image."""
    import matplotlib.image  # Matplotlib: only where images are written

    png, npy = out_dir / f"{point.id}.png", out_dir / f"{point.id}.npy"
    write_atomic(png, lambda tmp: matplotlib.image.imsave(tmp, image, cmap="gray", vmin=0.0,
                                                          vmax=1.0), force=True)
    write_atomic(npy, lambda tmp: _save_npy(tmp, image), force=True)
    return {"image": str(png), "array": str(npy)}


def _save_npy(path: Path, image: np.ndarray) -> None:
    with open(path, "wb") as f:
        np.save(f, image)


DOMAIN = MnistDomain()
