"""The same project on DuckDB and on Apache Spark (dbt-spark's session method, a
local Spark inside the dbt process) gives identical marts, row for row.

One `dbt build` per engine on the demo data plus the hand-made scenario leads, with
several score dates; then one incremental run per engine that adds a score date and
an erasure request, which on Spark exercises insert_overwrite of the history's
score-date partitions and the partition-rewriting purge. Spark's tables are read
back from their parquet files with DuckDB.

Scores, points and every other column compare exactly (doubles to 9 decimal places,
_warehouse.engine_differences). test_spark_thrift.py runs the same comparison against
a Spark cluster over its Thrift server."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from _scenarios import SCORE_DATE, write_demo_with_scenarios
from _warehouse import (
    DUCKDB_ONLY_MARTS,
    PROJECT_DIR,
    REQUIRED_MARTS,
    Build,
    copy_project,
    engine_differences,
    mart_and_audit_tables,
    output,
)
from leadscore.demo.generate import GenerateConfig, OutputFormat, generate

pytestmark = pytest.mark.spark

HISTORY_DATES = ["2026-06-30", "2026-07-31", "2026-09-30"]
BUILD_VARS = f"{{score_date: '{SCORE_DATE}', history_dates: [{', '.join(HISTORY_DATES)}]}}"
# the incremental run: the score date and the day before it
RUN_VARS = f"{{score_date: '{SCORE_DATE}', history_lookback_days: 1}}"
TRICKY_DESCRIPTION = 'Executives\' budget, "quoted" and a back\\slash'
ERASED = "scn_hot_vp"
ERASED_ROWS = f"select count(*) from fct_lead_score_history where contact_id = '{ERASED}'"
BAD_INPUTS_DIR = Path(__file__).parent / "fixtures" / "bad_inputs"
# the row-level cases of test_bad_inputs.py, which share one build
SHARED_BAD_INPUTS = sorted(
    path.parent.name
    for path in BAD_INPUTS_DIR.glob("*/expected.json")
    if json.loads(path.read_text()).get("build") != "alone"
)


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("cross_engine_raw")
    write_demo_with_scenarios(raw)
    return raw


def _quote_a_seed_description(project: Path) -> None:
    """A seed text with a quote, a double quote and a backslash: seeds reach Spark as
    SQL literals, and rpt_rule_lift carries the description to a compared mart."""
    path = project / "seeds" / "scoring" / "fit_rules.csv"
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["description"] = TRICKY_DESCRIPTION
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def engines(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    root = tmp_path_factory.mktemp("cross_engine")
    project = copy_project(root / "project")
    _quote_a_seed_description(project)
    duck = Build(project, raw_dir, root / "warehouse.duckdb", root / "target-duckdb")
    spark = Build(project, raw_dir, root / "unused.duckdb", root / "target-spark", "spark")
    for build in (duck, spark):
        result = build.dbt("build", "--vars", BUILD_VARS)
        assert result.returncode == 0, output(result)
    return duck, spark


def test_both_engines_build_the_same_marts(engines: tuple[Build, Build]) -> None:
    duck, spark = engines
    duck_tables = mart_and_audit_tables(duck)
    assert set(duck_tables) - set(mart_and_audit_tables(spark)) == DUCKDB_ONLY_MARTS
    assert set(mart_and_audit_tables(spark)) >= REQUIRED_MARTS


def test_every_mart_is_identical_on_both_engines(engines: tuple[Build, Build]) -> None:
    duck, spark = engines
    results = {
        table: engine_differences(duck, spark, table) for table in mart_and_audit_tables(spark)
    }
    different = {table: r for table, r in results.items() if r[0] or r[1]}
    assert different == {}, "rows only on DuckDB, only on Spark, total: " + str(different)
    # identical because both hold the data, not because both are empty
    assert all(results[table][2] > 0 for table in REQUIRED_MARTS), results
    history_dates = duck.query("select distinct score_date from fct_lead_score_history")
    assert sorted(str(row[0]) for row in history_dates) == [*HISTORY_DATES, SCORE_DATE]
    described = duck.query(
        "select distinct description from rpt_rule_lift where rule_id = 'fit_seniority_exec'"
    )
    assert described == [(TRICKY_DESCRIPTION,)]
    # the contact erased below has a history on every date to purge
    assert duck.query(ERASED_ROWS) == [(3 * len(history_dates),)]


@pytest.fixture(scope="module")
def after_erasure(engines: tuple[Build, Build], raw_dir: Path) -> tuple[Build, Build]:
    """Both warehouses after an erasure request and an incremental run (runs after the
    tests above, which read the first builds)."""
    with duckdb.connect() as con:
        con.execute(
            f"copy (select '{ERASED}' as contact_id) "
            f"to '{raw_dir / 'erasure_requests.parquet'}' (format parquet)"
        )
    for build in engines:
        result = build.dbt("run", "--select", "+fct_lead_score_history", "--vars", RUN_VARS)
        assert result.returncode == 0, output(result)
    return engines


def test_incremental_history_and_erasure_purge_agree(after_erasure: tuple[Build, Build]) -> None:
    duck, spark = after_erasure
    only_duck, only_spark, total = engine_differences(duck, spark, "fct_lead_score_history")
    assert (only_duck, only_spark) == (0, 0)
    dates = duck.query("select distinct score_date from fct_lead_score_history order by 1")
    assert [str(row[0]) for row in dates] == [*HISTORY_DATES, "2026-10-30", SCORE_DATE]
    # the erased contact left every score date on both engines, the rest stayed
    assert duck.query(ERASED_ROWS) == [(0,)]
    assert total > 5 * 1900


def test_csv_raw_files_stage_and_quarantine_alike(tmp_path: Path) -> None:
    """CSV raw files (every column text, read with a header on Spark) with the whole
    row-level corpus of bad inputs added (times with offsets and zone names, special
    words, NaN and infinite numbers, Unicode spaces, personal data in free text): the
    same rows reach staging, quarantine and the audits, for the same reasons and with
    the same values, on both engines."""
    raw = tmp_path / "raw"
    as_of = date.fromisoformat(SCORE_DATE)
    generate(GenerateConfig(out_dir=raw, contacts=300, as_of=as_of, output_format=OutputFormat.csv))
    for case in SHARED_BAD_INPUTS:
        for path in sorted((BAD_INPUTS_DIR / case).glob("*.csv")):
            shutil.copy2(path, raw / f"{path.stem}_{case}.csv")
    audits = [
        "audit_quarantined_rows",
        "audit_source_reconciliation",
        "audit_rejected_values",
        "audit_masked_values",
        "audit_activity_anomalies",
        "audit_deal_anomalies",
    ]
    duck = Build(PROJECT_DIR, raw, tmp_path / "csv.duckdb", tmp_path / "target-duckdb")
    spark = Build(PROJECT_DIR, raw, tmp_path / "unused.duckdb", tmp_path / "target-spark", "spark")
    for build in (duck, spark):
        selection = [f"+{name}" for name in audits]
        csv_vars = f"{{raw_format: csv, score_date: '{SCORE_DATE}', quarantine_error_share: 1.0}}"
        # cautious: a test that also reads an unselected model (the campaign-cost
        # reconciliation reads rpt_campaign_costs) is left out, not run on a missing table
        result = build.dbt(
            "build", "--select", *selection, "--indirect-selection", "cautious", "--vars", csv_vars
        )
        assert result.returncode == 0, output(result)
    for table in audits:
        only_duck, only_spark, total = engine_differences(duck, spark, table)
        assert (only_duck, only_spark) == (0, 0), table
        assert total > 0, table
    # every staged activity, its time included, but for where and when it was loaded
    loading = frozenset({"source_file", "source_file_size", "source_file_modified_at", "loaded_at"})
    only_duck, only_spark, _ = engine_differences(
        duck, spark, "base_marketing__activities", loading
    )
    assert (only_duck, only_spark) == (0, 0)
    # and the offset was applied (on both engines: their rows are equal)
    offset = duck.query(
        "select strftime(occurred_at, '%Y-%m-%d %H:%M') from stg_marketing__activities "
        "where activity_id = 'a_tz_minus5'"
    )
    assert offset == [("2026-07-01 03:00",)]
