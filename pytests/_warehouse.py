"""Helpers to build the dbt project in isolation: own raw directory, own DuckDB file
(or Spark warehouse), own target directory, dbt run as a subprocess (DuckDB allows one
writer per file and dbt keeps its connection open when embedded; Spark's Derby
metastore allows one process)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from leadscore.spark.tables import parquet_table

PROJECT_DIR = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).with_name("dbt")
MF = Path(sys.executable).with_name("mf")


@dataclass(frozen=True)
class Build:
    """One isolated build of a dbt project directory."""

    project_dir: Path
    raw_dir: Path
    database: Path
    target_dir: Path
    # "spark": the profile's local Spark, keeping its warehouse and metastore in
    # spark_dir; "spark_thrift": a running cluster's Thrift server (extra_env names its
    # port) whose warehouse directory is spark_warehouse
    target: str = "duckdb"
    spark_warehouse: Path | None = None
    extra_env: tuple[tuple[str, str], ...] = ()

    @property
    def spark_dir(self) -> Path:
        return self.target_dir / "spark"

    def env(self, threads: int = 2, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The environment of this build's dbt (and MetricFlow) subprocesses."""
        return {
            **os.environ,
            **(extra or {}),
            "DBT_PROFILES_DIR": str(self.project_dir),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
            "LEAD_SCORING_TARGET": self.target,
            "LEAD_SCORING_RAW_DIR": str(self.raw_dir),
            "LEAD_SCORING_DUCKDB_PATH": str(self.database),
            "LEAD_SCORING_THREADS": str(threads),
            "LEAD_SCORING_DUCKDB_TEMP_DIR": str(self.target_dir / "duckdb_tmp"),
            "LEAD_SCORING_SPARK_DIR": str(self.spark_dir),
            **dict(self.extra_env),
        }

    def dbt(
        self, *args: str, threads: int = 2, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
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
            env=self.env(threads, env),
            capture_output=True,
            text=True,
            check=False,
        )

    def mf(self, *args: str) -> subprocess.CompletedProcess[str]:
        """MetricFlow's CLI (`mf query ...`) on this build's database. mf 0.15 reads the
        semantic manifest from <project_dir>/target/ whatever --target-path dbt was given,
        so the build must use that target directory (a copy of the project, see
        copy_project, keeps the working tree's target/ untouched)."""
        manifest = self.project_dir / "target" / "semantic_manifest.json"
        if self.target_dir.resolve() != (self.project_dir / "target").resolve():
            raise ValueError(f"mf reads {manifest}: build with target_dir = project_dir/target")
        if not manifest.exists():
            raise FileNotFoundError(f"{manifest}: run dbt parse (or build) first")
        return subprocess.run(
            [str(MF), *args],
            cwd=self.project_dir,
            env=self.env(extra={"DBT_PROJECT_DIR": str(self.project_dir)}),
            capture_output=True,
            text=True,
            check=False,
        )

    def spark_table(self, name: str, schema: str = "lead_scoring") -> str:
        """A DuckDB expression reading a table of the Spark build from its parquet files."""
        return parquet_table(self.spark_warehouse or self.spark_dir / "warehouse", name, schema)

    def query(self, sql: str) -> list[tuple[object, ...]]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql).fetchall()


def mart_and_audit_tables(build: Build) -> list[str]:
    """The marts and audit tables of a build, from its manifest."""
    manifest = json.loads((build.target_dir / "manifest.json").read_text())
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["config"]["enabled"]
        and node["original_file_path"].startswith(("models/marts/", "models/audit/"))
    )


# the likelihood-to-close model is a dbt Python model, built on DuckDB only
DUCKDB_ONLY_MARTS = frozenset({"fct_lead_close_likelihood", "rpt_predictive_evaluation"})
# marts an engine comparison requires to hold rows: equal because both engines hold
# the data, not because both are empty
REQUIRED_MARTS = frozenset(
    {
        "fct_lead_scores",
        "fct_lead_score_history",
        "fct_lead_score_contributions",
        "fct_account_scores",
    }
)

# a mart that is a view (no parquet files of its own on Spark) is compared through
# the table it selects from
SPARK_VIEW_TABLES = {"fct_lead_score_history": "int_lead_scores_historized"}


def engine_differences(
    duck: Build, spark: Build, table: str, exclude: frozenset[str] = frozenset()
) -> tuple[int, int, int]:
    """Rows only on DuckDB, rows only on Spark (as multisets), and DuckDB's rows, on
    every column but those excluded. Double columns (rates and lifts of the evaluation
    reports; no score is a double) compare to 9 decimal places: ln() on the JVM and in
    C's math library can differ in the last bit."""
    table = SPARK_VIEW_TABLES.get(table, table)
    with duckdb.connect() as con:
        con.execute(f"attach '{duck.database}' as duck (read_only)")
        con.execute(f"create view spark_table as select * from {spark.spark_table(table)}")
        duck_columns = con.execute(f"describe duck.main.{table}").fetchall()
        spark_columns = con.execute("describe spark_table").fetchall()
        # Spark puts a partition column last: the same columns, compared by name
        assert sorted(row[:2] for row in duck_columns) == sorted(row[:2] for row in spark_columns)
        columns = ", ".join(
            f'round("{name}", 9) as "{name}"' if data_type == "DOUBLE" else f'"{name}"'
            for name, data_type, *_ in duck_columns
            if name not in exclude
        )
        duck_rows = f"select {columns} from duck.main.{table}"
        spark_rows = f"select {columns} from spark_table"
        only_duck = con.execute(f"select count(*) from ({duck_rows} except all {spark_rows})")
        only_duck_count = only_duck.fetchone()
        only_spark = con.execute(f"select count(*) from ({spark_rows} except all {duck_rows})")
        only_spark_count = only_spark.fetchone()
        total = con.execute(f"select count(*) from ({duck_rows})").fetchone()
    assert only_duck_count and only_spark_count and total
    return only_duck_count[0], only_spark_count[0], total[0]


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
