"""A local Spark cluster from the pinned pyspark: a standalone master, workers and a
Spark Thrift server submitted to that master, all bound to 127.0.0.1.

pyspark's pip package carries `bin/spark-class`, `bin/spark-submit` and the Hive
Thrift server's jars, so no separate Spark download is needed. Every process is
started in a session of its own and its process id is written to `cluster.json` in
the cluster's directory; `stop` signals exactly those process groups (a worker's
executors are its children), never anything found by name. The warehouse, the Derby
metastore (inside the Thrift server, the one process that opens it), the event logs
and every log file live under that directory."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyspark

from leadscore.spark import hive_jars

HOST = "127.0.0.1"
STATE_FILE = "cluster.json"
THRIFT_SERVER_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"


class ClusterError(Exception):
    """The cluster did not start (or stop) as asked; the message says which process
    and where its log is."""


@dataclass(frozen=True)
class ClusterConfig:
    """Where the cluster keeps its files, and its size. Port 0 picks a free port."""

    directory: Path
    thrift_port: int = 10001
    master_port: int = 0
    workers: int = 2
    worker_cores: int = 1
    worker_memory: str = "3g"
    executor_memory: str = "2g"
    driver_memory: str = "2g"
    shuffle_partitions: int = 4
    start_timeout_seconds: float = 180.0

    @property
    def warehouse_dir(self) -> Path:
        return self.directory / "warehouse"

    @property
    def event_log_dir(self) -> Path:
        return self.directory / "events"

    @property
    def log_dir(self) -> Path:
        return self.directory / "logs"


@dataclass
class ClusterState:
    """What `start` launched: written to <directory>/cluster.json for `stop`."""

    directory: str
    master_url: str
    master_web_port: int
    thrift_port: int
    warehouse_dir: str
    event_log_dir: str
    # name -> process id (each the leader of its own process group)
    pids: dict[str, int] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)


def spark_home() -> Path:
    """The Spark distribution inside the installed pyspark package."""
    return Path(pyspark.__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _environment(config: ClusterConfig) -> dict[str, str]:
    return {
        **os.environ,
        "SPARK_HOME": str(spark_home()),
        "SPARK_LOCAL_IP": HOST,
        "SPARK_LOG_DIR": str(config.log_dir),
        # the JVMs read text times as UTC whatever the machine's TZ (DESIGN.md)
        "TZ": "UTC",
    }


def _launch(name: str, argv: list[str], config: ClusterConfig, state: ClusterState) -> None:
    log = config.log_dir / f"{name}.log"
    with log.open("ab") as handle:
        process = subprocess.Popen(
            argv,
            cwd=config.directory,
            env=_environment(config),
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    state.pids[name] = process.pid
    state.logs[name] = str(log)
    _write_state(config.directory, state)


def _write_state(directory: Path, state: ClusterState) -> None:
    (directory / STATE_FILE).write_text(json.dumps(asdict(state), indent=2), encoding="utf-8")


def read_state(directory: Path) -> ClusterState | None:
    path = directory / STATE_FILE
    if not path.exists():
        return None
    return ClusterState(**json.loads(path.read_text(encoding="utf-8")))


def _reap(pid: int) -> None:
    """Collect the exit status of a child of this process that ended (a zombie still
    counts as running to kill(0))."""
    with suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _is_running(pid: int) -> bool:
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _group_is_running(pid: int) -> bool:
    """Any process left in the group the launched process leads (a worker's executors
    outlive a killed worker otherwise)."""
    _reap(pid)
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _group_members(pgid: int) -> list[int]:
    """Every process of a process group (Linux /proc): a worker's group holds its
    executors too."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # the command name in parentheses may hold spaces: fields follow its ")"
            fields = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            members.append(int(stat.parent.name))
    return sorted(members)


def _peak_rss_bytes(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def peak_memory(state: ClusterState) -> dict[str, int]:
    """Peak resident memory (the kernel's VmHWM, since each process started) of every
    live process of the cluster, by `<name>` or `<name> child <pid>` (an executor is a
    child of its worker). Empty where /proc is missing (not Linux)."""
    peaks = {}
    for name, leader in state.pids.items():
        for pid in _group_members(leader):
            peak = _peak_rss_bytes(pid)
            if peak is not None:
                peaks[name if pid == leader else f"{name} child {pid}"] = peak
    return peaks


def running_processes(state: ClusterState) -> list[str]:
    """The recorded processes with anything left in their process group."""
    return [name for name, pid in state.pids.items() if _group_is_running(pid)]


def _wait_for(
    what: str, ready: Callable[[], bool], state: ClusterState, name: str, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _is_running(state.pids[name]):
            raise ClusterError(f"{what}: the {name} process exited; see {state.logs[name]}")
        if ready():
            return
        time.sleep(1.0)
    raise ClusterError(f"{what}: not ready after {timeout:.0f} s; see {state.logs[name]}")


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((HOST, port)) == 0


def _alive_workers(web_port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{web_port}/json/", timeout=2) as response:
            status = json.load(response)
    except OSError:
        return 0
    return int(status.get("aliveworkers", 0))


def thrift_answers(port: int) -> bool:
    """The Thrift server opens a session and runs a query (a listening port alone is
    not enough: the server binds before its SQL context is ready)."""
    from pyhive import hive

    if not _port_open(port):
        return False
    try:
        connection = hive.connect(host=HOST, port=port, username="leadscore", auth="NONE")
    except Exception:
        return False
    try:
        cursor = connection.cursor()
        cursor.execute("select 1")
        rows: list[tuple[object, ...]] = cursor.fetchall()
        return rows == [(1,)]
    except Exception:
        return False
    finally:
        connection.close()


def _thrift_server_argv(config: ClusterConfig, master_url: str, hive_jar: Path) -> list[str]:
    metastore = config.directory / "metastore"
    utc = "-Duser.timezone=UTC"
    conf = {
        "spark.driver.host": HOST,
        # Hive's FunctionRegistry, reached when a session closes, needs it (hive_jars);
        # the executors get it too, for any Hive class they initialise
        "spark.driver.extraClassPath": str(hive_jar),
        "spark.executor.extraClassPath": str(hive_jar),
        "spark.driver.bindAddress": HOST,
        "spark.driver.memory": config.driver_memory,
        "spark.executor.memory": config.executor_memory,
        "spark.cores.max": str(config.workers * config.worker_cores),
        "spark.sql.shuffle.partitions": str(config.shuffle_partitions),
        "spark.sql.session.timeZone": "UTC",
        # what dbt-spark asks of every connection (it cannot set it over Thrift)
        "spark.sql.ansi.enabled": "false",
        "spark.sql.warehouse.dir": str(config.warehouse_dir),
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={metastore / 'metastore_db'};create=true"
        ),
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={metastore} {utc}",
        "spark.executor.extraJavaOptions": utc,
        "spark.jars.ivy": str(config.directory / "ivy"),
        "spark.ui.enabled": "false",
        # the shuffle and spill figures of every query, for the benchmark; plain JSON
        # lines (Spark 4 compresses with zstd by default, which Python 3.11 cannot read)
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": str(config.event_log_dir),
        "spark.eventLog.compress": "false",
    }
    argv = [
        str(spark_home() / "bin" / "spark-submit"),
        "--master",
        master_url,
        "--name",
        "lead-scoring-thrift-server",
        "--class",
        THRIFT_SERVER_CLASS,
    ]
    for key, value in conf.items():
        argv += ["--conf", f"{key}={value}"]
    # spark-internal: the Thrift server's own primary resource, inside Spark's jars
    return [
        *argv,
        "spark-internal",
        "--hiveconf",
        f"hive.server2.thrift.port={config.thrift_port}",
        "--hiveconf",
        f"hive.server2.thrift.bind.host={HOST}",
    ]


def start(config: ClusterConfig) -> ClusterState:
    """Start master, workers and Thrift server; return once the server answers SQL.
    Whatever started is stopped again when a later step fails."""
    directory = config.directory.resolve()
    config = ClusterConfig(**{**asdict(config), "directory": directory})
    existing = read_state(directory)
    if existing is not None and running_processes(existing):
        raise ClusterError(f"a cluster started from {directory} is still running: stop it first")
    for path in (directory, config.log_dir, config.event_log_dir, config.warehouse_dir):
        path.mkdir(parents=True, exist_ok=True)
    if _port_open(config.thrift_port):
        raise ClusterError(f"port {config.thrift_port} on {HOST} is already in use")
    try:
        hive_jar = hive_jars.install()
    except hive_jars.HiveJarError as err:
        raise ClusterError(f"the Thrift server's {hive_jars.JAR_NAME}: {err}") from err
    master_port = config.master_port or free_port()
    state = ClusterState(
        directory=str(directory),
        master_url=f"spark://{HOST}:{master_port}",
        master_web_port=free_port(),
        thrift_port=config.thrift_port,
        warehouse_dir=str(config.warehouse_dir),
        event_log_dir=str(config.event_log_dir),
    )
    spark_class = str(spark_home() / "bin" / "spark-class")
    timeout = config.start_timeout_seconds
    try:
        _launch(
            "master",
            [
                spark_class,
                "org.apache.spark.deploy.master.Master",
                "--host",
                HOST,
                "--port",
                str(master_port),
                "--webui-port",
                str(state.master_web_port),
            ],
            config,
            state,
        )
        _wait_for("master", lambda: _port_open(master_port), state, "master", timeout)
        for number in range(1, config.workers + 1):
            work_dir = directory / f"worker-{number}"
            work_dir.mkdir(exist_ok=True)
            _launch(
                f"worker-{number}",
                [
                    spark_class,
                    "org.apache.spark.deploy.worker.Worker",
                    "--host",
                    HOST,
                    "--cores",
                    str(config.worker_cores),
                    "--memory",
                    config.worker_memory,
                    "--webui-port",
                    str(free_port()),
                    "--work-dir",
                    str(work_dir),
                    state.master_url,
                ],
                config,
                state,
            )
        _wait_for(
            f"{config.workers} workers registered",
            lambda: _alive_workers(state.master_web_port) >= config.workers,
            state,
            "master",
            timeout,
        )
        _launch(
            "thrift-server", _thrift_server_argv(config, state.master_url, hive_jar), config, state
        )
        _wait_for(
            "Thrift server",
            lambda: thrift_answers(config.thrift_port),
            state,
            "thrift-server",
            timeout,
        )
    except BaseException:
        stop(directory)
        raise
    return state


def _signal_group(pid: int, signum: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pid, signum)


def stop(directory: Path, timeout_seconds: float = 30.0) -> list[str]:
    """Stop the processes `start` recorded in <directory>, the Thrift server first
    (it ends its executors), then the workers, then the master: SIGTERM, and SIGKILL
    for a group still alive after the timeout. Returns the names stopped."""
    state = read_state(directory.resolve())
    if state is None:
        return []
    stopped = []
    for name, pid in reversed(list(state.pids.items())):
        if not _group_is_running(pid):
            continue
        _signal_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_seconds
        while _group_is_running(pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        if _group_is_running(pid):
            _signal_group(pid, signal.SIGKILL)
        stopped.append(name)
    (directory.resolve() / STATE_FILE).unlink(missing_ok=True)
    return stopped


@contextmanager
def running(config: ClusterConfig) -> Iterator[ClusterState]:
    """A cluster for the length of a `with` block: stopped however the block ends."""
    state = start(config)
    try:
        yield state
    finally:
        stop(config.directory)
