"""Helpers to build the dbt project in isolation: own raw directory, own DuckDB file
(or Spark warehouse), own target directory, dbt run as a subprocess (DuckDB allows one
writer per file and dbt keeps its connection open when embedded; Spark's Derby
metastore allows one process)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")


@dataclass(frozen=True)
class Build:
    """One isolated build of a dbt project directory."""

    project_dir: Path
    raw_dir: Path
    database: Path
    target_dir: Path
    # "spark": the profile's local Spark, keeping its warehouse and metastore in spark_dir
    target: str = "duckdb"

    @property
    def spark_dir(self) -> Path:
        return self.target_dir / "spark"

    def dbt(
        self, *args: str, threads: int = 2, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            **(env or {}),
            "DBT_PROFILES_DIR": str(self.project_dir),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
            "LEAD_SCORING_TARGET": self.target,
            "LEAD_SCORING_RAW_DIR": str(self.raw_dir),
            "LEAD_SCORING_DUCKDB_PATH": str(self.database),
            "LEAD_SCORING_THREADS": str(threads),
            "LEAD_SCORING_DUCKDB_TEMP_DIR": str(self.target_dir / "duckdb_tmp"),
            "LEAD_SCORING_SPARK_DIR": str(self.spark_dir),
        }
        return subprocess.run(
            [
                str(DBT),
                *args,
                "--project-dir",
                str(self.project_dir),
                "--target-path",
                str(self.target_dir),
                "--log-path",
                str(self.target_dir / "logs"),
            ],
            cwd=self.project_dir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def spark_table(self, name: str, schema: str = "lead_scoring") -> str:
        """A DuckDB expression reading a table of the Spark build from its parquet
        files (score_date=... directories of a partitioned table become a column):
        checking Spark's output needs no second JVM and no metastore lock."""
        table_dir = self.spark_dir / "warehouse" / f"{schema}.db" / name
        if any(path.is_dir() for path in table_dir.iterdir()):
            files = table_dir / "*" / "*.parquet"
            return (
                f"read_parquet('{files}', hive_partitioning = true, "
                "hive_types = {'score_date': date})"
            )
        return f"read_parquet('{table_dir / '*.parquet'}', hive_partitioning = false)"

    def query(self, sql: str) -> list[tuple[object, ...]]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql).fetchall()


def copy_project(destination: Path) -> Path:
    """A copy of the dbt project (models, seeds, macros, tests) to edit in a test."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy2(PROJECT_DIR / name, destination / name)
    for name in ("models", "seeds", "macros", "tests", "analyses", "docs"):
        shutil.copytree(PROJECT_DIR / name, destination / name)
    return destination


def output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr
