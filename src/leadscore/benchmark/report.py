"""Renders a benchmark report: rich tables for the terminal, Markdown for the README, JSON."""

from __future__ import annotations

import dataclasses
import json

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from leadscore.benchmark.run import (
    GIB,
    BenchmarkReport,
    Measurement,
    ScaleResult,
    SparkRun,
    TargetCheck,
)


def to_json(report: BenchmarkReport) -> str:
    return json.dumps(dataclasses.asdict(report), indent=2) + "\n"


def _seconds(value: float) -> str:
    return f"{value:,.1f} s"


def _gib(value: int) -> str:
    return f"{value / GIB:.2f} GiB"


def _verdict(check: TargetCheck) -> str:
    return {True: "pass", False: "MISS", None: "n/a"}[check.passed]


def _node_label(unique_id: str) -> str:
    # "test.lead_scoring.unique_x.f807b88e5f" -> "unique_x (test)"
    parts = unique_id.split(".")
    return f"{parts[2]} ({parts[0]})" if len(parts) >= 3 else unique_id


# Each table is a list of (Markdown header, terminal header or None when the column is
# left out of the terminal); terminal tables must fit 80 columns, so the terminal shows
# the scale table as two (times, then ratios) and Markdown as one.
SCALE_COLUMNS = (
    ("contacts", "contacts"),
    ("activities", "activities"),
    ("generate", None),
    ("full build", "full build"),
    ("daily build", "daily"),
    ("reference", "reference"),
    ("full / reference", None),
    ("daily / reference", None),
    ("daily / full", None),
    ("backfill", None),
    ("backfill / full", None),
    ("mismatches", "mismatches"),
)
RATIO_COLUMNS = (
    ("contacts", "contacts"),
    ("activities", None),
    ("generate", None),
    ("full build", None),
    ("daily build", None),
    ("reference", None),
    ("full / reference", "full / ref."),
    ("daily / reference", "daily / ref."),
    ("daily / full", "daily / full"),
    ("backfill", "backfill"),
    ("backfill / full", "backf. / full"),
    ("mismatches", None),
)


def _ratio(scale: ScaleResult, name: str) -> str:
    value = scale.ratios.get(name)
    return "n/a" if value is None else f"{value:.2f}x"


def _scale_row(scale: ScaleResult) -> list[str]:
    return [
        f"{scale.contacts:,}",
        f"{scale.activities:,}",
        _seconds(scale.generate.wall_seconds),
        _seconds(scale.full_build.measurement.wall_seconds),
        _seconds(scale.incremental_build.measurement.wall_seconds),
        _seconds(scale.reference.measurement.wall_seconds) if scale.reference else "not run",
        _ratio(scale, "full_over_reference"),
        _ratio(scale, "daily_over_reference"),
        _ratio(scale, "daily_over_full"),
        (
            f"{_seconds(scale.backfill.measurement.wall_seconds)} ({scale.backfill_dates} dates)"
            if scale.backfill
            else "not run"
        ),
        _ratio(scale, "backfill_over_full"),
        f"{scale.mismatches:,}" if scale.reference else "n/a",
    ]


PROCESS_COLUMNS = (
    ("contacts", "contacts"),
    ("step", "step"),
    ("wall", "wall"),
    ("CPU (user+sys)", "CPU"),
    ("peak RSS", "peak RSS"),
)


def _process_rows(scale: ScaleResult) -> list[list[str]]:
    steps: list[tuple[str, Measurement]] = [
        ("generate", scale.generate),
        ("full build", scale.full_build.measurement),
        ("daily build", scale.incremental_build.measurement),
    ]
    if scale.reference is not None:
        steps.append(("reference", scale.reference.measurement))
    if scale.reference_next_day is not None:
        steps.append(("reference, next day", scale.reference_next_day.measurement))
    if scale.backfill is not None:
        steps.append((f"backfill ({scale.backfill_dates} dates)", scale.backfill.measurement))
    return [
        [
            f"{scale.contacts:,}",
            step,
            _seconds(m.wall_seconds),
            _seconds(m.user_seconds + m.system_seconds),
            _gib(m.peak_rss_bytes),
        ]
        for step, m in steps
    ]


DBT_COLUMNS = (
    ("contacts", "contacts"),
    ("build", "build"),
    ("wall", "wall"),
    ("start-up + parse", "start+parse"),
    ("run phase", "run"),
    ("sum compile", "Σ compile"),
    ("sum execute models", "Σ models"),
    ("sum execute tests", "Σ tests"),
    ("sum execute seeds", None),
)


def _dbt_rows(scale: ScaleResult, *, short: bool = False) -> list[list[str]]:
    rows = []
    runs = [("full", scale.full_build), ("daily", scale.incremental_build)]
    if scale.backfill is not None:
        runs.append(("backfill", scale.backfill))
    for label, run in runs:
        timing = run.timing
        by_type = timing.execute_seconds_by_type
        rows.append(
            [
                f"{scale.contacts:,}",
                label if short else f"{label} {run.score_date}",
                _seconds(run.measurement.wall_seconds),
                _seconds(timing.overhead_seconds),
                _seconds(timing.run_seconds),
                _seconds(timing.compile_seconds),
                _seconds(by_type.get("model", 0.0)),
                _seconds(by_type.get("test", 0.0)),
                _seconds(by_type.get("seed", 0.0)),
            ]
        )
    return rows


def _slowest_rows(scale: ScaleResult) -> list[list[str]]:
    return [
        [_node_label(node.unique_id), _seconds(node.execute_seconds)]
        for node in scale.full_build.timing.slowest
    ]


SPARK_COLUMNS = (
    ("contacts", "contacts"),
    ("build", "build"),
    ("wall", "wall"),
    ("vs DuckDB", "vs DuckDB"),
    ("tasks", None),
    ("executor time", None),
    ("input", None),
    ("shuffle read", None),
    ("shuffle write", "shuffle w."),
    ("spill (memory)", None),
    ("spill (disk)", "spill disk"),
    ("largest process", None),
    ("cluster (sum of peaks)", "cluster"),
    ("mismatches", "mism."),
)


def _mib(value: int) -> str:
    return f"{value / 1024**2:,.0f} MiB"


def _spark_rows(scale: ScaleResult) -> list[list[str]]:
    if scale.spark is None:
        return []
    runs: list[tuple[str, SparkRun, str]] = [
        ("full", scale.spark.full_build, "spark_full_over_duckdb_full"),
        ("daily", scale.spark.daily_build, "spark_daily_over_duckdb_daily"),
    ]
    rows = []
    for label, run, ratio in runs:
        tasks = run.tasks
        peaks = run.process_peak_rss_bytes
        rows.append(
            [
                f"{scale.contacts:,}",
                label,
                _seconds(run.build.measurement.wall_seconds),
                f"{scale.spark.ratios[ratio]:.2f}x",
                f"{tasks.tasks:,}"
                + (f" ({tasks.failed_tasks:,} failed)" if tasks.failed_tasks else ""),
                _seconds(tasks.executor_run_seconds),
                _mib(tasks.input_bytes),
                _mib(tasks.shuffle_read_bytes),
                _mib(tasks.shuffle_write_bytes),
                _mib(tasks.memory_spilled_bytes),
                _mib(tasks.disk_spilled_bytes),
                max(peaks, key=lambda name: peaks[name]) + " " + _gib(max(peaks.values()))
                if peaks
                else "n/a",
                _gib(run.cluster_peak_rss_bytes) if peaks else "n/a",
                f"{run.mismatched_rows:,}",
            ]
        )
    return rows


def _target_rows(report: BenchmarkReport) -> list[list[str]]:
    return [[t.name, t.target, t.measured, _verdict(t)] for t in report.targets]


TARGET_COLUMNS = (
    ("target", "target"),
    ("goal", "goal"),
    ("measured", "measured"),
    ("result", "result"),
)


def _terminal_table(
    title: str, columns: tuple[tuple[str, str | None], ...], rows: list[list[str]]
) -> Table:
    kept = [i for i, (_, header) in enumerate(columns) if header is not None]
    # no vertical rules: two characters per column instead of three
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for i in kept:
        header = columns[i][1] or ""
        numeric = header not in ("step", "build", "node", "target", "goal", "measured", "result")
        table.add_column(header, justify="right" if numeric else "left")
    for row in rows:
        cells = [row[i] for i in kept]
        if columns is TARGET_COLUMNS:
            style = {"pass": "green", "MISS": "red"}.get(cells[-1], "yellow")
            cells[-1] = f"[{style}]{cells[-1]}[/{style}]"
        table.add_row(*cells)
    return table


def rich_tables(report: BenchmarkReport) -> Group:
    largest = report.scales[-1]
    machine = report.machine
    return Group(
        _terminal_table(
            "Wall time; mismatches: rows where reference and mart differ",
            SCALE_COLUMNS,
            [_scale_row(scale) for scale in report.scales],
        ),
        _terminal_table("Ratios", RATIO_COLUMNS, [_scale_row(scale) for scale in report.scales]),
        _terminal_table(
            "Each step as a child process",
            PROCESS_COLUMNS,
            [row for scale in report.scales for row in _process_rows(scale)],
        ),
        _terminal_table(
            "dbt time split (run_results.json; Σ per node overlap when threads > 1)",
            DBT_COLUMNS,
            [row for scale in report.scales for row in _dbt_rows(scale, short=True)],
        ),
        _terminal_table(
            f"Slowest nodes of the full build at {largest.contacts:,} contacts",
            (("node", "node"), ("execute", "execute")),
            _slowest_rows(largest),
        ),
        *(
            [
                _terminal_table(
                    "Spark cluster over Thrift (event log; mismatches: rows unlike DuckDB's)",
                    SPARK_COLUMNS,
                    spark_rows,
                )
            ]
            if (spark_rows := [row for scale in report.scales for row in _spark_rows(scale)])
            else []
        ),
        _terminal_table("Targets", TARGET_COLUMNS, _target_rows(report)),
        Text(
            f"{report.command}\nload average {machine['load_average_1m_at_start']} at start, "
            f"{machine['load_average_1m_at_end']} at end, on {machine['cpus']} CPUs"
        ),
    )


def _markdown_table(
    columns: tuple[tuple[str, str | None], ...], rows: list[list[str]]
) -> list[str]:
    headers = [markdown for markdown, _ in columns]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def to_markdown(report: BenchmarkReport) -> str:
    machine = report.machine
    settings = report.settings
    largest = report.scales[-1]
    lines = [
        "## Performance benchmark",
        "",
        "```sh",
        report.command,
        "```",
        "",
        f"{machine['cpus']} CPUs, {machine['platform']}, DuckDB {machine['duckdb']}, "
        f"dbt-core {machine['dbt_core']}, dbt-duckdb {machine['dbt_duckdb']}; "
        f"threads {settings['threads']}, memory limit {settings['memory_limit']}; "
        f"load average {machine['load_average_1m_at_start']} at start, "
        f"{machine['load_average_1m_at_end']} at end ({report.started_at}).",
        f"Build: `dbt build --select {settings['select']} --exclude test_type:unit "
        "--indirect-selection cautious` on a fresh DuckDB file; daily: one more day of "
        "activities in a new raw file, next score date, same database; backfill: "
        f"{settings['backfill_days']} daily score dates in one build on a fresh DuckDB file "
        f"(up to {settings['backfill_max_contacts']:,} contacts); reference: "
        f"`{settings['reference_sql']}` for every active rule-scored model (up to "
        f"{settings['reference_max_contacts']:,} contacts), its rows compared with "
        "`fct_lead_scores` (mismatches: both score dates).",
        "",
    ]
    lines += _markdown_table(SCALE_COLUMNS, [_scale_row(scale) for scale in report.scales])
    lines += ["", "Each step as a child process (wall, CPU, peak resident memory):", ""]
    lines += _markdown_table(
        PROCESS_COLUMNS, [row for scale in report.scales for row in _process_rows(scale)]
    )
    lines += ["", "dbt time split (per-node sums overlap with more than one thread):", ""]
    lines += _markdown_table(DBT_COLUMNS, [row for s in report.scales for row in _dbt_rows(s)])
    lines += ["", f"Slowest nodes of the full build at {largest.contacts:,} contacts:", ""]
    lines += _markdown_table((("node", None), ("execute", None)), _slowest_rows(largest))
    spark_rows = [row for scale in report.scales for row in _spark_rows(scale)]
    if spark_rows:
        lines += [
            "",
            "The same builds on a local Spark cluster (standalone master, "
            f"{settings['threads']} single-core workers with {settings['spark_executor_memory']} "
            f"executors, Thrift server with a {settings['spark_driver_memory']} driver; "
            "`spark_thrift` target), started for each build: times as above; tasks, "
            "input, shuffle and spill summed from the Spark event log over the build's "
            "tasks; peak resident memory of each cluster process (mismatches: rows of "
            "`fct_lead_scores` unlike DuckDB's, every column):",
            "",
        ]
        lines += _markdown_table(SPARK_COLUMNS, spark_rows)
    lines += [""]
    lines += _markdown_table(TARGET_COLUMNS, _target_rows(report))
    lines.append("")
    return "\n".join(lines)
