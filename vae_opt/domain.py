"""Domains as plugins: what campaigns and the CLI need of a kind of sample, and a registry.

A domain (MNIST digits, molecules, or one of the user's own) says how to record and load its
model, how to turn latent points into samples (files a lab measures, cells a dashboard shows),
and what it declares about its values: whether they are negative log-likelihoods (>= 0), the
prior weight w of ``loss = s * value + w * nll_prior(t)`` it suggests, the BO settings it
prefers, and the built-in measurements (objectives) it offers. A campaign stores the domain's
name and its attributes (a JSON dict, as Optuna stores a study's user attributes) and asks the
domain, by name, for everything else: the campaign code never branches on a domain.

The built-in domains are found by name without importing them here (they load TensorFlow or
RDKit); ``register`` adds another one, e.g. a test's own.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol, Sequence, runtime_checkable

import numpy as np

from vae_opt.files import check_output_dir

# The built-in domains as "module:attribute", imported on first use.
BUILT_IN = {"mnist": "vae_opt.mnist.domain:DOMAIN", "molecules": "vae_opt.molecules.domain:DOMAIN"}
DEFAULT = "mnist"  # the domain of a campaign made by `vae-opt campaign new` without --domain
# Campaign files and commands from before domains named the domain by its objective.
OBJECTIVE_DOMAINS = {"decode-classify": "mnist", "predictor": "mnist", "molecule": "molecules"}

_registered: dict[str, "Domain"] = {}


class DomainError(ValueError):
    """A domain's model or attributes cannot be used; the message says what to do."""


class UnknownOptions(DomainError):
    """Options given to a domain that it does not take."""

    def __init__(self, domain: str, options: Sequence[str], known: Sequence[str]):
        self.domain, self.options, self.known = domain, list(options), list(known)
        super().__init__(f"a {domain} campaign takes no {', '.join(self.options)} (it takes: "
                         f"{', '.join(self.known) or 'nothing'})")


@runtime_checkable
class LatentModel(Protocol):
    """A domain's trained model: samples to latent points and back."""

    @property
    def latent_dim(self) -> int:
        """The dimension d of the latent space."""

    def encode(self, samples: Any) -> np.ndarray:
        """The latent means t_mean of samples: (n, d)."""

    def decode(self, t: np.ndarray) -> Sequence:
        """The samples decoded from latent points t of shape (n, d), one per row."""


class AskedPoint(Protocol):
    """What a domain reads of a point a campaign asked: its id, batch and t."""

    id: int
    batch: int
    t: tuple[float, ...]


@runtime_checkable
class Domain(Protocol):
    """A kind of sample searched through a VAE's latent space; see the module's docstring."""

    name: str
    nll_values: bool  # the measured values are -log p >= 0, so the loss lies above w * nll_prior
    prior_weight: float  # the suggested w in loss = s * value + w * nll_prior(t)
    settings: str | None  # the BO settings' name it prefers; None: the core's default for d
    objectives: tuple[str, ...]  # its built-in measurements, the default first; () if none

    def attributes(self, options: Mapping[str, Any]) -> dict:
        """A new campaign's attributes (JSON-ready) from the user's options, each checked; model
        files recorded (``file_record``) so that later samples come from the same model."""

    def load(self, attributes: Mapping[str, Any]) -> LatentModel:
        """The model the attributes record, after checking that its files did not change."""

    def write_samples(self, model: LatentModel, points: Sequence[AskedPoint],
                      out_dir: Path) -> list[dict]:
        """Decode points and write one file (or a few) per sample into out_dir; the records
        that `vae-opt campaign ask` prints, one per point, each with id, t and batch."""

    def show(self, model: LatentModel, t: np.ndarray) -> list[dict]:
        """What a dashboard shows of the samples at points t: per point a dict with "image"
        (a 2-d array in [0, 1], first row at the bottom) or "html" (a cell of a grid)."""

    def objective(self, attributes: Mapping[str, Any], name: str | None) -> Callable:
        """The built-in measurement `name` (None: the attributes' or the default) as a
        picklable function of latent points (n, d) -> values (n, 1), minimised."""


def register(domain: Domain) -> Domain:
    """Make `domain` known by its name (replacing one of the same name); returns it."""
    missing = [a for a in ("name", "nll_values", "prior_weight", "settings", "objectives",
                           "attributes", "load", "write_samples", "show", "objective")
               if not hasattr(domain, a)]
    if missing:
        raise TypeError(f"{domain!r} is no Domain: it lacks {', '.join(missing)}")
    if not isinstance(domain.name, str) or not domain.name:
        raise TypeError(f"a domain's name is a non-empty string, got {domain.name!r}")
    _registered[domain.name] = domain
    return domain


def unregister(name: str) -> None:
    """Forget a registered domain (the built-in ones stay findable)."""
    _registered.pop(name, None)


def names() -> list[str]:
    """The names of every domain that `get_domain` finds."""
    return sorted({*BUILT_IN, *_registered})


def get_domain(name: str) -> Domain:
    """The domain called `name`: registered, or built in (imported now)."""
    if name in _registered:
        return _registered[name]
    if name not in BUILT_IN:
        raise DomainError(f"unknown domain {name!r}; known: {', '.join(names())}")
    module, _, attribute = BUILT_IN[name].partition(":")
    return register(getattr(importlib.import_module(module), attribute))


# --- model files, recorded with their SHA-256 ------------------------------------------------


def sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_record(path: str | Path | None) -> dict | None:
    """{'path', 'sha256'} of a model file (absolute path), or None for no file."""
    if path is None:
        return None
    path = Path(path)
    if not path.is_file():
        raise DomainError(f"model file {path} does not exist")
    return {"path": str(path.resolve()), "sha256": sha256(path)}


def check_file_record(record: Mapping | None, role: str) -> None:
    """Refuse a recorded file that is gone or whose bytes changed since it was recorded."""
    if record is None:
        return
    path = Path(record["path"])
    if not path.is_file():
        raise DomainError(f"the {role} file {path} recorded when the campaign was created is "
                          "missing; restore it (the told values were measured on its samples)")
    now = sha256(path)
    if now != record["sha256"]:
        raise DomainError(f"the {role} file {path} changed since the campaign was created "
                          f"(SHA-256 {record['sha256'][:12]}... then, {now[:12]}... now); its "
                          "samples would not match the told values: restore the file or start "
                          "a new campaign")


def write_each(model: LatentModel, points: Sequence[AskedPoint], out_dir: Path,
               write: Callable[[Any, AskedPoint, Path], dict]) -> list[dict]:
    """Decode points and write each sample with ``write(sample, point, out_dir)``, which returns
    what it wrote (e.g. {"file": ...}); the records `ask` prints: id, t, batch and those."""
    out_dir = check_output_dir(out_dir)
    samples = model.decode(np.array([p.t for p in points], dtype=np.float64))
    return [{"id": point.id, "t": list(point.t), "batch": point.batch,
             **write(sample, point, out_dir)} for sample, point in zip(samples, points)]


def check_options(domain: str, options: Mapping[str, Any], known: Sequence[str]) -> dict:
    """The options a domain knows, without None values; others are refused by name."""
    unknown = sorted(k for k, v in options.items() if v is not None and k not in known)
    if unknown:
        raise UnknownOptions(domain, unknown, known)
    return {k: v for k, v in options.items() if v is not None}
