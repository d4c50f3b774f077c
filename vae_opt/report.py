"""Figures of the committed models on the MNIST test set, as printed by `vae-opt evaluate`."""

from __future__ import annotations

from vae_opt.config import model_path
from vae_opt.data import load_mnist
from vae_opt.pretrained import load_pretrained
from vae_opt.training import test_metrics

CLASSIFIER_ACCURACY_FLOOR = 0.99


ALL_KINDS = ("classifier", "softmax", "linear", "off", "judge", "cvae")


def evaluate_pretrained(
    kinds: tuple[str, ...] = ALL_KINDS, n_test: int | None = None
) -> dict[str, dict[str, float]]:
    """Test-set metrics of each pretrained model of `kinds` that exists in models/vae-opt/."""
    _, (x_test, y_test) = load_mnist()
    x_test, y_test = x_test[:n_test], y_test[:n_test]
    results = {}
    for kind in kinds:
        if kind in ("judge", "cvae") and not model_path(kind).is_file():
            continue  # optional models of the benchmark
        results[kind] = test_metrics(kind, load_pretrained(kind), x_test, y_test)
    return results


def format_evaluation(results: dict[str, dict[str, float]]) -> str:
    """A readable report; flags a classifier below the 99 % accuracy the method assumes."""
    lines = []
    for kind, metrics in results.items():
        lines.append(f"{kind} ({model_path(kind).name}):")
        for name, value in metrics.items():
            shown = f"{100 * value:.2f} %" if "accuracy" in name else f"{value:.2f}"
            lines.append(f"  {name:28s} {shown}")
    accuracy = results.get("classifier", {}).get("accuracy")
    if accuracy is not None and accuracy < CLASSIFIER_ACCURACY_FLOOR:
        lines.append(f"WARNING: classifier accuracy {100 * accuracy:.2f} % is below 99.0 %")
    return "\n".join(lines)
