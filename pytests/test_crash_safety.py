"""A build killed mid-way (SIGKILL while the marts are being built) leaves every
BI-facing table either as the previous complete version or as the new one, never
partial, and the next build completes normally.

Why it holds: dbt-duckdb builds each table model inside one transaction (create the
new table under a temporary name, rename the old one away, rename the new one in,
COMMIT); DuckDB's write-ahead log makes the commit atomic, and a process killed before
it leaves the transaction uncommitted, rolled back when the file is next opened."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from _warehouse import DBT, PROJECT_DIR, Build, copy_project, output
from leadscore.demo.generate import GenerateConfig, generate

MARTS = (
    "fct_lead_scores",
    "fct_lead_score_contributions",
    "fct_lead_score_history",
    "fct_account_scores",
    "fct_mql_transitions",
    "rpt_leads_to_route",
)

pytestmark = pytest.mark.crash
VARS = "{score_date: '2026-10-31'}"
Snapshot = dict[str, list[tuple[object, ...]]]


@dataclass(frozen=True)
class Versions:
    raw_dir: Path
    changed_project: Path
    database: Path
    previous: Snapshot
    new: Snapshot


def _snapshot(database: Path) -> Snapshot:
    # not read-only: opening replays (and discards the unfinished part of) the WAL
    with duckdb.connect(str(database)) as con:
        return {
            mart: con.execute(f"select * from {mart} order by all").fetchall() for mart in MARTS
        }


def _raise_demo_request_points(project: Path) -> None:
    path = project / "seeds" / "scoring" / "engagement_rules.csv"
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["rule_id"] == "eng_demo_request":
            row["points"] = "45"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _start_build(build: Build) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(build.project_dir),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "LEAD_SCORING_RAW_DIR": str(build.raw_dir),
        "LEAD_SCORING_DUCKDB_PATH": str(build.database),
        "LEAD_SCORING_DUCKDB_TEMP_DIR": str(build.target_dir / "duckdb_tmp"),
    }
    return subprocess.Popen(
        [
            str(DBT),
            "build",
            "--exclude",
            "test_type:unit",
            "--vars",
            VARS,
            "--project-dir",
            str(build.project_dir),
            "--target-path",
            str(build.target_dir),
            "--log-path",
            str(build.target_dir / "logs"),
        ],
        cwd=build.project_dir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    """Raw data, the previous version (a complete build of the project as it is) and
    the new one (a complete build, elsewhere, of a copy with a changed weight)."""
    root = tmp_path_factory.mktemp("crash")
    raw = root / "raw"
    generate(GenerateConfig(out_dir=raw, contacts=150, days=90, as_of=date(2026, 10, 31), seed=9))
    changed = copy_project(root / "changed")
    _raise_demo_request_points(changed)
    previous_build = Build(PROJECT_DIR, raw, root / "previous.duckdb", root / "target_a")
    result = previous_build.dbt("build", "--exclude", "test_type:unit", "--vars", VARS)
    assert result.returncode == 0, output(result)
    reference = Build(changed, raw, root / "reference.duckdb", root / "target_b")
    result = reference.dbt("build", "--exclude", "test_type:unit", "--vars", VARS)
    assert result.returncode == 0, output(result)
    previous, new = _snapshot(previous_build.database), _snapshot(reference.database)
    assert previous["fct_lead_scores"] != new["fct_lead_scores"], "the change must show"
    return Versions(raw, changed, previous_build.database, previous, new)


@pytest.mark.parametrize("kill_at", ["fct_lead_scores", "rpt_leads_to_route"])
def test_killed_build_leaves_previous_or_new_marts_and_recovers(
    tmp_path: Path, versions: Versions, kill_at: str
) -> None:
    victim = tmp_path / "victim.duckdb"
    shutil.copy2(versions.database, victim)
    killed = Build(versions.changed_project, versions.raw_dir, victim, tmp_path / "target")

    # the changed build on a copy of the previous version, killed when it starts `kill_at`
    process = _start_build(killed)
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if "START sql" in line and f"main.{kill_at} " in line:
            os.killpg(process.pid, signal.SIGKILL)
            break
    process.wait()
    assert process.returncode == -signal.SIGKILL, "".join(seen)

    after_crash = _snapshot(victim)
    for mart in MARTS:
        assert after_crash[mart] in (versions.previous[mart], versions.new[mart]), (
            f"{mart} is partial"
        )

    # the next build completes and gives exactly the new version
    result = killed.dbt("build", "--exclude", "test_type:unit", "--vars", VARS)
    assert result.returncode == 0, output(result)
    assert _snapshot(victim) == versions.new
