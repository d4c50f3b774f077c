"""The training loop of a run (vae_opt.molecules.run): step by step with ``train_on_batch``, so
that it can stop after any step and continue there, on TensorFlow or JAX alike.

Every step sets beta (KL annealing, linear over the first ``kl_anneal_epochs``) and the
learning rate (``learning_rate * lr_decay ** epoch``) from the global step alone, so both are
the same after a resume. Progress lines report the loss terms, molecules/s and the ETA.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from vae_opt.molecules.config import MoleculeConfig
from vae_opt.molecules import run as runs
from vae_opt.molecules.plots import learning_curve


def beta_at(global_step: int, steps_per_epoch: int, config: MoleculeConfig) -> float:
    """The KL weight at a step: 0 -> config.beta linearly over kl_anneal_epochs, then linear
    between the (epoch, beta) knots of config.beta_schedule, constant after the last."""
    epoch = global_step / steps_per_epoch
    knots = [(0.0, 0.0)] if config.kl_anneal_epochs > 0 else []
    knots += [(config.kl_anneal_epochs, config.beta)] + [tuple(k) for k in config.beta_schedule]
    if epoch >= knots[-1][0]:
        return float(knots[-1][1])
    return float(np.interp(epoch, [k[0] for k in knots], [k[1] for k in knots]))


def learning_rate_at(global_step: int, steps_per_epoch: int, config: MoleculeConfig) -> float:
    return config.learning_rate * config.lr_decay ** (global_step / steps_per_epoch)


def batch(tokens: np.ndarray, properties: np.ndarray, index: np.ndarray, start: int,
          mean: np.ndarray, std: np.ndarray):
    """The model's inputs and targets for the molecules `index` (START = vocabulary size)."""
    from vae_opt.molecules.model import shift_right  # Keras

    x = tokens[index].astype(np.int32)
    z = np.nan_to_num((properties[index] - mean) / std).astype(np.float32)
    return {"tokens": x, "previous_tokens": shift_right(x, start)}, \
        {"reconstruction": x, "properties": z}


def batch_kl(vae, tokens: np.ndarray) -> float:
    """Mean KL(q(t|x) || N(0, I)) of some molecules, in nats."""
    from vae_opt.networks.losses import kl_divergence  # TensorFlow

    t_mean, t_log_var = vae.get_layer("encoder")(tokens.astype(np.int32), training=False)
    return float(np.mean(np.asarray(kl_divergence(t_mean, t_log_var))))


def prior_check(vae, record: dict, n: int = 500, seed: int = 0) -> dict:
    """quality.prior_quality of the training model (greedy decodes of t ~ N(0, I): valid,
    unique, mean QED and SA), so that the learning curve shows the prior's quality beside
    reconstruction (beta trades one for the other)."""
    from vae_opt.molecules.quality import prior_quality  # Keras, through the model bundle

    q = prior_quality(runs.molecule_model(vae, record), n, seed, training=frozenset())
    return {"val_prior_valid": q["validity"], "val_prior_unique": q["uniqueness"],
            "val_prior_qed": q["descriptors"]["qed"], "val_prior_sa": q["descriptors"]["sa"]}


def validate(vae, data: dict, record: dict, n_greedy: int = 500) -> dict:
    """Validation loss terms, token accuracy, greedy whole-molecule reconstruction and the
    quality of prior samples."""
    from vae_opt.molecules.model import greedy_decoder  # Keras

    mean, std = np.asarray(record["property_mean"]), np.asarray(record["property_std"])
    tokens, props = data["tokens_validation"], data["properties_validation"]
    index = np.arange(len(tokens))
    inputs, targets = batch(tokens, props, index, len(record["vocabulary"]), mean, std)
    out = vae.predict(inputs, batch_size=512, verbose=0)
    p = np.asarray(out["reconstruction"])
    picked = np.take_along_axis(p, targets["reconstruction"][..., None], axis=-1)[..., 0]
    recon = float(np.mean(-np.log(np.clip(picked, 1e-12, 1)).sum(axis=1)))
    mse = np.mean((np.asarray(out["properties"]) - targets["properties"]) ** 2, axis=0)
    greedy = np.asarray(greedy_decoder(vae.get_layer("decoder"))(
        np.asarray(vae.get_layer("encoder")(inputs["tokens"][:n_greedy])[0])))
    return {"val_reconstruction": recon, "val_kl": batch_kl(vae, tokens),
            "val_property_r2": [float(1 - m) for m in mse],  # z-scores: R^2 ~ 1 - MSE
            "val_token_accuracy": float(np.mean(p.argmax(-1) == targets["reconstruction"])),
            "val_greedy_exact": float(np.mean(np.all(greedy == inputs["tokens"][:n_greedy],
                                                     axis=1))),
            **prior_check(vae, record)}


def _append_history(run_dir: Path, row: dict) -> None:
    with open(run_dir / runs.HISTORY_FILE, "a") as f:
        f.write(json.dumps(row) + "\n")


def train(run_dir: str | Path, max_steps: int | None = None, max_minutes: float | None = None,
          echo=print) -> runs.RunState:
    """Continue the run in `run_dir` from its last checkpoint until every epoch is trained, or
    `max_steps` more steps / `max_minutes` have passed (then checkpoint and return)."""
    run_dir = Path(run_dir)
    record, config = runs.read_run(run_dir)
    log = runs.RunLog(run_dir, echo)
    data = runs.load_data(run_dir, record, config, log)
    vae = runs.build(record, config)
    state = runs.load_checkpoint(run_dir, vae)
    tokens, props = data["tokens_train"], data["properties_train"]
    mean, std = np.asarray(record["property_mean"]), np.asarray(record["property_std"])
    start_token = len(record["vocabulary"])
    steps_per_epoch = len(tokens) // config.batch_size
    if steps_per_epoch == 0:
        raise runs.RunError(f"{len(tokens)} training molecules are fewer than one batch "
                            f"({config.batch_size})")
    log(f"{'resuming' if state.global_step else 'starting'} at epoch {state.epoch + 1}, step "
        f"{state.step} of {steps_per_epoch} ({state.global_step:,} steps done)")
    session_start, last_save, done_here = time.time(), time.time(), 0
    seen, sums = 0, {}
    kl_layer = vae.get_layer("kl")
    while state.epoch < config.epochs:
        order = np.random.default_rng([config.seed, state.epoch]).permutation(len(tokens))
        while state.step < steps_per_epoch:
            if (max_steps is not None and done_here >= max_steps) or (
                    max_minutes is not None and time.time() - session_start > 60 * max_minutes):
                runs.save_checkpoint(run_dir, vae, state)
                log(f"stopped at epoch {state.epoch + 1}, step {state.step}; checkpoint saved")
                return state
            t0 = time.time()
            beta = beta_at(state.global_step, steps_per_epoch, config)
            kl_layer.beta.assign(beta)
            vae.optimizer.learning_rate.assign(
                learning_rate_at(state.global_step, steps_per_epoch, config))
            index = order[state.step * config.batch_size:(state.step + 1) * config.batch_size]
            inputs, targets = batch(tokens, props, index, start_token, mean, std)
            logs = vae.train_on_batch(inputs, targets, return_dict=True)
            state.step, state.global_step, done_here = state.step + 1, state.global_step + 1, \
                done_here + 1
            state.seconds += time.time() - t0
            seen += len(index)
            for key in ("loss", "reconstruction_loss", "properties_loss"):
                sums[key] = sums.get(key, 0.0) + float(logs[key])
            sums["n"] = sums.get("n", 0) + 1
            if state.global_step % config.log_every == 0:
                n = sums.pop("n")
                means = {k: v / n for k, v in sums.items()}
                kl = batch_kl(vae, inputs["tokens"])
                rate = seen / max(time.time() - session_start, 1e-9)
                left = (config.epochs - state.epoch) * steps_per_epoch - state.step
                log(f"epoch {state.epoch + 1}/{config.epochs} step {state.step}/{steps_per_epoch}"
                    f" loss {means['loss']:.2f} recon {means['reconstruction_loss']:.2f} kl "
                    f"{kl:.1f} prop {means['properties_loss']:.3f} beta {beta:.4f} "
                    f"{rate:.0f} mol/s ETA {left * config.batch_size / rate / 3600:.1f} h")
                _append_history(run_dir, {"kind": "train", "global_step": state.global_step,
                                          "epoch": state.epoch + state.step / steps_per_epoch,
                                          **means, "kl": kl, "beta": beta})
                sums = {}
            if time.time() - last_save > 60 * config.checkpoint_minutes:
                runs.save_checkpoint(run_dir, vae, state)
                last_save = time.time()
        metrics = validate(vae, data, record)
        state.epoch, state.step = state.epoch + 1, 0
        runs.save_checkpoint(run_dir, vae, state)
        last_save = time.time()
        _append_history(run_dir, {"kind": "validation", "epoch": state.epoch,
                                  "global_step": state.global_step, **metrics})
        log(f"epoch {state.epoch} done: " + ", ".join(
            f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in metrics.items()))
        _plot_curve(run_dir)
    log(f"training finished: {config.epochs} epochs, {state.seconds / 3600:.2f} h of steps")
    return state


def _plot_curve(run_dir: Path) -> None:
    learning_curve(run_dir / runs.HISTORY_FILE, run_dir / runs.CURVE_FILE)

