"""`leadscore benchmark` end to end at a tiny scale: every measurement and ratio is
reported, the reference query equals the mart for every rule-scored model, the
backfill fills its dates, and a difference would be caught. Timings are not asserted:
they depend on the machine and its load."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from leadscore.benchmark.run import compare_with_mart
from leadscore.cli import app

PROJECT_DIR = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 10, 31)

BACKFILL_DAYS = 20
MEASUREMENTS = (
    "generate",
    "full_build.measurement",
    "incremental_build.measurement",
    "reference.measurement",
    "reference_next_day.measurement",
    "backfill.measurement",
)

pytestmark = pytest.mark.benchmark
RATIOS = {
    "full_over_reference",
    "daily_over_reference",
    "daily_over_full",
    "backfill_over_full",
    "full_run_phase_over_reference_query",
    "full_build_seconds_per_million_activities",
    "daily_build_seconds_per_million_activities",
    "reference_seconds_per_million_activities",
    "full_build_overhead_share",
}


def _get(data: dict[str, Any], dotted: str) -> Any:
    for key in dotted.split("."):
        data = data[key]
    return data


@pytest.fixture(scope="module")
def benchmark_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, Path]:
    out = tmp_path_factory.mktemp("benchmark")
    work = out / "work"
    result = CliRunner().invoke(
        app,
        [
            "benchmark",
            "--contacts",
            "300",
            "--days",
            "60",
            "--seed",
            "7",
            "--as-of",
            AS_OF.isoformat(),
            "--backfill-days",
            str(BACKFILL_DAYS),
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
    return report, (out / "report.md").read_text(), work


def test_every_measurement_is_reported(benchmark_run: tuple[dict[str, Any], str, Path]) -> None:
    report, _, _ = benchmark_run
    (scale,) = report["scales"]
    assert scale["contacts"] == 300
    assert scale["activities"] > 0
    assert scale["next_day_activities"] > 0
    for name in MEASUREMENTS:
        measurement = _get(scale, name)
        assert measurement["exit_code"] == 0, name
        assert measurement["wall_seconds"] > 0, name
        assert measurement["peak_rss_bytes"] > 0, name
    for build in ("full_build", "incremental_build", "backfill"):
        timing = scale[build]["timing"]
        assert timing["run_seconds"] > 0
        assert timing["overhead_seconds"] >= 0
        assert timing["compile_seconds"] > 0
        assert {"model", "seed", "test"} <= set(timing["execute_seconds_by_type"])
        assert "unit_test" not in timing["nodes_by_type"]
        assert timing["slowest"]
    assert scale["full_build"]["score_date"] == "2026-10-31"
    assert scale["incremental_build"]["score_date"] == "2026-11-01"
    # the daily build added the next date to the history; the backfill filled its own
    assert scale["history_dates"] == 2
    assert scale["backfill_dates"] == BACKFILL_DAYS


def test_every_ratio_and_target_is_reported(
    benchmark_run: tuple[dict[str, Any], str, Path],
) -> None:
    report, markdown, _ = benchmark_run
    ratios = report["scales"][0]["ratios"]
    assert set(ratios) == RATIOS
    assert all(math.isfinite(value) and value > 0 for value in ratios.values())
    names = [target["name"] for target in report["targets"]]
    assert names == [
        "full build vs reference",
        "daily build vs reference",
        "peak memory (builds)",
        "largest scale completes",
        "backfill vs single-date full build",
        "mart equals the reference",
    ]
    assert all(target["passed"] is not None for target in report["targets"])
    assert report["targets"][-1]["passed"] is True
    assert report["command"] in markdown
    assert "| target | goal | measured | result |" in markdown


def test_reference_equals_the_mart(benchmark_run: tuple[dict[str, Any], str, Path]) -> None:
    report, _, _ = benchmark_run
    assert report["mismatches"] == 0
    scale = report["scales"][0]
    for name in ("reference", "reference_next_day"):
        run = scale[name]
        assert run["mismatched_rows"] == 0, run["column_mismatches"]
        assert run["reference_rows"] == run["mart_rows"] > 0
        assert not any(run["column_mismatches"].values())
        assert {"total_score", "is_mql", "fit_grade", "top_reasons"} <= set(
            run["column_mismatches"]
        )


def test_a_difference_is_caught(benchmark_run: tuple[dict[str, Any], str, Path]) -> None:
    _, _, work = benchmark_run
    scale_dir = work / "scale-300"
    # the warehouse holds the incremental build's scores: the next day's
    next_day = AS_OF + timedelta(days=1)
    altered = scale_dir / "altered.parquet"
    with duckdb.connect() as con:
        con.execute(
            "copy (select * replace (case when row_number() over (order by contact_id) = 1 "
            "then total_score + 1 else total_score end as total_score) "
            f"from read_parquet('{scale_dir / 'reference_next_day.parquet'}')) to '{altered}'"
        ).fetchall()
    ref_rows, mart_rows, mismatched, per_column = compare_with_mart(
        scale_dir / "warehouse.duckdb", altered, next_day
    )
    assert ref_rows == mart_rows
    assert mismatched == 2  # the altered row on each side
    assert per_column["total_score"] == 1
    assert per_column["fit_score"] == 0


def test_a_used_work_dir_is_refused(tmp_path: Path) -> None:
    (tmp_path / "leftover").write_text("x")
    result = CliRunner().invoke(
        app,
        [
            "benchmark",
            "--contacts",
            "300",
            "--project-dir",
            str(PROJECT_DIR),
            "--work-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert "not empty" in result.output


def test_the_reference_covers_every_active_rule_scored_model(
    benchmark_run: tuple[dict[str, Any], str, Path],
) -> None:
    """Both the step-decay and the half-life model are compared (the composite is not
    a model of its own rules and is left to the dbt tests)."""
    _, _, work = benchmark_run
    with duckdb.connect() as con:
        models = con.execute(
            "select distinct model_id from read_parquet(?) order by 1",
            [str(work / "scale-300" / "reference.parquet")],
        ).fetchall()
    assert models == [("default",), ("upsell",)]
