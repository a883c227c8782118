"""Source-system messiness injected by default (off with --clean).

It draws from its own random stream, so a messy and a clean run with the same seed share
every contact, activity, deal and ground-truth row; only the mess differs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from leadscore.demo._activities import ActivityRows
from leadscore.demo._calendar import HOUR

I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

EXACT_DUPLICATE_RATE = 0.003
CONFLICTING_DUPLICATE_RATE = 0.001
EMAIL_MESS_RATE = 0.03
CODE_MESS_RATE = 0.03
DELETED_RATE = 0.01
# Re-delivered events with a timezone bug: shifted by whole hours.
CONFLICT_SHIFT_HOURS = (1, 2, 5, 8)


def duplicate_activities(
    rng: np.random.Generator, rows: ActivityRows, ids: I64, active_from: I64, end: int
) -> tuple[ActivityRows, I64]:
    u = rng.random(rows.size)
    exact = u < EXACT_DUPLICATE_RATE
    conflict = (u >= EXACT_DUPLICATE_RATE) & (u < EXACT_DUPLICATE_RATE + CONFLICTING_DUPLICATE_RATE)
    shift = rng.choice(np.asarray(CONFLICT_SHIFT_HOURS, dtype=np.int64), rows.size) * HOUR
    later, earlier = rows.at + shift, rows.at - shift
    moved = np.where(later < end, later, earlier)
    # A shifted copy must still respect the contact's lifetime; the rare misfit is skipped.
    conflict &= moved >= active_from[rows.contact]
    pick = np.flatnonzero(exact | conflict)
    copy_at = np.where(conflict[pick], moved[pick], rows.at[pick])
    merged = ActivityRows(
        contact=np.concatenate([rows.contact, rows.contact[pick]]),
        at=np.concatenate([rows.at, copy_at]),
        kind=np.concatenate([rows.kind, rows.kind[pick]]),
        url=np.concatenate([rows.url, rows.url[pick]]),
        campaign=np.concatenate([rows.campaign, rows.campaign[pick]]),
    )
    merged_ids = np.concatenate([ids, ids[pick]])
    order = np.lexsort((merged_ids, merged.at, merged.contact))
    sorted_rows = ActivityRows(
        contact=merged.contact[order],
        at=merged.at[order],
        kind=merged.kind[order],
        url=merged.url[order],
        campaign=merged.campaign[order],
    )
    return sorted_rows, merged_ids[order]


def _apply(
    rng: np.random.Generator, values: pa.Array, variants: list[pa.Array], rate: float
) -> pa.Array:
    """Replaces a `rate` share of values with one of the variants, picked at random."""
    n = len(values)
    hit = rng.random(n) < rate
    which = pa.array(rng.integers(0, len(variants), size=n).astype(np.int8))
    return pc.if_else(pa.array(hit), pc.choose(which, *variants), values)


def messy_codes(rng: np.random.Generator, values: pa.Array, upper_case: bool) -> pa.Array:
    """E.g. "vp" -> " VP", "marketing" -> "Marketing ", "US" -> "us"."""
    if upper_case:
        lower = pc.utf8_lower(values)
        variants = [lower, pc.utf8_capitalize(lower), _pad(values, " ", ""), _pad(lower, " ", "")]
    else:
        upper, title = pc.utf8_upper(values), pc.utf8_capitalize(values)
        variants = [upper, title, _pad(upper, " ", ""), _pad(title, "", " ")]
    return _apply(rng, values, variants, CODE_MESS_RATE)


def messy_emails(rng: np.random.Generator, emails: pa.Array) -> pa.Array:
    """E.g. "John.Smith@Northwind-Analytics.com", " jane.doe@gmail.com "."""
    variants = [
        pc.utf8_title(emails),
        pc.utf8_upper(emails),
        _pad(emails, " ", ""),
        _pad(emails, "", " "),
        _pad(pc.utf8_title(emails), " ", " "),
    ]
    return _apply(rng, emails, variants, EMAIL_MESS_RATE)


def deleted_flags(rng: np.random.Generator, n: int) -> Bool:
    return np.asarray(rng.random(n) < DELETED_RATE)


def _pad(values: pa.Array, before: str, after: str) -> pa.Array:
    return pc.binary_join_element_wise(before, values, after, "")
