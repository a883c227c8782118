"""What a Spark application's event log says its tasks did: shuffle, spill, input.

Spark writes one JSON object per line for every listener event (`spark.eventLog.*`);
each finished task is a `SparkListenerTaskEnd` with its `Task Metrics`, the same
figures the Spark UI's stage pages total. The cluster started by `leadscore
spark-cluster up` writes them uncompressed under its `events/` directory (rolling
files `eventlog_v2_<app>/events_<n>_<app>`, or one file per application), so this
reads them with nothing but the standard library. Tasks are attributed to a window
of wall-clock time by their launch time: a build is the window of its dbt process,
and the Thrift server runs one application for every client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TASK_END = "SparkListenerTaskEnd"


@dataclass(frozen=True)
class TaskTotals:
    """Sums over the finished tasks (failed attempts included: their work was done)."""

    tasks: int = 0
    failed_tasks: int = 0
    stages: int = 0
    executor_run_seconds: float = 0.0
    input_bytes: int = 0
    shuffle_read_bytes: int = 0
    shuffle_write_bytes: int = 0
    memory_spilled_bytes: int = 0
    """Deserialised size in memory of what was spilled (Spark's "Spill (Memory)")."""
    disk_spilled_bytes: int = 0
    """Serialised size on disk of the same spills (Spark's "Spill (Disk)")."""
    peak_execution_memory_bytes: int = 0
    """Largest peak execution memory of a single task."""


def event_files(event_log_dir: Path) -> list[Path]:
    """Every event log file under the directory, rolled parts in their order."""
    return sorted(
        path
        for path in event_log_dir.rglob("*")
        if path.is_file() and not path.name.startswith((".", "appstatus_"))
    )


def _events(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            # the last line of a log still being written may be cut short
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(event, dict):
                yield event


def _number(mapping: object, *keys: str) -> int:
    value: object = mapping
    for key in keys:
        if not isinstance(value, dict):
            return 0
        value = value.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def task_totals(event_log_dir: Path, since_ms: int, until_ms: int) -> TaskTotals:
    """The totals of the tasks launched in [since_ms, until_ms] (epoch milliseconds)."""
    tasks = failed = run_ms = input_bytes = read = written = memory = disk = peak = 0
    stages: set[tuple[int, int]] = set()
    for path in event_files(event_log_dir):
        for event in _events(path):
            if event.get("Event") != TASK_END:
                continue
            info = event.get("Task Info")
            launched = _number(info, "Launch Time")
            if not since_ms <= launched <= until_ms:
                continue
            metrics = event.get("Task Metrics")
            tasks += 1
            failed += bool(isinstance(info, dict) and info.get("Failed"))
            stages.add((_number(event, "Stage ID"), _number(event, "Stage Attempt ID")))
            run_ms += _number(metrics, "Executor Run Time")
            input_bytes += _number(metrics, "Input Metrics", "Bytes Read")
            read += _number(metrics, "Shuffle Read Metrics", "Remote Bytes Read")
            read += _number(metrics, "Shuffle Read Metrics", "Local Bytes Read")
            written += _number(metrics, "Shuffle Write Metrics", "Shuffle Bytes Written")
            memory += _number(metrics, "Memory Bytes Spilled")
            disk += _number(metrics, "Disk Bytes Spilled")
            peak = max(peak, _number(metrics, "Peak Execution Memory"))
    return TaskTotals(
        tasks=tasks,
        failed_tasks=failed,
        stages=len(stages),
        executor_run_seconds=run_ms / 1000,
        input_bytes=input_bytes,
        shuffle_read_bytes=read,
        shuffle_write_bytes=written,
        memory_spilled_bytes=memory,
        disk_spilled_bytes=disk,
        peak_execution_memory_bytes=peak,
    )
