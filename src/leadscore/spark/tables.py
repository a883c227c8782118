"""Reading what a Spark build wrote, from its parquet files, with DuckDB: checking a
Spark warehouse needs no second JVM and no lock on its metastore."""

from __future__ import annotations

from pathlib import Path


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def parquet_table(warehouse_dir: Path, name: str, schema: str = "lead_scoring") -> str:
    """A DuckDB table expression over the files of `schema.name` in a Spark warehouse
    directory; the score_date=... directories of a partitioned table become a column."""
    table_dir = warehouse_dir / f"{schema}.db" / name
    if not table_dir.is_dir():
        raise FileNotFoundError(f"no table {schema}.{name} in {warehouse_dir}")
    if any(path.is_dir() for path in table_dir.iterdir()):
        files = _literal(str(table_dir / "*" / "*.parquet"))
        types = "{'score_date': date}"
        return f"read_parquet({files}, hive_partitioning = true, hive_types = {types})"
    return f"read_parquet({_literal(str(table_dir / '*.parquet'))}, hive_partitioning = false)"
