"""Copies of the dbt project built by dbt in a subprocess (score-diff, evaluate): pick the
base commit, lay out two copies of the project that differ only in seeds/, and build
each into its own DuckDB file.

dbt runs as a subprocess (as pytests/_warehouse.py does): DuckDB allows one writer per
file, and dbt keeps its connection open when embedded. Every path dbt writes to (the
database, --target-path, --log-path, DuckDB's temp directory) is inside the work
directory, so the user's dev database and target/ are never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import yaml  # type: ignore[import-untyped, unused-ignore]  # PyYAML, as dbt reads the file

# What dbt needs of the project; everything else (target/, data, .venv) stays behind.
PROJECT_FILES = (
    "dbt_project.yml",
    "profiles.yml",
    "packages.yml",
    "dependencies.yml",
    "selectors.yml",
)
# dbt's defaults for the directories dbt_project.yml may set (`<kind>-paths`).
DEFAULT_PATHS = {
    "model-paths": ["models"],
    "seed-paths": ["seeds"],
    "test-paths": ["tests"],
    "analysis-paths": ["analyses"],
    "macro-paths": ["macros"],
    "snapshot-paths": ["snapshots"],
    "function-paths": ["functions"],
}
# Branches the default base is the merge-base with, first found wins.
MAIN_BRANCHES = ("main", "origin/main", "master", "origin/master")
LOG_TAIL_LINES = 30
# What the comparison reads, and everything those marts are built from. Evaluation
# reports, audits and dimensions are left out: they cost build time and change nothing
# in the diff. `buildable` tests are those whose every parent is built: the seed
# validation tests (so a bad seed still fails with dbt's message) and the scoring
# invariants, never a test of a model that is not built.
SELECTION = (
    "+fct_lead_scores",
    "+fct_lead_score_contributions",
    "+fct_account_scores",
    "+rpt_leads_to_route",
)
_TIMESTAMP = re.compile(r"^\d\d:\d\d:\d\d(\.\d+)?\s+")


class ScoreDiffError(Exception):
    """A problem the user can act on (unknown ref, failed build, no raw data)."""


@dataclass(frozen=True)
class BaseRef:
    commit: str
    description: str


@dataclass(frozen=True)
class Side:
    """One of the two builds: its own project copy, database and target directory."""

    name: str  # "base" or "head"
    label: str  # for progress messages
    project_dir: Path
    seed_paths: tuple[str, ...]

    @property
    def database(self) -> Path:
        return self.project_dir.parent / "warehouse.duckdb"

    @property
    def target_dir(self) -> Path:
        return self.project_dir.parent / "target"


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ScoreDiffError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def _commit_of(repo: Path, ref: str) -> str | None:
    result = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def resolve_base(project_dir: Path, base: str | None) -> BaseRef:
    """The commit whose seeds are the "before" side.

    Given a ref, that ref. Otherwise the merge-base of HEAD with the first of main,
    origin/main, master, origin/master that exists: what a pull request would be
    compared with, also when main moved on since the branch started. With none of
    them, HEAD: the diff is then the working tree's uncommitted seed edits."""
    if base is not None:
        commit = _commit_of(project_dir, base)
        if commit is None:
            raise ScoreDiffError(f"--base {base!r} is not a commit in {project_dir}")
        return BaseRef(commit, base)
    for branch in MAIN_BRANCHES:
        if _commit_of(project_dir, branch) is not None:
            commit = git(project_dir, "merge-base", "HEAD", branch)
            return BaseRef(commit, f"merge-base of HEAD and {branch}")
    commit = _commit_of(project_dir, "HEAD")
    if commit is None:
        raise ScoreDiffError(f"{project_dir} has no commit to compare with")
    return BaseRef(commit, "HEAD (no main or master branch)")


def project_paths(project_dir: Path) -> dict[str, list[str]]:
    """The project's directories by kind, as dbt_project.yml sets them (dbt's defaults
    otherwise), so the copies hold every file dbt reads (docs blocks included)."""
    path = project_dir / "dbt_project.yml"
    if not path.is_file():
        raise ScoreDiffError(f"{project_dir} is not a dbt project (no dbt_project.yml)")
    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    paths = dict(DEFAULT_PATHS)
    for key, value in config.items():
        if isinstance(key, str) and key.endswith("-paths") and isinstance(value, list):
            paths[key] = [str(item) for item in value]
    return paths


def prepare_projects(project_dir: Path, base_commit: str, work_dir: Path) -> list[Side]:
    """Two copies of the working tree's project under work_dir; the base copy's seed
    directories replaced by the base commit's. Returns [base, head]."""
    paths = project_paths(project_dir)
    seed_paths = tuple(paths["seed-paths"])
    directories = sorted({name for names in paths.values() for name in names})
    sides = [
        Side("base", f"base ({base_commit[:12]})", work_dir / "base" / "project", seed_paths),
        Side("head", "working tree", work_dir / "head" / "project", seed_paths),
    ]
    for side in sides:
        if side.project_dir.parent.exists():
            raise ScoreDiffError(f"{side.project_dir.parent} exists: use an empty --work-dir")
        copy_project(project_dir, side.project_dir, directories)
    for seed_path in seed_paths:
        shutil.rmtree(sides[0].project_dir / seed_path, ignore_errors=True)
        _export_seeds(project_dir, base_commit, seed_path, sides[0].project_dir / seed_path)
    return sides


def copy_project(source: Path, destination: Path, directories: list[str]) -> None:
    destination.mkdir(parents=True)
    for name in PROJECT_FILES:
        if (source / name).is_file():
            shutil.copy2(source / name, destination / name)
    for name in directories:
        if (source / name).is_dir():
            shutil.copytree(
                source / name, destination / name, ignore=shutil.ignore_patterns("__pycache__")
            )


def _export_seeds(project_dir: Path, commit: str, seed_path: str, destination: Path) -> None:
    """Write the commit's files under seed_path (every file, as committed) to destination."""
    prefix = git(project_dir, "rev-parse", "--show-prefix")
    seeds_path = f"{prefix}{seed_path.rstrip('/')}/"
    listing = git(project_dir, "ls-tree", "-r", "-z", "--name-only", commit, "--", seeds_path)
    paths = [path for path in listing.split("\0") if path]
    if not paths:
        raise ScoreDiffError(f"commit {commit[:12]} has no {seeds_path} directory")
    root = git(project_dir, "rev-parse", "--show-toplevel")
    for path in paths:
        blob = subprocess.run(
            ["git", "-C", root, "cat-file", "blob", f"{commit}:{path}"],
            capture_output=True,
            check=True,
        ).stdout
        target = destination / path[len(seeds_path) :]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)


def latest_activity_date(raw_dir: Path, file_format: str = "parquet") -> date:
    """The default score date: the (UTC) date of the latest raw activity, so that the
    diff is the same whenever it runs, and a demo data set is scored at its end."""
    files = sorted(raw_dir.glob(f"activities*.{file_format}"))
    if not files:
        raise ScoreDiffError(
            f"no raw activities (activities*.{file_format}) in {raw_dir}: "
            "generate data or pass --raw-dir"
        )
    reader = "read_csv" if file_format == "csv" else "read_parquet"
    options = ", all_varchar = true" if file_format == "csv" else ""
    with duckdb.connect() as con:
        row = con.execute(
            f"select max(try_cast(occurred_at as timestamp))::date "
            f"from {reader}(?, union_by_name = true{options})",
            [[str(path) for path in files]],
        ).fetchone()
    if row is None or row[0] is None:
        raise ScoreDiffError(f"no activity with a timestamp in {raw_dir}: pass --score-date")
    found: date = row[0]
    return found


def dbt_executable() -> str:
    """The dbt of this Python environment, else the one on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    if beside.is_file():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise ScoreDiffError("dbt is not installed in this environment")
    return found


def dbt_env(
    raw_dir: Path, database: Path, work_dir: Path, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment of a dbt subprocess building raw_dir into its own DuckDB file,
    with DuckDB's spill files under work_dir (never the user's dev database)."""
    return {
        **os.environ,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "LEAD_SCORING_TARGET": "duckdb",
        "LEAD_SCORING_RAW_DIR": str(raw_dir.resolve()),
        "LEAD_SCORING_DUCKDB_PATH": str(database),
        "LEAD_SCORING_DUCKDB_TEMP_DIR": str(work_dir / "duckdb_tmp"),
        **(extra or {}),
    }


def build_warehouse(
    side: Side, raw_dir: Path, score_date: date, *, lookback_days: int, threads: int
) -> float:
    """`dbt build` of the compared marts and their ancestors on one side (unit tests
    excluded: they test the models, which are the same on both sides); returns the
    seconds it took. Seed validation and data tests do run, so a bad seed fails here
    with dbt's message naming the row."""
    env = dbt_env(raw_dir, side.database, side.target_dir, {"LEAD_SCORING_THREADS": str(threads)})
    variables = (
        f"{{score_date: '{score_date.isoformat()}', history_lookback_days: {lookback_days}}}"
    )
    command = [
        dbt_executable(),
        "--no-use-colors",
        "build",
        "--select",
        *SELECTION,
        "--indirect-selection",
        "buildable",
        "--exclude",
        "test_type:unit",
        "--vars",
        variables,
        "--project-dir",
        str(side.project_dir),
        "--profiles-dir",
        str(side.project_dir),
        "--target-path",
        str(side.target_dir),
        "--log-path",
        str(side.target_dir / "logs"),
    ]
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=side.project_dir, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ScoreDiffError(
            f"dbt build with the {side.label} seeds failed (exit {result.returncode}); "
            f"log in {side.target_dir / 'logs'}:\n{failure_summary(result.stdout + result.stderr)}"
        )
    return round(time.perf_counter() - started, 1)


def failure_summary(output: str) -> str:
    """dbt's own summary of what failed (from "Completed with ..." on), without
    timestamps and compiled-code paths; the last lines when there is no summary (a
    compilation error stops dbt before it runs anything)."""
    lines = [_TIMESTAMP.sub("", line) for line in output.splitlines()]
    start = next((i for i, line in enumerate(lines) if line.startswith("Completed with")), None)
    picked = lines[start:] if start is not None else lines[-LOG_TAIL_LINES:]
    return "\n".join(line for line in picked if line.strip() and "compiled code at" not in line)
