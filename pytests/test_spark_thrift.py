"""The project on a Spark cluster over the network: a standalone master, two workers
and a Thrift server (leadscore.spark.cluster, started and stopped by this module),
reached through dbt-spark's thrift method (the spark_thrift target), against DuckDB.

One `dbt build` per engine on the demo data plus the hand-made scenario leads; then, on
both, a second run of another score date (during which a second client reads the
marts on the cluster), and an incremental run with an erasure request. Every mart and
audit table must be equal row for row after the first build, and the scores and the
history after each later run. The cluster's tables are read back from its warehouse
directory with DuckDB (as test_cross_engine.py does for the in-process session).

Unit tests are left out of the Thrift builds: they are engine-independent fixtures
that test_cross_engine.py already runs on Spark SQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from pyhive import hive

from _scenarios import SCORE_DATE, write_demo_with_scenarios
from _warehouse import (
    DUCKDB_ONLY_MARTS,
    REQUIRED_MARTS,
    Build,
    copy_project,
    engine_differences,
    mart_and_audit_tables,
    output,
)
from leadscore.spark import hive_jars
from leadscore.spark.cluster import (
    HOST,
    ClusterConfig,
    ClusterState,
    free_port,
    peak_memory,
    read_state,
    running,
    running_processes,
)
from leadscore.spark.event_log import task_totals

pytestmark = pytest.mark.spark

HISTORY_DATES = ["2026-07-31", "2026-09-30"]
BUILD_VARS = f"{{score_date: '{SCORE_DATE}', history_dates: [{', '.join(HISTORY_DATES)}]}}"
NEXT_DATE = "2026-11-01"
NEXT_VARS = f"{{score_date: '{NEXT_DATE}'}}"
# the erasure run: the score date and the day before it
ERASURE_VARS = f"{{score_date: '{SCORE_DATE}', history_lookback_days: 1}}"
SCORING = ("+fct_lead_scores", "+fct_lead_score_history")
ERASED = "scn_hot_vp"
# what the second client reads while a build runs: a history date no later run rewrites
UNTOUCHED_DATE = HISTORY_DATES[0]
SCHEMA = "lead_scoring"
REQUIRED = REQUIRED_MARTS | {"audit_quarantined_rows"}
READER_TIMEOUT_SECONDS = 120


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClusterState]:
    directory = tmp_path_factory.mktemp("spark_cluster")
    with running(ClusterConfig(directory=directory, thrift_port=free_port())) as state:
        assert set(state.pids) == {"master", "worker-1", "worker-2", "thrift-server"}
        yield state
    # stopped by the process ids it recorded: nothing of it is left running
    assert running_processes(state) == []
    assert read_state(directory) is None
    # every session of this module closed cleanly (hive_jars: Hive's FunctionRegistry)
    server_log = Path(state.logs["thrift-server"]).read_text(errors="replace")
    assert "Error closing session" not in server_log
    assert "NoClassDefFoundError" not in server_log


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("thrift_raw")
    write_demo_with_scenarios(raw)
    return raw


@pytest.fixture(scope="module")
def engines(
    cluster: ClusterState, raw_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Build, Build]:
    root = tmp_path_factory.mktemp("thrift_engines")
    project = copy_project(root / "project")
    duck = Build(project, raw_dir, root / "warehouse.duckdb", root / "target-duckdb")
    thrift = Build(
        project,
        raw_dir,
        root / "unused.duckdb",
        root / "target-thrift",
        "spark_thrift",
        spark_warehouse=Path(cluster.warehouse_dir),
        extra_env=(("LEAD_SCORING_SPARK_PORT", str(cluster.thrift_port)),),
    )
    for build in (duck, thrift):
        result = build.dbt("build", "--exclude", "test_type:unit", "--vars", BUILD_VARS)
        assert result.returncode == 0, output(result)
    return duck, thrift


def _query(cluster: ClusterState, sql: str) -> list[tuple[object, ...]]:
    """A client of its own: a new Thrift session, as a BI tool opens one."""
    connection = hive.connect(host=HOST, port=cluster.thrift_port, username="bi_reader")
    try:
        cursor = connection.cursor()
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        connection.close()


def _assert_equal(duck: Build, thrift: Build, *tables: str) -> dict[str, int]:
    results = {table: engine_differences(duck, thrift, table) for table in tables}
    different = {table: r for table, r in results.items() if r[0] or r[1]}
    assert different == {}, "rows only on DuckDB, only over Thrift, total: " + str(different)
    # identical because both hold the data, not because both are empty (some audits
    # are empty on clean demo data)
    assert all(results[table][2] > 0 for table in REQUIRED if table in results), results
    return {table: total for table, (_, _, total) in results.items()}


def test_the_thrift_server_has_hive_llap_common_on_its_class_path(
    cluster: ClusterState,
) -> None:
    assert _query(cluster, "SET spark.driver.extraClassPath") == [
        ("spark.driver.extraClassPath", str(hive_jars.installed_jar()))
    ]


def test_the_event_log_and_the_process_peaks_show_the_build(
    cluster: ClusterState, engines: tuple[Build, Build]
) -> None:
    # what the benchmark's Spark mode reports: the build read raw files, shuffled
    # (joins, windows) and ran on the executors, children of the workers
    totals = task_totals(Path(cluster.event_log_dir), 0, time.time_ns() // 1_000_000)
    assert totals.tasks > 0 and totals.failed_tasks == 0, totals
    assert totals.input_bytes > 0 and totals.executor_run_seconds > 0, totals
    assert totals.shuffle_write_bytes > 0 and totals.shuffle_read_bytes > 0, totals
    peaks = peak_memory(cluster)
    assert set(state_name.split(" child ")[0] for state_name in peaks) == set(cluster.pids)
    executors = [name for name in peaks if name.startswith("worker-") and " child " in name]
    assert len(executors) == 2, peaks
    assert all(peak > 0 for peak in peaks.values()), peaks


def test_every_mart_and_audit_is_identical_over_thrift(engines: tuple[Build, Build]) -> None:
    duck, thrift = engines
    tables = mart_and_audit_tables(thrift)
    assert set(mart_and_audit_tables(duck)) - set(tables) == DUCKDB_ONLY_MARTS
    assert set(tables) >= REQUIRED
    _assert_equal(duck, thrift, *tables)
    dates = duck.query("select distinct score_date from fct_lead_score_history order by 1")
    assert [str(row[0]) for row in dates] == [*HISTORY_DATES, SCORE_DATE]


@pytest.fixture(scope="module")
def next_date(engines: tuple[Build, Build], cluster: ClusterState) -> dict[str, object]:
    """Both warehouses after a second run of another score date. While the Thrift run
    is going, a second client keeps reading the history of a date the run does not
    rewrite."""
    duck, thrift = engines
    history_sql = (
        f"select count(*), sum(total_score) from {SCHEMA}.fct_lead_score_history "
        f"where score_date = date'{UNTOUCHED_DATE}'"
    )
    before = _query(cluster, history_sql)
    reads: list[list[tuple[object, ...]]] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def read_while_building() -> None:
        while not done.is_set():
            try:
                reads.append(_query(cluster, history_sql))
            except Exception as err:  # every failure is what the test reports
                errors.append(err)

    result = duck.dbt("run", "--select", *SCORING, "--vars", NEXT_VARS)
    assert result.returncode == 0, output(result)
    # a daemon with a bounded join: a read that never returns (PyHive has no socket
    # timeout) is reported as an error instead of hanging the suite
    reader = threading.Thread(target=read_while_building, daemon=True)
    reader.start()
    try:
        result = thrift.dbt("run", "--select", *SCORING, "--vars", NEXT_VARS)
    finally:
        done.set()
        reader.join(timeout=READER_TIMEOUT_SECONDS)
    if reader.is_alive():
        errors.append(TimeoutError(f"a read still open {READER_TIMEOUT_SECONDS} s after the run"))
    assert result.returncode == 0, output(result)
    return {"before": before, "reads": reads, "errors": errors}


def test_a_second_score_date_over_thrift_agrees(
    engines: tuple[Build, Build], next_date: dict[str, object]
) -> None:
    duck, thrift = engines
    _assert_equal(duck, thrift, "fct_lead_scores", "fct_lead_score_history")
    scored = duck.query("select distinct score_date from fct_lead_scores")
    assert [str(row[0]) for row in scored] == [NEXT_DATE]
    dates = duck.query("select distinct score_date from fct_lead_score_history order by 1")
    assert [str(row[0]) for row in dates] == [*HISTORY_DATES, SCORE_DATE, NEXT_DATE]


def test_a_second_client_reads_while_a_build_runs(next_date: dict[str, object]) -> None:
    reads = next_date["reads"]
    assert isinstance(reads, list)
    assert next_date["errors"] == []
    # the reader was served during the build, not only before or after it
    assert len(reads) >= 3, reads
    # and every read saw the untouched date whole: the build did not disturb it
    assert all(read == next_date["before"] for read in reads), (next_date["before"], reads)


def test_incremental_history_and_erasure_purge_over_thrift(
    engines: tuple[Build, Build], next_date: dict[str, object], raw_dir: Path
) -> None:
    duck, thrift = engines
    with duckdb.connect() as con:
        con.execute(
            f"copy (select '{ERASED}' as contact_id) "
            f"to '{raw_dir / 'erasure_requests.parquet'}' (format parquet)"
        )
    for build in (duck, thrift):
        result = build.dbt("run", "--select", "+fct_lead_score_history", "--vars", ERASURE_VARS)
        assert result.returncode == 0, output(result)
    totals = _assert_equal(duck, thrift, "fct_lead_score_history")
    dates = duck.query("select distinct score_date from fct_lead_score_history order by 1")
    assert [str(row[0]) for row in dates] == [*HISTORY_DATES, "2026-10-30", SCORE_DATE, NEXT_DATE]
    erased = f"select count(*) from fct_lead_score_history where contact_id = '{ERASED}'"
    assert duck.query(erased) == [(0,)]
    assert totals["fct_lead_score_history"] > 5 * 1900
