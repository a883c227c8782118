"""`leadscore benchmark --spark-thrift` end to end at a tiny scale: the full and daily
builds also run on a local Spark cluster over Thrift (one cluster per build, stopped
after it), their event-log totals and process peaks are reported, Spark's
fct_lead_scores equals DuckDB's on both score dates, and a difference would be caught.
Timings are not asserted: they depend on the machine and its load."""

from __future__ import annotations

import json
import math
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from leadscore.benchmark.run import SPARK_SCHEMA, spark_mismatches
from leadscore.cli import app
from leadscore.spark.cluster import read_state
from leadscore.spark.tables import parquet_table

PROJECT_DIR = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 10, 31)
CONTACTS = 300

pytestmark = [pytest.mark.spark, pytest.mark.benchmark]


@pytest.fixture(scope="module")
def spark_benchmark(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, Path]:
    out = tmp_path_factory.mktemp("benchmark_spark")
    work = out / "work"
    result = CliRunner().invoke(
        app,
        [
            "benchmark",
            "--contacts",
            str(CONTACTS),
            "--days",
            "60",
            "--seed",
            "11",
            "--as-of",
            AS_OF.isoformat(),
            "--backfill-days",
            "0",
            "--reference-max-contacts",
            "0",
            "--spark-thrift",
            "--project-dir",
            str(PROJECT_DIR),
            "--work-dir",
            str(work),
            "--json",
            str(out / "report.json"),
            "--markdown",
            str(out / "report.md"),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    return report, (out / "report.md").read_text(), work / f"scale-{CONTACTS}"


def test_both_spark_builds_are_measured_from_the_event_log(
    spark_benchmark: tuple[dict[str, Any], str, Path],
) -> None:
    report, _, scale_dir = spark_benchmark
    (scale,) = report["scales"]
    spark = scale["spark"]
    for name, score_date in (("full_build", "2026-10-31"), ("daily_build", "2026-11-01")):
        run = spark[name]
        assert run["build"]["score_date"] == score_date
        assert run["build"]["measurement"]["exit_code"] == 0
        assert run["build"]["timing"]["run_seconds"] > 0
        tasks = run["tasks"]
        assert tasks["tasks"] > 0 and tasks["stages"] > 0, name
        assert tasks["input_bytes"] > 0, name
        assert tasks["shuffle_write_bytes"] > 0 and tasks["shuffle_read_bytes"] > 0, name
        peaks = run["process_peak_rss_bytes"]
        assert {"master", "worker-1", "worker-2", "thrift-server"} <= set(peaks), name
        assert sum(" child " in process for process in peaks) == 2, peaks
    assert set(spark["ratios"]) == {
        "spark_full_over_duckdb_full",
        "spark_daily_over_duckdb_daily",
        "spark_daily_over_spark_full",
    }
    assert all(math.isfinite(value) and value > 0 for value in spark["ratios"].values())
    # each build's cluster was stopped by the process ids it recorded
    assert read_state(scale_dir / "spark-cluster") is None


def test_spark_equals_duckdb_on_both_score_dates(
    spark_benchmark: tuple[dict[str, Any], str, Path],
) -> None:
    report, markdown, scale_dir = spark_benchmark
    (scale,) = report["scales"]
    with duckdb.connect(str(scale_dir / "warehouse.duckdb"), read_only=True) as con:
        row = con.execute("select count(*) from main.fct_lead_scores").fetchone()
    assert row is not None and row[0] > 0
    # the daily build's score date is what DuckDB holds now
    assert scale["spark"]["daily_build"]["mart_rows"] == row[0]
    assert scale["spark"]["full_build"]["mart_rows"] > 0
    assert scale["spark"]["full_build"]["mismatched_rows"] == 0
    assert scale["spark"]["daily_build"]["mismatched_rows"] == 0
    (target,) = [t for t in report["targets"] if t["name"] == "Spark mart equals DuckDB's"]
    assert target["passed"] is True and target["measured"] == "0"
    assert "| contacts | build | wall | vs DuckDB | tasks |" in markdown


def test_a_spark_difference_is_caught(
    spark_benchmark: tuple[dict[str, Any], str, Path], tmp_path: Path
) -> None:
    _, _, scale_dir = spark_benchmark
    changed = tmp_path / "changed.duckdb"
    shutil.copyfile(scale_dir / "warehouse.duckdb", changed)
    with duckdb.connect(str(changed)) as con:
        con.execute(
            "update main.fct_lead_scores set total_score = total_score + 1 "
            "where contact_id = (select min(contact_id) from main.fct_lead_scores)"
        )
        dates = con.execute("select max(score_date) from main.fct_lead_scores").fetchone()
        changed_rows = con.execute(
            "select count(*) from main.fct_lead_scores "
            "where contact_id = (select min(contact_id) from main.fct_lead_scores)"
        ).fetchone()
    assert dates is not None and changed_rows is not None
    table = parquet_table(
        scale_dir / "spark-cluster" / "warehouse", "fct_lead_scores", SPARK_SCHEMA
    )
    _, mismatched = spark_mismatches(changed, table, dates[0])
    # each changed row is missing on one side and extra on the other
    assert mismatched == 2 * changed_rows[0] > 0
