"""Vectorised sampling helpers shared by the generator modules."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]


def normalise(weights: Sequence[float]) -> F64:
    w = np.asarray(weights, dtype=np.float64)
    return np.asarray(w / w.sum(), dtype=np.float64)


def sigmoid(x: F64) -> F64:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


def categorical(rng: np.random.Generator, weights: Sequence[float], size: int) -> I64:
    return rng.choice(len(weights), size=size, p=normalise(weights)).astype(np.int64)


def categorical_rows(rng: np.random.Generator, probs: F64) -> I64:
    """One draw per row of an (n, k) matrix of (unnormalised) probabilities."""
    cdf = np.cumsum(probs, axis=1)
    u = rng.random(probs.shape[0]) * cdf[:, -1]
    idx = (u[:, None] >= cdf).sum(axis=1)
    return np.asarray(np.minimum(idx, probs.shape[1] - 1), dtype=np.int64)


def uniform_times(rng: np.random.Generator, lo: I64, hi: I64) -> I64:
    """Whole seconds uniformly in [lo, hi); rows with hi <= lo get lo."""
    width = np.maximum(hi - lo, 1)
    offset = np.floor(rng.random(lo.shape[0]) * width.astype(np.float64)).astype(np.int64)
    # Guards the float rounding of u * width up to width itself.
    return np.asarray(lo + np.minimum(offset, width - 1), dtype=np.int64)


def expand(counts: I64) -> I64:
    """Row index repeated `counts` times: the contact index of each generated event."""
    return np.repeat(np.arange(counts.shape[0], dtype=np.int64), counts)
