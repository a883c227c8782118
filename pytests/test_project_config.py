"""The defaults the Python tooling takes from the dbt project are the ones dbt uses."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from _warehouse import PROJECT_DIR, Build, output
from leadscore.benchmark.run import BenchmarkConfig


def _duckdb_spelling(limit: str) -> str:
    """How DuckDB reports a memory limit once set (4GB reads back as 3.7 GiB)."""
    with duckdb.connect() as con:
        con.execute(f"set memory_limit = '{limit}'")
        row = con.execute("select current_setting('memory_limit')").fetchone()
    assert row is not None
    return str(row[0])


def test_the_benchmark_memory_limit_is_the_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # dbt opens the database with the profile's default when the variable is unset: the
    # benchmark's builds and reference query must be measured under that same limit
    monkeypatch.delenv("LEAD_SCORING_DUCKDB_MEMORY_LIMIT", raising=False)
    build = Build(PROJECT_DIR, tmp_path / "raw", tmp_path / "warehouse.duckdb", tmp_path / "target")
    shown = build.dbt(
        "show",
        "--inline",
        "select current_setting('memory_limit') as memory_limit",
        "--output",
        "json",
        "--log-format",
        "json",
    )
    assert shown.returncode == 0, output(shown)
    previews = [
        json.loads(event["data"]["preview"])
        for event in map(json.loads, shown.stdout.splitlines())
        if event.get("data", {}).get("preview")
    ]
    benchmark_default = BenchmarkConfig(project_dir=PROJECT_DIR, work_dir=tmp_path).memory_limit
    assert previews == [[{"memory_limit": _duckdb_spelling(benchmark_default)}]]
