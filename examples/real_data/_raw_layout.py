"""Writing a mapped dataset in the warehouse's raw layout (DESIGN.md, raw inputs): one
CSV file per table with the raw columns, in the generator's order, then the dataset's
own columns (custom columns the warehouse carries as attributes)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from leadscore.schema import ACTIVITIES, COMPANIES, CONTACTS, DEALS

# The columns of the raw tables, as the demo generator writes them (its schemas are the
# dbt sources' contract): every column DESIGN.md requires, plus the person's name fields.
REQUIRED = {
    "contacts": CONTACTS.names,
    "companies": COMPANIES.names,
    "activities": ACTIVITIES.names,
    "deals": DEALS.names,
}
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def write_raw(out_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Write each table as `<out_dir>/<table>.csv`; returns the rows written per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for table, required in REQUIRED.items():
        frame = tables.get(table, pd.DataFrame(columns=required)).copy()
        for column in required:
            if column not in frame.columns:
                frame[column] = None
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                frame[column] = frame[column].dt.strftime(TIME_FORMAT)
        extra = [c for c in frame.columns if c not in required]
        frame[required + extra].to_csv(out_dir / f"{table}.csv", index=False)
        written[table] = len(frame)
    return written
