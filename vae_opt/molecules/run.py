"""A training run that outlives a session (one folder holds everything needed to continue it).

RUN_DIR/run.json         the recipe, vocabulary, property scaling and the data split's record
RUN_DIR/data.npz         the prepared tokens and properties (rebuilt from the seed if missing)
RUN_DIR/checkpoint.npz   weights, optimizer state, epoch, step, data order and RNG state
RUN_DIR/train.log        every progress line;  RUN_DIR/history.jsonl  the loss terms
RUN_DIR/learning_curve.png

``start`` prepares a new run, ``train`` continues it from its last checkpoint: a kill -9 loses at
most ``config.checkpoint_minutes`` of work. The data order of epoch e is a permutation seeded by
(seed, e), so a resumed run sees the same batches in the same order as an uninterrupted one.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from vae_opt.molecules.config import MoleculeConfig
from vae_opt.files import write_atomic, write_text_atomic
from vae_opt.molecules.prepare import prepare_data

RUN_FILE, DATA_FILE, CHECKPOINT_FILE = "run.json", "data.npz", "checkpoint.npz"
LOG_FILE, HISTORY_FILE, CURVE_FILE = "train.log", "history.jsonl", "learning_curve.png"


class RunError(ValueError):
    """A run folder that cannot be started or continued; the message says what to do."""


@dataclass
class RunState:
    """Where a run is: the next (epoch, step) to train and the seconds spent so far."""

    epoch: int = 0
    step: int = 0
    global_step: int = 0
    seconds: float = 0.0


def config_from_dict(data: dict) -> MoleculeConfig:
    """The MoleculeConfig a run.json records (lists back to tuples, paths back to Paths)."""
    known = {f.name: f for f in fields(MoleculeConfig)}
    values = {}
    for key, value in data.items():
        if key not in known:
            raise RunError(f"run.json has an unknown setting {key!r}; was it written by a newer "
                           "vae-opt?")
        default = getattr(MoleculeConfig, key, None)
        if isinstance(default, tuple):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        elif isinstance(default, Path):
            value = Path(value)
        values[key] = value
    return MoleculeConfig(**values)


def config_to_dict(config: MoleculeConfig) -> dict:
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()}


class RunLog:
    """Prints a line and appends it to train.log (the log survives the session)."""

    def __init__(self, run_dir: Path, echo=print):
        self.path, self.echo = run_dir / LOG_FILE, echo

    def __call__(self, line: str) -> None:
        stamped = f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}"
        self.echo(stamped)
        with open(self.path, "a") as f:
            f.write(stamped + "\n")


def start(run_dir: str | Path, config: MoleculeConfig, command: str, echo=print) -> Path:
    """Create a run folder: prepare the data, record the recipe. Refuses a folder that already
    holds a run (continue that with ``train``)."""
    run_dir = Path(run_dir)
    if (run_dir / RUN_FILE).exists():
        raise RunError(f"{run_dir} already holds a run; continue it with `vae-opt molecules train "
                       f"--resume {run_dir}`, or choose another folder")
    run_dir.mkdir(parents=True, exist_ok=True)
    log = RunLog(run_dir, echo)
    record = prepare_data(config, run_dir / DATA_FILE, log)
    record.update(config=config_to_dict(config), command=command, created=time.time())
    write_text_atomic(run_dir / RUN_FILE, json.dumps(record, indent=1) + "\n")
    log(f"run folder {run_dir} ready: {record['split']['train']:,} training molecules")
    return run_dir


def read_run(run_dir: str | Path) -> tuple[dict, MoleculeConfig]:
    """The run's record and recipe; a RunError if the folder holds no run."""
    path = Path(run_dir) / RUN_FILE
    if not path.is_file():
        raise RunError(f"{run_dir} holds no training run (no {RUN_FILE}); start one with "
                       "`vae-opt molecules train --run-dir DIR`")
    record = json.loads(path.read_text())
    return record, config_from_dict(record["config"])


def load_data(run_dir: Path, record: dict, config: MoleculeConfig, log) -> dict:
    """data.npz, rebuilt from the seeded recipe when absent; its split hash must match run.json."""
    path = run_dir / DATA_FILE
    if not path.is_file():
        log(f"{DATA_FILE} missing: preparing the data again from the recipe")
        again = prepare_data(config, path, log)
        if again["split"]["train_sha256"] != record["split"]["train_sha256"]:
            raise RunError("the rebuilt training molecules differ from the run's (another MOSES "
                           "file or RDKit/SELFIES version?); start a new run")
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


def build(record: dict, config: MoleculeConfig):
    """The compiled training model of a run, its optimizer built (so that state can load)."""
    from vae_opt.backend import keras  # Keras
    from vae_opt.molecules.model import build_vae

    keras.utils.set_random_seed(config.seed)
    vae = build_vae(len(record["vocabulary"]), len(config.properties), config, seed=config.seed)
    vae.optimizer.build(vae.trainable_variables)
    return vae


def _checkpoint_arrays(vae) -> dict[str, np.ndarray]:
    arrays = {f"model/{i}": np.asarray(v) for i, v in enumerate(vae.variables)}
    arrays.update({f"optimizer/{i}": np.asarray(v) for i, v in enumerate(vae.optimizer.variables)})
    return arrays


def save_checkpoint(run_dir: Path, vae, state: RunState) -> None:
    """Weights, optimizer moments and the run state in one file, replaced atomically."""
    arrays = _checkpoint_arrays(vae)
    arrays["state"] = np.frombuffer(json.dumps(asdict(state)).encode(), dtype=np.uint8)

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)

    write_atomic(run_dir / CHECKPOINT_FILE, write, force=True)


def load_checkpoint(run_dir: Path, vae) -> RunState:
    """Restore the last checkpoint into `vae` (built by ``build``); a fresh state if none."""
    path = run_dir / CHECKPOINT_FILE
    if not path.is_file():
        return RunState()
    with np.load(path) as data:
        model_vars, opt_vars = vae.variables, vae.optimizer.variables
        n_model = sum(k.startswith("model/") for k in data.files)
        n_opt = sum(k.startswith("optimizer/") for k in data.files)
        if (n_model, n_opt) != (len(model_vars), len(opt_vars)):
            raise RunError(f"{path} does not fit this run's model ({n_model} vs {len(model_vars)} "
                           "variables); was the recipe changed?")
        for i, v in enumerate(model_vars):
            v.assign(data[f"model/{i}"])
        for i, v in enumerate(opt_vars):
            v.assign(data[f"optimizer/{i}"])
        return RunState(**json.loads(bytes(data["state"]).decode()))


def is_finished(run_dir: str | Path) -> bool:
    """Whether the run has trained all its epochs."""
    record, config = read_run(run_dir)
    path = Path(run_dir) / CHECKPOINT_FILE
    if not path.is_file():
        return False
    with np.load(path) as data:
        return json.loads(bytes(data["state"]).decode())["epoch"] >= config.epochs


def molecule_model(vae, record: dict):
    """A training model as a MoleculeModel (encode, decode, predict), with the run's vocabulary
    and property scaling."""
    from vae_opt.molecules.bundle import MoleculeModel  # Keras, through the model checks
    from vae_opt.molecules.tokens import Vocabulary  # SELFIES

    vocabulary = Vocabulary(tuple(record["vocabulary"]), int(record["max_length"]))
    return MoleculeModel.from_vae(vae, vocabulary, record["properties"],
                                  record["property_mean"], record["property_std"])


def model_of_run(run_dir: str | Path) -> tuple[object, object, RunState, dict]:
    """The run's last checkpoint as a MoleculeModel (and the training model, state, record)."""
    record, config = read_run(run_dir)
    vae = build(record, config)
    state = load_checkpoint(Path(run_dir), vae)
    return molecule_model(vae, record), vae, state, record
