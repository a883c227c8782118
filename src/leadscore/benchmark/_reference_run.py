"""Runs the benchmark's reference query (`benchmarks/reference_scores.sql` in the
project) in a process of its own (`python -m leadscore.benchmark._reference_run`).

The benchmark measures this process's wall time and peak memory the way it measures a
dbt build, so it imports only DuckDB and the standard library (no typer or rich start-up
in the measured time), and it applies the dbt profile's DuckDB settings so that both
sides get the same memory limit and threads.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

import duckdb

from leadscore.project_config import DUCKDB_MEMORY_LIMIT

REFERENCE_SQL = Path("benchmarks") / "reference_scores.sql"
"""The reference query, relative to the project directory: it lives with the
benchmark, not in the installed package."""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def run_reference(
    sql_path: Path,
    raw_dir: Path,
    seeds_dir: Path,
    score_date: date,
    out: Path,
    *,
    memory_limit: str,
    threads: int,
    temp_dir: Path,
) -> tuple[int, float]:
    """Writes the reference scores to `out` (Parquet); returns (rows, query seconds)."""
    con = duckdb.connect()
    try:
        # SET takes no prepared parameters; the values are quoted as literals instead.
        con.execute(f"SET memory_limit = {_literal(memory_limit)}")
        con.execute(f"SET threads = {int(threads)}")
        con.execute(f"SET temp_directory = {_literal(str(temp_dir))}")
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET VARIABLE raw_dir = ?", [str(raw_dir)])
        con.execute("SET VARIABLE seeds_dir = ?", [str(seeds_dir)])
        con.execute("SET VARIABLE score_date = ?", [score_date])
        started = time.perf_counter()
        # Optional table: a glob matching no file is an error, so read it only if present.
        if any(raw_dir.glob("erasure_requests*.parquet")):
            pattern = _literal(str(raw_dir / "erasure_requests*.parquet"))
            con.execute(
                "SET VARIABLE erased_contact_ids = (select coalesce(list(distinct id), "
                "[]::varchar[]) from (select nullif(trim(cast(contact_id as varchar)), '') "
                f"as id from read_parquet({pattern}, union_by_name = true)) where id is not null)"
            )
        else:
            con.execute("SET VARIABLE erased_contact_ids = []::varchar[]")
        # The file ends with a comment-free select, but a closing parenthesis on its own
        # line keeps a trailing `--` comment from swallowing it.
        sql = sql_path.read_text(encoding="utf-8")
        copy = f"COPY (\n{sql}\n) TO {_literal(str(out))} (FORMAT parquet)"
        row = con.execute(copy).fetchall()
        seconds = time.perf_counter() - started
    finally:
        con.close()
    return int(row[0][0]) if row else 0, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sql", type=Path, required=True)
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--seeds-dir", type=Path, required=True)
    parser.add_argument("--score-date", type=date.fromisoformat, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--memory-limit", default=DUCKDB_MEMORY_LIMIT)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--temp-dir", type=Path, required=True)
    parser.add_argument("--timing-out", type=Path, required=True)
    args = parser.parse_args(argv)
    rows, seconds = run_reference(
        args.sql,
        args.raw_dir,
        args.seeds_dir,
        args.score_date,
        args.out,
        memory_limit=args.memory_limit,
        threads=args.threads,
        temp_dir=args.temp_dir,
    )
    args.timing_out.write_text(json.dumps({"rows": rows, "query_seconds": seconds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
