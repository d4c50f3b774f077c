"""Figures of the molecule notebook: the latent space coloured by a property, best-so-far
curves, and molecules drawn by RDKit with their values."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

LABELS = {"qed": "QED", "penalized_logp": "penalized logP (standardised)",
          "penalized_logp_raw": "logP - SA - cycle"}
COLORS = {"bo": "C0", "bo-narrow": "C3", "random": "C1", "gradient": "C2"}


def pca_2d(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The projection of points t (n, d) on their first two principal axes, and the share of
    variance each axis explains."""
    centred = t - t.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ vt[:2].T, (s[:2] ** 2) / np.sum(s**2)


def latent_figure(t: np.ndarray, values: dict[str, np.ndarray]):
    """One panel per property: t_mean projected by PCA, each molecule coloured by its value."""
    import matplotlib.pyplot as plt  # matplotlib: heavy, only for figures

    xy, explained = pca_2d(t)
    fig, axes = plt.subplots(1, len(values), figsize=(5.2 * len(values), 4.4), squeeze=False)
    for ax, (name, v) in zip(axes[0], values.items()):
        ok = np.isfinite(v)
        points = ax.scatter(xy[ok, 0], xy[ok, 1], c=v[ok], s=6, cmap="viridis")
        fig.colorbar(points, ax=ax, label=LABELS.get(name, name))
        ax.set(xlabel=f"PC 1 ({explained[0]:.0%} of variance)",
               ylabel=f"PC 2 ({explained[1]:.0%})", title=LABELS.get(name, name))
    fig.tight_layout()
    return fig


def curves_figure(curves: dict[tuple[str, str], np.ndarray], bars: dict[str, float] | None = None):
    """Best so far against evaluations per property: each method's mean over seeds, the band
    its min and max; dashed: the training subset's best (`bars`)."""
    import matplotlib.pyplot as plt  # matplotlib: heavy, only for figures

    props = sorted({p for p, _ in curves}, key=lambda p: list(LABELS).index(p)
                   if p in LABELS else 99)
    fig, axes = plt.subplots(1, len(props), figsize=(5.2 * len(props), 3.8), squeeze=False)
    for ax, prop in zip(axes[0], props):
        for (p, method), runs in sorted(curves.items()):
            if p != prop:
                continue
            x = np.arange(1, runs.shape[1] + 1)
            ax.plot(x, runs.mean(axis=0), color=COLORS.get(method), label=f"{method} "
                    f"({len(runs)} seed{'s' if len(runs) > 1 else ''})")
            ax.fill_between(x, runs.min(axis=0), runs.max(axis=0), color=COLORS.get(method),
                            alpha=0.2)
        if bars and prop in bars:
            ax.axhline(bars[prop], color="k", linestyle="--", label="training set's best")
        ax.set(xlabel="evaluations", ylabel=f"best {LABELS.get(prop, prop)}", title=prop)
        ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def molecules_figure(smiles: list[str], titles: list[str], columns: int = 4):
    """RDKit drawings of molecules (PNG images shown with imshow), each with its title."""
    import matplotlib.pyplot as plt  # matplotlib and RDKit: heavy, only for figures
    from rdkit import Chem
    from rdkit.Chem import Draw

    rows = max(1, -(-len(smiles) // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(3.2 * columns, 3.4 * rows), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, s, title in zip(axes.ravel(), smiles, titles):
        mol = Chem.MolFromSmiles(s) if s else None
        if mol is not None:
            ax.imshow(Draw.MolToImage(mol, size=(300, 300)))
        ax.set_title(title, fontsize=8)
    fig.tight_layout()
    return fig


def learning_curve(history: str | Path, out: str | Path) -> None:
    """The learning curve of a training run (history.jsonl): training loss terms and beta
    against epochs; at every epoch's end the validation reconstruction and, where recorded, the
    quality of prior samples (valid, unique, mean QED), which beta trades against it."""
    import matplotlib  # matplotlib: heavy, only for figures

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # matplotlib: heavy, only for figures

    rows = [json.loads(line) for line in Path(history).read_text().splitlines() if line]
    train = [r for r in rows if r["kind"] == "train"]
    valid = [r for r in rows if r["kind"] == "validation"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
    epochs = [r["epoch"] for r in train]
    left.plot(epochs, [r["reconstruction_loss"] for r in train], label="reconstruction (nats)")
    left.plot(epochs, [r["kl"] for r in train], label="KL (nats)")
    left.set_yscale("log")
    left.set_xlabel("epoch")
    left.set_title("training loss terms")
    left.legend(loc="upper left")
    beta = left.twinx()
    beta.plot(epochs, [r["beta"] for r in train], "k:", label="beta (right axis)")
    beta.set_ylabel("beta")
    beta.legend(loc="upper right")
    series = (("val_greedy_exact", "o-", "greedy reconstruction"),
              ("val_token_accuracy", "s-", "token accuracy"),
              ("val_prior_valid", "^--", "prior samples: valid"),
              ("val_prior_unique", "v--", "prior samples: unique"),
              ("val_prior_qed", "d--", "prior samples: mean QED"))
    for key, style, label in series:
        points = [(r["epoch"], r[key]) for r in valid if key in r]
        if points:
            right.plot(*zip(*points), style, label=label)
    right.set_ylim(0, 1.02)
    right.legend(fontsize=8)
    right.set_xlabel("epoch")
    right.set_title("validation, at each epoch's end")
    fig.tight_layout()
    fig.savefig(out, dpi=80)
    plt.close(fig)
