"""Small numpy -> arrow helpers; string work stays in Arrow's C++ kernels for speed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from leadscore.schema import TS

MICROS = 1_000_000


def format_ids(prefix: str, numbers: npt.NDArray[np.int64], width: int) -> pa.Array:
    """`prefix` + zero-padded number, e.g. ("c", 1, 8) -> "c00000001"."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, type=pa.int64()), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def take(
    vocab: Sequence[str] | pa.Array,
    codes: npt.NDArray[np.integer],
    null: npt.NDArray[np.bool_] | None = None,
) -> pa.Array:
    """Decode integer codes into strings; rows flagged in `null` become null."""
    values = vocab if isinstance(vocab, pa.Array) else pa.array(list(vocab), type=pa.string())
    indices = pa.array(codes, mask=null)
    return values.take(indices)


def timestamps(
    seconds: npt.NDArray[np.int64], null: npt.NDArray[np.bool_] | None = None
) -> pa.Array:
    return pa.array(seconds * MICROS, type=pa.int64(), mask=null).cast(TS)


def is_null_code(codes: npt.NDArray[np.integer]) -> npt.NDArray[np.bool_]:
    return np.asarray(codes < 0)
