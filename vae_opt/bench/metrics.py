"""What a run scored, from its calls in order: best value, top-k mean and top-k AUC over calls
(the PMO benchmark's measure, Gao et al. 2022: the mean over n = 1..budget of the top-k mean
of the first n calls, so that finding good candidates early counts)."""

from __future__ import annotations

import heapq
from typing import Sequence

import numpy as np

from vae_opt.bench.protocol import Direction


def _signed(values: Sequence[float], direction: Direction) -> np.ndarray:
    """Values turned so that larger is better."""
    v = np.asarray(values, dtype=float)
    return v if direction == "maximize" else -v


def best_so_far(values: Sequence[float], direction: Direction) -> np.ndarray:
    """The best value after each call."""
    s = np.maximum.accumulate(_signed(values, direction)) if len(values) else np.array([])
    return s if direction == "maximize" else -s


def top_k_mean(values: Sequence[float], k: int, direction: Direction) -> float:
    """The mean of the k best values (of all of them when fewer)."""
    if not len(values):
        return float("nan")
    s = np.sort(_signed(values, direction))[::-1][:k]
    return float(s.mean() if direction == "maximize" else -s.mean())


def top_k_curve(values: Sequence[float], k: int, direction: Direction) -> np.ndarray:
    """The top-k mean of the first n calls, for n = 1..len(values)."""
    heap: list[float] = []
    total, out = 0.0, np.empty(len(values))
    for n, v in enumerate(_signed(values, direction)):
        if len(heap) < k:
            heapq.heappush(heap, v)
            total += v
        elif v > heap[0]:
            total += v - heapq.heappushpop(heap, v)
        out[n] = total / len(heap)
    return out if direction == "maximize" else -out


def top_k_auc(values: Sequence[float], k: int, budget: int, direction: Direction) -> float:
    """Mean of the top-k curve over n = 1..budget; a run that stopped early keeps its last value."""
    if budget < 1:
        raise ValueError(f"budget must be at least 1, got {budget}")
    curve = top_k_curve(list(values)[:budget], k, direction)
    if not len(curve):
        return float("nan")
    padded = np.concatenate([curve, np.full(budget - len(curve), curve[-1])])
    return float(padded.mean())


def summary(values: Sequence[float], budget: int, direction: Direction, k: int = 10) -> dict:
    """The numbers every benchmark table reports for one run."""
    return {"best": top_k_mean(values, 1, direction), f"top{k}_mean": top_k_mean(values, k, direction),
            f"top{k}_auc": top_k_auc(values, k, budget, direction), "calls": len(values)}
