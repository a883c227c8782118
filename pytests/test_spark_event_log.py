"""Task totals from a Spark event log (leadscore.spark.event_log) on hand-written
events in Spark's own layout: a rolled log of two parts, tasks inside and outside the
build's window, a failed attempt, and the cut-off last line of a log still written.
The real cluster's log is read in test_spark_thrift.py."""

from __future__ import annotations

import json
from pathlib import Path

from leadscore.spark.event_log import TaskTotals, event_files, task_totals

WINDOW = (1_000_000, 2_000_000)


def _task_end(
    *,
    stage: int,
    launched: int,
    run_ms: int = 0,
    input_bytes: int = 0,
    remote_read: int = 0,
    local_read: int = 0,
    written: int = 0,
    memory_spill: int = 0,
    disk_spill: int = 0,
    peak: int = 0,
    failed: bool = False,
) -> dict[str, object]:
    return {
        "Event": "SparkListenerTaskEnd",
        "Stage ID": stage,
        "Stage Attempt ID": 0,
        "Task Type": "ShuffleMapTask",
        "Task End Reason": {"Reason": "ExceptionFailure" if failed else "Success"},
        "Task Info": {
            "Task ID": launched,
            "Launch Time": launched,
            "Finish Time": launched + run_ms,
            "Failed": failed,
        },
        "Task Metrics": {
            "Executor Run Time": run_ms,
            "Peak Execution Memory": peak,
            "Memory Bytes Spilled": memory_spill,
            "Disk Bytes Spilled": disk_spill,
            "Shuffle Read Metrics": {
                "Remote Bytes Read": remote_read,
                "Local Bytes Read": local_read,
            },
            "Shuffle Write Metrics": {"Shuffle Bytes Written": written},
            "Input Metrics": {"Bytes Read": input_bytes},
        },
    }


def _write(path: Path, events: list[dict[str, object]], tail: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(e) + "\n" for e in events) + tail, encoding="utf-8")


def test_tasks_of_the_window_are_summed_across_rolled_parts(tmp_path: Path) -> None:
    app = tmp_path / "eventlog_v2_app-1"
    _write(
        app / "events_1_app-1",
        [
            {"Event": "SparkListenerApplicationStart", "Timestamp": 999_000},
            # before the build: not counted
            _task_end(stage=0, launched=999_999, run_ms=5_000, input_bytes=10**9, written=10**9),
            _task_end(stage=1, launched=1_000_000, run_ms=1_500, input_bytes=100, written=40),
            {"Event": "SparkListenerStageCompleted", "Stage Info": {"Stage ID": 1}},
        ],
    )
    _write(
        app / "events_2_app-1",
        [
            _task_end(
                stage=2,
                launched=1_500_000,
                run_ms=2_500,
                remote_read=30,
                local_read=10,
                memory_spill=700,
                disk_spill=70,
                peak=512,
            ),
            _task_end(stage=2, launched=1_600_000, run_ms=250, peak=2048, failed=True),
            # after the build: not counted
            _task_end(stage=3, launched=2_000_001, run_ms=9_000, disk_spill=10**9),
        ],
        # a log still being written ends in a partial line
        tail='{"Event": "SparkListenerTaskEnd", "Task Info": {"Launch',
    )
    (app / "appstatus_app-1.inprogress").write_text("", encoding="utf-8")

    assert [path.name for path in event_files(tmp_path)] == ["events_1_app-1", "events_2_app-1"]
    assert task_totals(tmp_path, *WINDOW) == TaskTotals(
        tasks=3,
        failed_tasks=1,
        stages=2,
        executor_run_seconds=4.25,
        input_bytes=100,
        shuffle_read_bytes=40,
        shuffle_write_bytes=40,
        memory_spilled_bytes=700,
        disk_spilled_bytes=70,
        peak_execution_memory_bytes=2048,
    )


def test_an_empty_window_or_directory_has_no_tasks(tmp_path: Path) -> None:
    assert task_totals(tmp_path, *WINDOW) == TaskTotals()
    _write(tmp_path / "app-2", [_task_end(stage=0, launched=5, run_ms=1)])
    assert task_totals(tmp_path, *WINDOW) == TaskTotals()
