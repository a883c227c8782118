"""Performance benchmark of the warehouse (`leadscore benchmark`).

For each scale (number of contacts) it generates raw data with the project's generator,
then measures, each as a whole child process (wall time, CPU time, peak memory):

- a full `dbt build` of the scoring marts on a fresh DuckDB file, scoring the as-of date;
- a daily build: one more day of activities written next to the raw files as a new
  file, then `dbt build` with the next score date on the same database (the staged
  activities load only the new file, the day aggregates re-count only its days);
- the reference: `benchmarks/reference_scores.sql` (in the project, not the package),
  one hand-written DuckDB query computing `fct_lead_scores` of every active
  rule-scored model straight from the raw files and seed CSVs, in a fresh process with
  the profile's memory limit and threads. Its rows must equal the mart's (both score
  dates); any difference fails the benchmark. Above --reference-max-contacts it is
  not run (at 10M contacts it would take longer than the builds it is compared with);
- a backfill, at scales up to --backfill-max-contacts: --backfill-days daily score
  dates ending at the as-of date in one `dbt build` on a fresh database, against the
  single-date full build.

What `dbt build` selects: `+fct_lead_scores +fct_lead_score_history` (the scoring marts
and everything upstream, seeds included) with their data tests, without unit tests
(`--exclude test_type:unit`; they test rules on fixed rows, not data volume) and with
`--indirect-selection cautious` (a test is run only when all its parents are built, so a
test joining an unselected mart cannot fail on a fresh database). Data tests stay in:
they run on every production build. `--select` changes the selection (e.g. `fqn:*` for the
whole project); the reference still covers `fct_lead_scores` only, every column but
`scoring_config_version` (a hash of seed rows, not a score).

The reference gets DuckDB `threads` = the dbt threads (2) and the profile's memory limit.
dbt-duckdb leaves DuckDB's own thread count at its default (every core), so the two are
equal on the 2-core reference machine only; on a bigger machine the build's engine has
more threads than the reference.

Peak memory is the child's `ru_maxrss` from `os.wait4` (the syscall `/usr/bin/time -v`
reports from, without parsing its text; per-child, unlike RUSAGE_CHILDREN deltas, whose
maximum never goes down after a bigger earlier child). The kernel folds into it the peak
of the grandchildren the child waited for, so it is the largest process of the tree;
DuckDB runs inside the dbt process, which spawns no workers, so that is the build's peak.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import metadata
from pathlib import Path

import duckdb

from leadscore.demo.generate import GenerateConfig
from leadscore.project_config import DUCKDB_MEMORY_LIMIT
from leadscore.spark import cluster
from leadscore.spark.event_log import TaskTotals, task_totals
from leadscore.spark.tables import parquet_table

DEFAULT_SELECT = "+fct_lead_scores +fct_lead_score_history"
DEFAULT_CONTACTS = 100_000
DEFAULT_REFERENCE_MAX_CONTACTS = 1_000_000
DEFAULT_BACKFILL_DAYS = 365
DEFAULT_BACKFILL_MAX_CONTACTS = 100_000
GIB = 1024**3
REFERENCE_SQL = Path("benchmarks") / "reference_scores.sql"
SPARK_SCHEMA = "lead_scoring"

# The targets of the scoring-core issue (docs/performance.md).
TARGET_FULL_OVER_REFERENCE = 0.3
TARGET_DAILY_OVER_REFERENCE = 0.15
TARGET_PEAK_MEMORY_BYTES = 4 * GIB
TARGET_BACKFILL_OVER_FULL = 3.0

# The columns the reference does not compute: a hash of the seed rows, not a score.
NOT_COMPARED = ("scoring_config_version",)

Progress = Callable[[str], None]


class BenchmarkError(Exception):
    """A step failed (a dbt build, the generator, the reference query)."""


@dataclass(frozen=True)
class BenchmarkConfig:
    project_dir: Path
    work_dir: Path
    contacts: tuple[int, ...] = (DEFAULT_CONTACTS,)
    days: int = 365
    seed: int = 42
    as_of: date = date(2026, 10, 31)
    select: str = DEFAULT_SELECT
    threads: int = 2
    memory_limit: str = DUCKDB_MEMORY_LIMIT
    reference_memory_limit: str | None = None
    """The reference query's DuckDB memory limit; None: memory_limit. The straightforward
    query ranks every occurrence and needs more than the builds' limit at 1M contacts."""
    reference_max_contacts: int = DEFAULT_REFERENCE_MAX_CONTACTS
    backfill_days: int = DEFAULT_BACKFILL_DAYS
    backfill_max_contacts: int = DEFAULT_BACKFILL_MAX_CONTACTS
    spark_thrift: bool = False
    spark_driver_memory: str = "2g"
    spark_executor_memory: str = "2g"

    def validate(self) -> None:
        if not self.contacts:
            raise ValueError("give at least one scale (--contacts)")
        if self.backfill_days < 0:
            raise ValueError("backfill days must be >= 0 (0: no backfill)")
        if not (self.project_dir / REFERENCE_SQL).is_file():
            raise ValueError(f"no {REFERENCE_SQL} in {self.project_dir}")
        for contacts in self.contacts:
            GenerateConfig(contacts=contacts, days=self.days, seed=self.seed).validate()
        if self.threads < 1:
            raise ValueError("threads must be >= 1")
        if not (self.project_dir / "dbt_project.yml").is_file():
            raise ValueError(f"no dbt_project.yml in {self.project_dir}")
        if self.work_dir.exists() and any(self.work_dir.iterdir()):
            # A stale extra day of activities from an earlier run would change the data.
            raise ValueError(f"work directory {self.work_dir} is not empty")

    @property
    def scales(self) -> list[int]:
        return sorted(set(self.contacts))

    def command(self) -> str:
        """The command line that reproduces this run (paths left out)."""
        args = ["leadscore", "benchmark"]
        for contacts in self.scales:
            args += ["--contacts", str(contacts)]
        args += ["--days", str(self.days), "--seed", str(self.seed)]
        args += ["--as-of", self.as_of.isoformat()]
        if self.select != DEFAULT_SELECT:
            args += ["--select", self.select]
        if self.threads != 2:
            args += ["--threads", str(self.threads)]
        if self.memory_limit != DUCKDB_MEMORY_LIMIT:
            args += ["--memory-limit", self.memory_limit]
        if self.reference_memory_limit is not None:
            args += ["--reference-memory-limit", self.reference_memory_limit]
        if self.reference_max_contacts != DEFAULT_REFERENCE_MAX_CONTACTS:
            args += ["--reference-max-contacts", str(self.reference_max_contacts)]
        if self.backfill_days != DEFAULT_BACKFILL_DAYS:
            args += ["--backfill-days", str(self.backfill_days)]
        if self.backfill_max_contacts != DEFAULT_BACKFILL_MAX_CONTACTS:
            args += ["--backfill-max-contacts", str(self.backfill_max_contacts)]
        if self.spark_thrift:
            args.append("--spark-thrift")
            if self.spark_driver_memory != "2g":
                args += ["--spark-driver-memory", self.spark_driver_memory]
            if self.spark_executor_memory != "2g":
                args += ["--spark-executor-memory", self.spark_executor_memory]
        return shlex.join(args)


@dataclass(frozen=True)
class Measurement:
    """One child process: wall and CPU seconds, peak resident memory, exit code."""

    wall_seconds: float
    user_seconds: float
    system_seconds: float
    peak_rss_bytes: int
    exit_code: int
    log: str


@dataclass(frozen=True)
class NodeTiming:
    unique_id: str
    resource_type: str
    compile_seconds: float
    execute_seconds: float


@dataclass(frozen=True)
class DbtTiming:
    """Where a dbt build's wall time went, from its run_results.json.

    `run_seconds` is dbt's own `elapsed_time` (node execution, hooks included);
    `overhead_seconds` the rest of the process: interpreter start, imports, project
    parsing, manifest and graph. Per-node sums overlap when threads > 1."""

    run_seconds: float
    overhead_seconds: float
    compile_seconds: float
    execute_seconds: float
    execute_seconds_by_type: dict[str, float]
    nodes_by_type: dict[str, int]
    slowest: list[NodeTiming]


@dataclass(frozen=True)
class DbtRun:
    score_date: str
    measurement: Measurement
    timing: DbtTiming


@dataclass(frozen=True)
class ReferenceRun:
    score_date: str
    measurement: Measurement
    query_seconds: float
    reference_rows: int
    mart_rows: int
    mismatched_rows: int
    """Rows of either side without an identical row on the other (multiset difference)."""
    column_mismatches: dict[str, int]
    """Per column, contacts whose values differ (or that one side lacks)."""


@dataclass(frozen=True)
class SparkRun:
    """One dbt build on the Spark cluster (started for it, stopped after it)."""

    build: DbtRun
    tasks: TaskTotals
    """What the event log says the build's tasks did (shuffle, spill, input)."""
    process_peak_rss_bytes: dict[str, int]
    """Peak resident memory of each cluster process during the build (Linux)."""
    mart_rows: int
    mismatched_rows: int
    """Rows of fct_lead_scores on Spark and DuckDB (same score date) without an
    identical row on the other side, every column compared."""

    @property
    def cluster_peak_rss_bytes(self) -> int:
        """The sum of the processes' peaks: a bound on what the cluster held at once."""
        return sum(self.process_peak_rss_bytes.values())


@dataclass(frozen=True)
class SparkResult:
    full_build: SparkRun
    daily_build: SparkRun
    ratios: dict[str, float]


@dataclass(frozen=True)
class ScaleResult:
    contacts: int
    days: int
    activities: int
    next_day_activities: int
    history_dates: int | None
    generate: Measurement
    full_build: DbtRun
    incremental_build: DbtRun
    """The daily build: one more day of activities, the next score date."""
    reference: ReferenceRun | None
    reference_next_day: ReferenceRun | None
    backfill: DbtRun | None
    backfill_dates: int | None
    """Score dates in the history after the backfill (its own fresh database)."""
    ratios: dict[str, float]
    spark: SparkResult | None = None

    @property
    def mismatches(self) -> int:
        """Rows where the DuckDB mart differs from the reference (both score dates)."""
        runs = (self.reference, self.reference_next_day)
        return sum(run.mismatched_rows for run in runs if run is not None)

    @property
    def spark_mismatches(self) -> int:
        """Rows where the Spark mart differs from the DuckDB mart (both score dates)."""
        if self.spark is None:
            return 0
        return self.spark.full_build.mismatched_rows + self.spark.daily_build.mismatched_rows

    @property
    def peak_rss_bytes(self) -> int:
        """The largest process among the builds (not the generator, not the reference
        query, which may be given a memory limit of its own: the per-step table shows it)."""
        runs = [self.full_build.measurement, self.incremental_build.measurement]
        if self.backfill is not None:
            runs.append(self.backfill.measurement)
        return max(run.peak_rss_bytes for run in runs)


@dataclass(frozen=True)
class TargetCheck:
    name: str
    target: str
    measured: str
    passed: bool | None
    """None when not measured (e.g. scaling with a single scale)."""


@dataclass(frozen=True)
class BenchmarkReport:
    command: str
    started_at: str
    finished_at: str
    machine: dict[str, str | int | float | None]
    settings: dict[str, str | int]
    scales: list[ScaleResult]
    targets: list[TargetCheck]
    mismatches: int = field(default=0)


# ------------------------------------------------------------------ child processes


def measure(argv: Sequence[str], *, cwd: Path, env: dict[str, str], log: Path) -> Measurement:
    """Runs `argv` to completion, output to `log`, and measures it as a whole."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            # wait4 instead of proc.wait(): the rusage of exactly this child.
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return Measurement(
        wall_seconds=wall,
        user_seconds=usage.ru_utime,
        system_seconds=usage.ru_stime,
        peak_rss_bytes=peak,
        exit_code=proc.returncode,
        log=str(log),
    )


def _tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise BenchmarkError(f"{name} not found next to {sys.executable} nor on PATH")
    return found


def _tail(path: str, lines: int = 15) -> str:
    text = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:])


def _check(step: str, measurement: Measurement) -> None:
    if measurement.exit_code != 0:
        raise BenchmarkError(
            f"{step} failed (exit {measurement.exit_code}); log {measurement.log}:\n"
            + _tail(measurement.log)
        )


# ------------------------------------------------------------------ data


def _sql_literal(text: str) -> str:
    # COPY TO and ATTACH take no prepared parameters
    return "'" + text.replace("'", "''") + "'"


def count_rows(raw_dir: Path, table: str) -> int:
    with duckdb.connect() as con:
        pattern = str(raw_dir / f"{table}*.parquet")
        row = con.execute(
            "select count(*) from read_parquet(?, union_by_name = true)", [pattern]
        ).fetchall()
    return int(row[0][0])


def append_next_day_activities(raw_dir: Path, day: date, next_day: date) -> tuple[Path, int]:
    """Writes `activities_<next_day>.parquet`: the activities of `day` moved to `next_day`.

    A realistic daily delta for existing contacts (same volume and mix as a real day),
    with new activity ids; the sources read every `activities*.parquet`, so the next
    build sees it. Re-sent duplicates of `day` stay duplicates (same new id)."""
    out = raw_dir / f"activities_{next_day:%Y%m%d}.parquet"
    prefix = f"{next_day:%Y%m%d}-"
    with duckdb.connect() as con:
        con.execute(
            f"""
            copy (
                select * replace (
                    ? || activity_id as activity_id,
                    occurred_at + interval 1 day * ? as occurred_at
                )
                from read_parquet(?, union_by_name = true)
                where cast(occurred_at as date) = ?
            ) to {_sql_literal(str(out))} (format parquet, compression zstd)
            """,
            [prefix, (next_day - day).days, str(raw_dir / "activities*.parquet"), day],
        ).fetchall()
    return out, count_rows_in_file(out)


def count_rows_in_file(path: Path) -> int:
    with duckdb.connect() as con:
        row = con.execute("select count(*) from read_parquet(?)", [str(path)]).fetchall()
    return int(row[0][0])


# ------------------------------------------------------------------ dbt


def read_dbt_timing(run_results: Path, wall_seconds: float, top: int = 5) -> DbtTiming:
    data = json.loads(run_results.read_text(encoding="utf-8"))
    nodes: list[NodeTiming] = []
    for result in data.get("results", []):
        spans = {"compile": 0.0, "execute": 0.0}
        for entry in result.get("timing", []):
            if entry.get("name") in spans and entry.get("started_at") and entry.get("completed_at"):
                started = datetime.fromisoformat(entry["started_at"])
                completed = datetime.fromisoformat(entry["completed_at"])
                spans[entry["name"]] += (completed - started).total_seconds()
        unique_id = str(result["unique_id"])
        nodes.append(
            NodeTiming(unique_id, unique_id.split(".")[0], spans["compile"], spans["execute"])
        )
    by_type: dict[str, float] = {}
    counts: dict[str, int] = {}
    for node in nodes:
        by_type[node.resource_type] = by_type.get(node.resource_type, 0.0) + node.execute_seconds
        counts[node.resource_type] = counts.get(node.resource_type, 0) + 1
    run_seconds = float(data.get("elapsed_time", 0.0))
    return DbtTiming(
        run_seconds=run_seconds,
        overhead_seconds=max(wall_seconds - run_seconds, 0.0),
        compile_seconds=sum(node.compile_seconds for node in nodes),
        execute_seconds=sum(node.execute_seconds for node in nodes),
        execute_seconds_by_type=dict(sorted(by_type.items())),
        nodes_by_type=dict(sorted(counts.items())),
        slowest=sorted(nodes, key=lambda node: node.execute_seconds, reverse=True)[:top],
    )


@dataclass(frozen=True)
class _Scale:
    """Paths of one scale's isolated run."""

    root: Path

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def database(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def target_dir(self) -> Path:
        return self.root / "target"

    @property
    def temp_dir(self) -> Path:
        return self.root / "duckdb_tmp"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def spark_dir(self) -> Path:
        return self.root / "spark-cluster"


def _dbt_env(config: BenchmarkConfig, scale: _Scale) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(config.project_dir),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "LEAD_SCORING_TARGET": "duckdb",
        "LEAD_SCORING_RAW_FORMAT": "parquet",
        "LEAD_SCORING_RAW_DIR": str(scale.raw_dir),
        "LEAD_SCORING_DUCKDB_PATH": str(scale.database),
        "LEAD_SCORING_THREADS": str(config.threads),
        "LEAD_SCORING_DUCKDB_MEMORY_LIMIT": config.memory_limit,
        "LEAD_SCORING_DUCKDB_TEMP_DIR": str(scale.temp_dir),
    }


def dbt_build(
    config: BenchmarkConfig,
    scale: _Scale,
    score_date: date,
    name: str,
    *,
    database: Path | None = None,
    history_start: date | None = None,
    target_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> DbtRun:
    # The score date goes in the environment, as a scheduler would set it: a --vars
    # value that changes between two runs makes dbt re-parse the whole project.
    build_vars: dict[str, str] = {}
    if history_start is not None:
        build_vars["history_start_date"] = history_start.isoformat()
    if target_dir is None:
        target_dir = scale.target_dir if database is None else scale.root / f"target_{name}"
    argv = [
        _tool("dbt"),
        "build",
        "--select",
        *config.select.split(),
        "--exclude",
        "test_type:unit",
        "--indirect-selection",
        "cautious",
        *(["--vars", json.dumps(build_vars)] if build_vars else []),
        "--project-dir",
        str(config.project_dir),
        "--target-path",
        str(target_dir),
        "--log-path",
        str(scale.logs),
        "--no-use-colors",
    ]
    env = {
        **_dbt_env(config, scale),
        "LEAD_SCORING_SCORE_DATE": score_date.isoformat(),
        **(extra_env or {}),
    }
    if database is not None:
        env["LEAD_SCORING_DUCKDB_PATH"] = str(database)
    measurement = measure(argv, cwd=config.project_dir, env=env, log=scale.logs / f"{name}.log")
    _check(f"dbt build ({name}, score date {score_date})", measurement)
    # Every invocation overwrites run_results.json: keep each build's copy.
    kept = scale.root / f"run_results_{name}.json"
    shutil.copyfile(target_dir / "run_results.json", kept)
    return DbtRun(
        score_date.isoformat(), measurement, read_dbt_timing(kept, measurement.wall_seconds)
    )


# ------------------------------------------------------------------ reference


def compare_with_mart(
    database: Path, reference: Path, score_date: date
) -> tuple[int, int, int, dict[str, int]]:
    """(reference rows, mart rows, mismatched rows, per-column mismatches), over the
    models the reference computes (every active rule-scored model)."""
    with duckdb.connect() as con:
        con.execute(f"attach {_sql_literal(str(database))} as wh (read_only)")
        con.execute("create temp table ref as select * from read_parquet(?)", [str(reference)])
        con.execute(
            "create temp table mart as select * from wh.main.fct_lead_scores "
            "where score_date = ? and model_id in (select distinct model_id from ref)",
            [score_date],
        )
        mart_columns = [row[0] for row in con.execute("describe mart").fetchall()]
        ref_columns = {row[0] for row in con.execute("describe ref").fetchall()}
        missing = [c for c in mart_columns if c not in ref_columns and c not in NOT_COMPARED]
        if missing:
            raise BenchmarkError(f"the reference lacks mart column(s): {', '.join(missing)}")
        columns = [c for c in mart_columns if c in ref_columns]
        listed = ", ".join(f'"{c}"' for c in columns)
        mismatched = con.execute(
            f"select (select count(*) from (select {listed} from mart except all "
            f"select {listed} from ref)) + (select count(*) from (select {listed} from ref "
            f"except all select {listed} from mart))"
        ).fetchall()[0][0]
        keys = ("contact_id", "model_id")
        per_column = ", ".join(
            f"count(*) filter (where m.contact_id is null or r.contact_id is null "
            f'or m."{c}" is distinct from r."{c}")'
            for c in columns
            if c not in keys
        )
        counts = con.execute(
            f"select {per_column} from mart as m full join ref as r "
            "on m.contact_id = r.contact_id and m.model_id = r.model_id"
        ).fetchall()[0]
        rows = con.execute(
            "select (select count(*) from ref), (select count(*) from mart)"
        ).fetchall()
    column_mismatches = {
        c: int(n) for c, n in zip([c for c in columns if c not in keys], counts, strict=True)
    }
    return int(rows[0][0]), int(rows[0][1]), int(mismatched), column_mismatches


def reference_run(
    config: BenchmarkConfig, scale: _Scale, score_date: date, name: str
) -> ReferenceRun:
    out = scale.root / f"{name}.parquet"
    timing = scale.root / f"{name}_timing.json"
    argv = [
        sys.executable,
        "-m",
        "leadscore.benchmark._reference_run",
        "--sql",
        str(config.project_dir / REFERENCE_SQL),
        "--raw-dir",
        str(scale.raw_dir),
        "--seeds-dir",
        str(config.project_dir / "seeds" / "scoring"),
        "--score-date",
        score_date.isoformat(),
        "--out",
        str(out),
        "--memory-limit",
        config.reference_memory_limit or config.memory_limit,
        "--threads",
        str(config.threads),
        "--temp-dir",
        str(scale.temp_dir),
        "--timing-out",
        str(timing),
    ]
    measurement = measure(
        argv, cwd=config.project_dir, env=dict(os.environ), log=scale.logs / f"{name}.log"
    )
    _check(f"reference query ({name}, score date {score_date})", measurement)
    query_seconds = float(json.loads(timing.read_text(encoding="utf-8"))["query_seconds"])
    ref_rows, mart_rows, mismatched, per_column = compare_with_mart(scale.database, out, score_date)
    return ReferenceRun(
        score_date=score_date.isoformat(),
        measurement=measurement,
        query_seconds=query_seconds,
        reference_rows=ref_rows,
        mart_rows=mart_rows,
        mismatched_rows=mismatched,
        column_mismatches=per_column,
    )


# ------------------------------------------------------------------ Spark


def spark_mismatches(database: Path, spark_table: str, score_date: date) -> tuple[int, int]:
    """(Spark rows, rows without an identical row on the other side) of
    fct_lead_scores at `score_date`, Spark's parquet files against the DuckDB file."""
    with duckdb.connect() as con:
        con.execute(f"attach {_sql_literal(str(database))} as wh (read_only)")
        con.execute(
            "create temp table duck as select * from wh.main.fct_lead_scores where score_date = ?",
            [score_date],
        )
        con.execute(
            f"create temp table spark as select * from {spark_table} where score_date = ?",
            [score_date],
        )
        columns = [row[0] for row in con.execute("describe duck").fetchall()]
        listed = ", ".join(f'"{c}"' for c in columns)
        row = con.execute(
            f"select (select count(*) from spark), "
            f"(select count(*) from (select {listed} from duck except all "
            f"select {listed} from spark)) + (select count(*) from (select {listed} from spark "
            f"except all select {listed} from duck))"
        ).fetchall()[0]
    return int(row[0]), int(row[1])


def _cluster_config(config: BenchmarkConfig, scale: _Scale) -> cluster.ClusterConfig:
    # the session target's shape: two single-core workers, the cores of the machine
    return cluster.ClusterConfig(
        directory=scale.spark_dir,
        thrift_port=cluster.free_port(),
        workers=config.threads,
        worker_cores=1,
        worker_memory=config.spark_executor_memory,
        executor_memory=config.spark_executor_memory,
        driver_memory=config.spark_driver_memory,
    )


def spark_build(config: BenchmarkConfig, scale: _Scale, score_date: date, name: str) -> SparkRun:
    """A dbt build on a cluster started for it and stopped after it: the processes'
    peaks are then the build's own, and the warehouse and metastore (on disk) carry
    over to the next build as a long-running cluster's would."""
    cluster_config = _cluster_config(config, scale)
    with cluster.running(cluster_config) as state:
        extra_env = {
            "LEAD_SCORING_TARGET": "spark_thrift",
            "LEAD_SCORING_SPARK_HOST": cluster.HOST,
            "LEAD_SCORING_SPARK_PORT": str(state.thrift_port),
            "LEAD_SCORING_SPARK_SCHEMA": SPARK_SCHEMA,
        }
        since_ms = time.time_ns() // 1_000_000
        run = dbt_build(
            config,
            scale,
            score_date,
            name,
            target_dir=scale.root / "target_spark",
            extra_env=extra_env,
        )
        until_ms = time.time_ns() // 1_000_000
        peaks = cluster.peak_memory(state)
    tasks = task_totals(cluster_config.event_log_dir, since_ms, until_ms)
    table = parquet_table(cluster_config.warehouse_dir, "fct_lead_scores", SPARK_SCHEMA)
    mart_rows, mismatched = spark_mismatches(scale.database, table, score_date)
    return SparkRun(run, tasks, peaks, mart_rows, mismatched)


def _spark_ratios(
    full: SparkRun,
    daily: SparkRun,
    duck_full: DbtRun,
    duck_daily: DbtRun,
    reference: ReferenceRun | None,
) -> dict[str, float]:
    full_wall = full.build.measurement.wall_seconds
    daily_wall = daily.build.measurement.wall_seconds
    ratios = {
        "spark_full_over_duckdb_full": full_wall / duck_full.measurement.wall_seconds,
        "spark_daily_over_duckdb_daily": daily_wall / duck_daily.measurement.wall_seconds,
        "spark_daily_over_spark_full": daily_wall / full_wall,
    }
    if reference is not None:
        ratios["spark_full_over_reference"] = full_wall / reference.measurement.wall_seconds
    return ratios


# ------------------------------------------------------------------ the run


def _history_dates(database: Path) -> int | None:
    with duckdb.connect(str(database), read_only=True) as con:
        present = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'main' and table_name = 'fct_lead_score_history'"
        ).fetchall()[0][0]
        if not present:
            return None
        rows = con.execute(
            "select count(distinct score_date) from main.fct_lead_score_history"
        ).fetchall()
    return int(rows[0][0])


def _per_million(seconds: float, rows: int) -> float:
    return seconds / (rows / 1_000_000) if rows else 0.0


def _ratios(
    activities: int,
    full: DbtRun,
    daily: DbtRun,
    reference: ReferenceRun | None,
    backfill: DbtRun | None,
) -> dict[str, float]:
    full_wall = full.measurement.wall_seconds
    ratios = {
        "daily_over_full": daily.measurement.wall_seconds / full_wall,
        "full_build_seconds_per_million_activities": _per_million(full_wall, activities),
        "daily_build_seconds_per_million_activities": _per_million(
            daily.measurement.wall_seconds, activities
        ),
        "full_build_overhead_share": full.timing.overhead_seconds / full_wall,
    }
    if reference is not None:
        ref_wall = reference.measurement.wall_seconds
        ratios["full_over_reference"] = full_wall / ref_wall
        ratios["daily_over_reference"] = daily.measurement.wall_seconds / ref_wall
        # dbt's run phase against the query alone: the engine work without start-up costs
        ratios["full_run_phase_over_reference_query"] = (
            full.timing.run_seconds / reference.query_seconds
        )
        ratios["reference_seconds_per_million_activities"] = _per_million(ref_wall, activities)
    if backfill is not None:
        ratios["backfill_over_full"] = backfill.measurement.wall_seconds / full_wall
    return ratios


def run_scale(
    config: BenchmarkConfig, contacts: int, progress: Progress | None = None
) -> ScaleResult:
    say = progress or (lambda _message: None)
    scale = _Scale(config.work_dir / f"scale-{contacts}")
    scale.root.mkdir(parents=True)
    scale.temp_dir.mkdir()
    say(f"{contacts:,} contacts: generating {config.days} days of data")
    generate = measure(
        [
            sys.executable,
            "-c",
            "from leadscore.cli import app; app()",
            "generate",
            "--out",
            str(scale.raw_dir),
            "--contacts",
            str(contacts),
            "--days",
            str(config.days),
            "--as-of",
            config.as_of.isoformat(),
            "--seed",
            str(config.seed),
        ],
        cwd=config.project_dir,
        env=dict(os.environ),
        log=scale.logs / "generate.log",
    )
    _check("leadscore generate", generate)
    activities = count_rows(scale.raw_dir, "activities")
    with_reference = contacts <= config.reference_max_contacts

    say(f"{contacts:,} contacts: full dbt build ({activities:,} activities)")
    full = dbt_build(config, scale, config.as_of, "full_build")
    reference = None
    if with_reference:
        say(f"{contacts:,} contacts: reference query")
        reference = reference_run(config, scale, config.as_of, "reference")

    backfill = backfill_dates = None
    if config.backfill_days and contacts <= config.backfill_max_contacts:
        say(f"{contacts:,} contacts: backfill of {config.backfill_days} daily score dates")
        backfill_database = scale.root / "backfill.duckdb"
        backfill = dbt_build(
            config,
            scale,
            config.as_of,
            "backfill",
            database=backfill_database,
            history_start=config.as_of - timedelta(days=config.backfill_days - 1),
        )
        backfill_dates = _history_dates(backfill_database)

    spark_full = None
    if config.spark_thrift:
        say(f"{contacts:,} contacts: full dbt build on the Spark cluster")
        spark_full = spark_build(config, scale, config.as_of, "spark_full_build")

    next_day = config.as_of + timedelta(days=1)
    _, next_day_rows = append_next_day_activities(scale.raw_dir, config.as_of, next_day)
    say(f"{contacts:,} contacts: daily dbt build ({next_day_rows:,} new activities)")
    daily = dbt_build(config, scale, next_day, "daily_build")
    reference_next = None
    if with_reference:
        say(f"{contacts:,} contacts: reference query for the next day")
        reference_next = reference_run(config, scale, next_day, "reference_next_day")
    spark = None
    if spark_full is not None:
        say(f"{contacts:,} contacts: daily dbt build on the Spark cluster")
        spark_daily = spark_build(config, scale, next_day, "spark_daily_build")
        spark = SparkResult(
            spark_full,
            spark_daily,
            _spark_ratios(spark_full, spark_daily, full, daily, reference),
        )

    return ScaleResult(
        contacts=contacts,
        days=config.days,
        activities=activities,
        next_day_activities=next_day_rows,
        history_dates=_history_dates(scale.database),
        generate=generate,
        full_build=full,
        incremental_build=daily,
        reference=reference,
        reference_next_day=reference_next,
        backfill=backfill,
        backfill_dates=backfill_dates,
        ratios=_ratios(activities, full, daily, reference, backfill),
        spark=spark,
    )


def target_checks(scales: Sequence[ScaleResult]) -> list[TargetCheck]:
    """The issue's targets, each at the scale it names when it was measured."""
    referenced = [scale for scale in scales if scale.reference is not None]
    compared = referenced[-1] if referenced else None
    targets = []
    for name, ratio, goal in (
        ("full build vs reference", "full_over_reference", TARGET_FULL_OVER_REFERENCE),
        ("daily build vs reference", "daily_over_reference", TARGET_DAILY_OVER_REFERENCE),
    ):
        if compared is None:
            targets.append(TargetCheck(name, f"<= {goal:g}x", "not measured", None))
            continue
        value = compared.ratios[ratio]
        targets.append(
            TargetCheck(
                name,
                f"<= {goal:g}x (at {compared.contacts:,} contacts)",
                f"{value:.2f}x",
                value <= goal,
            )
        )
    peak = max(scale.peak_rss_bytes for scale in scales)
    targets.append(
        TargetCheck(
            "peak memory (builds)",
            f"<= {TARGET_PEAK_MEMORY_BYTES / GIB:g} GiB",
            f"{peak / GIB:.2f} GiB",
            peak <= TARGET_PEAK_MEMORY_BYTES,
        )
    )
    largest = scales[-1]
    targets.append(
        TargetCheck(
            "largest scale completes",
            f"{largest.contacts:,} contacts / {largest.activities:,} activities",
            f"full {largest.full_build.measurement.wall_seconds:,.0f} s, daily "
            f"{largest.incremental_build.measurement.wall_seconds:,.0f} s, peak "
            f"{largest.peak_rss_bytes / GIB:.2f} GiB",
            True,
        )
    )
    backfilled = [scale for scale in scales if scale.backfill is not None]
    if backfilled:
        scale = backfilled[-1]
        value = scale.ratios["backfill_over_full"]
        targets.append(
            TargetCheck(
                "backfill vs single-date full build",
                f"<= {TARGET_BACKFILL_OVER_FULL:g}x ({scale.backfill_dates} score dates at "
                f"{scale.contacts:,} contacts)",
                f"{value:.2f}x",
                value <= TARGET_BACKFILL_OVER_FULL,
            )
        )
    else:
        targets.append(
            TargetCheck(
                "backfill vs single-date full build",
                f"<= {TARGET_BACKFILL_OVER_FULL:g}x",
                "not measured",
                None,
            )
        )
    mismatches = sum(scale.mismatches for scale in scales)
    targets.append(
        TargetCheck(
            "mart equals the reference",
            "0 mismatched rows at every scale with a reference",
            f"{mismatches:,}" if referenced else "not measured",
            mismatches == 0 if referenced else None,
        )
    )
    on_spark = [scale for scale in scales if scale.spark is not None]
    if on_spark:
        spark_mismatches = sum(scale.spark_mismatches for scale in on_spark)
        targets.append(
            TargetCheck(
                "Spark mart equals DuckDB's",
                "0 mismatched rows at every scale, both score dates",
                f"{spark_mismatches:,}",
                spark_mismatches == 0,
            )
        )
    return targets


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _machine(load_at_start: tuple[float, float, float]) -> dict[str, str | int | float | None]:
    load_at_end = os.getloadavg()
    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "dbt_core": _version("dbt-core"),
        "dbt_duckdb": _version("dbt-duckdb"),
        # a busy machine makes every timing noisy: the load says how busy
        "load_average_1m_at_start": round(load_at_start[0], 2),
        "load_average_1m_at_end": round(load_at_end[0], 2),
    }


def planned_steps(config: BenchmarkConfig) -> int:
    """How many steps run_scale announces over every scale (for a progress display)."""
    steps = 0
    for contacts in config.scales:
        with_reference = contacts <= config.reference_max_contacts
        with_backfill = bool(config.backfill_days) and contacts <= config.backfill_max_contacts
        # generate, full build, daily build; the reference twice; the backfill once;
        # Spark's full and daily builds
        steps += 3 + 2 * with_reference + with_backfill + 2 * config.spark_thrift
    return steps


def run_benchmark(config: BenchmarkConfig, progress: Progress | None = None) -> BenchmarkReport:
    config.validate()
    config.work_dir.mkdir(parents=True, exist_ok=True)
    started_at = datetime.now().astimezone().isoformat(timespec="seconds")
    load_at_start = os.getloadavg()
    scales = [run_scale(config, contacts, progress) for contacts in config.scales]
    return BenchmarkReport(
        command=config.command(),
        started_at=started_at,
        finished_at=datetime.now().astimezone().isoformat(timespec="seconds"),
        machine=_machine(load_at_start),
        settings={
            "select": config.select,
            "exclude": "test_type:unit",
            "indirect_selection": "cautious",
            "threads": config.threads,
            "memory_limit": config.memory_limit,
            "reference_memory_limit": config.reference_memory_limit or config.memory_limit,
            "days": config.days,
            "seed": config.seed,
            "as_of": config.as_of.isoformat(),
            "reference_sql": str(REFERENCE_SQL),
            "reference_max_contacts": config.reference_max_contacts,
            "backfill_days": config.backfill_days,
            "backfill_max_contacts": config.backfill_max_contacts,
            "spark_thrift": str(config.spark_thrift).lower(),
            "spark_driver_memory": config.spark_driver_memory,
            "spark_executor_memory": config.spark_executor_memory,
        },
        scales=scales,
        targets=target_checks(scales),
        mismatches=sum(scale.mismatches + scale.spark_mismatches for scale in scales),
    )
