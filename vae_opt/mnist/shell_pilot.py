"""The pilot that chose the prior shell's mass, with no optimizer at all.

For each seed, many prior draws; for each digit and inner quantile q, the draw with the lowest
objective among those with |t| >= the chi_d quantile q is decoded and judged. Without a shell
(q = 0) that draw often lies near t = 0 and is judged another digit at d = 8 and 16.

    python -m vae_opt.mnist.shell_pilot --out docs/dimensions/study
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Iterable

import numpy as np
from scipy.stats import chi

from vae_opt.mnist.bench_config import DIMENSIONS
from vae_opt.mnist.config import NUM_CLASSES
from vae_opt.files import check_output_dir, write_text_atomic
from vae_opt.mnist.networks.vae import decode
from vae_opt.mnist.objectives import objective_values
from vae_opt.paths import model_path
from vae_opt.mnist.pretrained import Bundle, bundle


def judged_digits(models: Bundle, t: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """The digit the judge reads in the decoded image of each point: (n,)."""
    return np.concatenate([
        np.asarray(models.judge(decode(models.decoder, t[i:i + chunk]), training=False)).argmax(-1)
        for i in range(0, len(t), chunk)])


def shell_pilot(models: Bundle, quantiles: Iterable[float], seeds: Iterable[int],
                draws: int = DIMENSIONS.pilot_draws) -> tuple[dict[float, float], np.ndarray]:
    """({q: share of (digit, seed) whose best draw with |t| >= chi_d quantile q the judge
    assigns to the digit}, the share of all draws the judge reads as each digit (10,)).
    Each draw is decoded and classified once, for all ten digits."""
    dim, quantiles = models.latent_dim, tuple(quantiles)
    log_probs = models.objective(0).log_probs
    hits: dict[float, list[bool]] = {q: [] for q in quantiles}
    read_as = []
    for seed in seeds:
        t = np.random.default_rng(seed).standard_normal((draws, dim))
        values = objective_values(log_probs(t), t)  # (draws, 10): every digit's objective
        norms = np.linalg.norm(t, axis=1)
        read_as.append(judged_digits(models, t))
        for q in quantiles:
            allowed = np.flatnonzero(norms >= chi.ppf(q, dim))
            best = allowed[np.argmin(values[allowed], axis=0)]  # one draw per digit
            hits[q] += list(read_as[-1][best] == np.arange(len(best)))
    shares = np.bincount(np.concatenate(read_as), minlength=NUM_CLASSES) / (len(read_as) * draws)
    return {q: float(np.mean(v)) for q, v in hits.items()}, shares


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m vae_opt.mnist.shell_pilot",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DIMENSIONS.output_dir / "study")
    parser.add_argument("--quantiles", type=float, nargs="+", default=DIMENSIONS.pilot_quantiles,
                        metavar="Q", help="inner chi quantiles of the shell, in [0, 1)")
    parser.add_argument("--dims", type=int, nargs="+", default=[d for d, _ in DIMENSIONS.models])
    parser.add_argument("--seeds", type=int, nargs="+", default=DIMENSIONS.pilot_seeds)
    args = parser.parse_args(argv)
    kinds = dict(DIMENSIONS.models)
    if any(d not in kinds for d in args.dims) or any(not 0 <= q < 1 for q in args.quantiles):
        parser.error(f"--dims from {', '.join(map(str, kinds))}; quantiles Q in [0, 1)")
    out = check_output_dir(args.out)
    lines = ["# The shell pilot: the judge on the best of prior draws with |t| >= chi quantile q",
             "", f"`python -m vae_opt.mnist.shell_pilot --quantiles "
             f"{' '.join(map(str, args.quantiles))} --dims {' '.join(map(str, args.dims))} --seeds "
             f"{' '.join(map(str, args.seeds))}`: {DIMENSIONS.pilot_draws:,} draws per seed, "
             "10 digits.", "",
             "| d | " + " | ".join(f"q = {q}" for q in args.quantiles) + " |",
             "|---|" + "---|" * len(args.quantiles)]
    read_as = []
    for dim in args.dims:
        success, shares = shell_pilot(bundle(model_path(kinds[dim])), args.quantiles, args.seeds)
        lines.append(f"| {dim} | " + " | ".join(f"{100 * v:.0f} %" for v in success.values()) + " |")
        read_as.append(f"| {dim} | " + " | ".join(f"{100 * v:.1f} %" for v in shares) + " |")
    lines += ["", "The share of all prior draws that the judge reads as each digit:", "",
              "| d | " + " | ".join(map(str, range(NUM_CLASSES))) + " |",
              "|---|" + "---|" * NUM_CLASSES, *read_as]
    text = "\n".join(lines) + "\n"
    write_text_atomic(out / "shell_pilot.md", text, force=True)
    print(text)


if __name__ == "__main__":
    main()
