"""The defaults the Python tooling takes from the dbt project are the ones dbt uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from leadscore.benchmark.run import BenchmarkConfig

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")


def _duckdb_spelling(limit: str) -> str:
    """How DuckDB reports a memory limit once set (4GB reads back as 3.7 GiB)."""
    with duckdb.connect() as con:
        con.execute("select 1")
        con.execute(f"set memory_limit = '{limit}'")
        row = con.execute("select current_setting('memory_limit')").fetchone()
    assert row is not None
    return str(row[0])


def test_the_benchmark_memory_limit_is_the_profiles(tmp_path: Path) -> None:
    # dbt opens the database with the profile's default when the variable is unset: the
    # benchmark's builds and reference query must be measured under that same limit
    env = {
        key: value for key, value in os.environ.items() if key != "LEAD_SCORING_DUCKDB_MEMORY_LIMIT"
    }
    env |= {
        "LEAD_SCORING_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "LEAD_SCORING_DUCKDB_TEMP_DIR": str(tmp_path / "duckdb_tmp"),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    shown = subprocess.run(
        [
            str(DBT),
            "show",
            "--inline",
            "select current_setting('memory_limit') as memory_limit",
            "--output",
            "json",
            "--log-format",
            "json",
            "--profiles-dir",
            str(PROJECT_DIR),
            "--project-dir",
            str(PROJECT_DIR),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    previews = [
        json.loads(event["data"]["preview"])
        for event in map(json.loads, shown.stdout.splitlines())
        if event.get("data", {}).get("preview")
    ]
    benchmark_default = BenchmarkConfig(project_dir=PROJECT_DIR, work_dir=tmp_path).memory_limit
    assert previews == [[{"memory_limit": _duckdb_spelling(benchmark_default)}]]
