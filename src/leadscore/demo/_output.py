"""Streaming table writers: one chunk at a time, so memory stays flat at any scale.

Files are written under a temporary name and renamed on success, so an interrupted run
never leaves a truncated table that looks complete.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

PARQUET_COMPRESSION = "zstd"
PARTIAL_SUFFIX = ".partial"


def csv_schema(schema: pa.Schema) -> pa.Schema:
    """Whole-second timestamps so the CSV reads `YYYY-MM-DD HH:MM:SS` (no fraction)."""
    fields = [
        pa.field(f.name, pa.timestamp("s"), f.nullable) if pa.types.is_timestamp(f.type) else f
        for f in schema
    ]
    return pa.schema(fields)


class TableSink:
    def __init__(self, directory: Path, name: str, schema: pa.Schema, *, parquet: bool, csv: bool):
        self.name = name
        self.schema = schema
        self.rows = 0
        self.targets: list[Path] = []
        self._parquet: pq.ParquetWriter | None = None
        self._csv: pacsv.CSVWriter | None = None
        self._csv_schema = csv_schema(schema)
        if parquet:
            path = directory / f"{name}.parquet"
            self.targets.append(path)
            self._parquet = pq.ParquetWriter(
                _partial(path), schema, compression=PARQUET_COMPRESSION
            )
        if csv:
            path = directory / f"{name}.csv"
            self.targets.append(path)
            self._csv = pacsv.CSVWriter(_partial(path), self._csv_schema)

    def write(self, table: pa.Table) -> None:
        if self._parquet is not None:
            self._parquet.write_table(table)
        if self._csv is not None:
            self._csv.write_table(table.cast(self._csv_schema))
        self.rows += table.num_rows

    def close(self, *, commit: bool) -> None:
        for writer in (self._parquet, self._csv):
            if writer is not None:
                writer.close()
        self._parquet = self._csv = None
        for path in self.targets:
            partial = _partial(path)
            if commit:
                partial.replace(path)
            else:
                partial.unlink(missing_ok=True)


class Sinks:
    """All output tables of a run; commits every file only if the whole run succeeded."""

    def __init__(self, sinks: list[TableSink]):
        self.by_name = {s.name: s for s in sinks}

    def __getitem__(self, name: str) -> TableSink:
        return self.by_name[name]

    def __enter__(self) -> Sinks:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for sink in self.by_name.values():
            sink.close(commit=exc_type is None)

    @property
    def files(self) -> list[Path]:
        return [p for s in self.by_name.values() for p in s.targets]


def _partial(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL_SUFFIX)
