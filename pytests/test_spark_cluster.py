"""The local Spark cluster's process handling (leadscore.spark.cluster), without
starting Spark: stop signals exactly the process groups start recorded, a busy port or
a cluster still running is refused before anything starts. test_spark_thrift.py
starts the real cluster and builds on it."""

from __future__ import annotations

import json
import socket
import subprocess
from dataclasses import asdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leadscore.cli import app
from leadscore.spark.cluster import (
    HOST,
    STATE_FILE,
    ClusterConfig,
    ClusterError,
    ClusterState,
    read_state,
    running_processes,
    start,
    stop,
)


def _record(directory: Path, pids: dict[str, int]) -> ClusterState:
    state = ClusterState(
        directory=str(directory),
        master_url="spark://127.0.0.1:1",
        master_web_port=1,
        thrift_port=1,
        warehouse_dir=str(directory / "warehouse"),
        event_log_dir=str(directory / "events"),
        pids=pids,
    )
    (directory / STATE_FILE).write_text(json.dumps(asdict(state)))
    return state


def _session(*argv: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(argv, start_new_session=True)


def test_stop_ends_the_recorded_process_groups_and_their_children(tmp_path: Path) -> None:
    # a "worker" whose child (an "executor") is in its process group
    worker = _session("sh", "-c", "sleep 600 & wait")
    master = _session("sleep", "600")
    bystander = subprocess.Popen(["sleep", "600"], start_new_session=True)
    try:
        state = _record(tmp_path, {"master": master.pid, "worker-1": worker.pid})
        assert running_processes(state) == ["master", "worker-1"]
        # the last started is stopped first
        assert stop(tmp_path, timeout_seconds=10) == ["worker-1", "master"]
        assert running_processes(state) == []
        assert read_state(tmp_path) is None
        # a process it did not start is left alone
        assert bystander.poll() is None
    finally:
        bystander.kill()
        bystander.wait()


def test_stop_without_a_cluster_stops_nothing(tmp_path: Path) -> None:
    assert stop(tmp_path) == []
    result = CliRunner().invoke(app, ["spark-cluster", "down", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "no Spark cluster running" in result.output


def test_start_refuses_a_busy_thrift_port_before_starting_anything(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ClusterError, match=f"port {port} on {HOST} is already in use"):
            start(ClusterConfig(directory=tmp_path, thrift_port=port))
        result = CliRunner().invoke(
            app,
            ["spark-cluster", "up", "--dir", str(tmp_path), "--thrift-port", str(port)],
        )
    assert result.exit_code == 1
    assert "already in use" in result.output
    assert read_state(tmp_path) is None


def test_start_refuses_while_a_recorded_cluster_runs(tmp_path: Path) -> None:
    master = _session("sleep", "600")
    try:
        state = _record(tmp_path, {"master": master.pid})
        with pytest.raises(ClusterError, match="still running: stop it first"):
            start(ClusterConfig(directory=tmp_path, thrift_port=1))
        # refused without touching it
        assert running_processes(state) == ["master"]
    finally:
        stop(tmp_path, timeout_seconds=10)
    assert running_processes(state) == []
