"""`leadscore check-raw DIR`: what the warehouse will make of a directory of raw files,
before anyone builds it.

Two steps. First, from the files alone: per table of the sources, the files found and
their format (CSV or Parquet, detected from the names), the required columns present
or missing (var raw_required_columns, as the staging models read it; the tables of var
raw_optional_tables may have no file) and the row count.
Then, when every required table is readable, the project's own staging and audit
models are run by dbt on the files, into a throw-away DuckDB file: the rows that would
be quarantined and the values that would be rejected come from the same SQL a build
uses (audit_quarantined_rows, audit_rejected_values), never from a second copy of the
rules in Python.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import yaml  # type: ignore[import-untyped, unused-ignore]  # PyYAML, as dbt reads the file

from leadscore.project_builds import dbt_env, dbt_executable, failure_summary
from leadscore.project_config import RAW_OPTIONAL_TABLES, RAW_REQUIRED_COLUMNS

FORMATS = ("parquet", "csv")
# The audit models whose ancestors are the staging models: running them runs staging.
AUDIT_MODELS = ("audit_source_reconciliation", "audit_quarantined_rows", "audit_rejected_values")
EXAMPLES = 3


class RawCheckError(Exception):
    """The directory cannot be checked at all (it does not exist, mixed formats)."""


@dataclass
class TableCheck:
    """One raw table: what its files hold, and what staging would do with them."""

    table: str
    required: bool
    files: list[str]
    required_columns: list[str]
    missing_columns: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    rows: int | None = None
    problem: str | None = None
    staged_rows: int | None = None
    quarantined_rows: int | None = None
    # (reason, rows, example record ids)
    quarantined: list[tuple[str, int, list[str]]] = field(default_factory=list)
    # (column, reason, values, example values)
    rejected: list[tuple[str, str, int, list[str]]] = field(default_factory=list)

    @property
    def loadable(self) -> bool:
        """The build can read it (an absent optional table is loadable: it is empty)."""
        if not self.files:
            return not self.required
        return self.problem is None and not self.missing_columns


@dataclass
class RawCheck:
    raw_dir: str
    raw_format: str | None
    tables: list[TableCheck]
    # why staging was not run, or how it failed
    staging_note: str | None = None

    @property
    def loadable(self) -> bool:
        return all(table.loadable for table in self.tables) and self.staging_note is None

    @property
    def has_rejections(self) -> bool:
        return any(table.quarantined or table.rejected for table in self.tables)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["loadable"] = self.loadable
        return data


def source_tables(project_dir: Path) -> list[str]:
    """Every raw table the sources declare (models/staging/*/_*__sources.yml)."""
    tables: list[str] = []
    for path in sorted((project_dir / "models" / "staging").glob("*/_*__sources.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in spec.get("sources", []):
            tables.extend(str(table["name"]) for table in source.get("tables", []))
    return tables


def detect_format(raw_dir: Path, tables: list[str]) -> str | None:
    """The one format the directory's raw files are in; None when there are none."""
    found = {
        file_format
        for file_format in FORMATS
        for table in tables
        if any(raw_dir.glob(f"{table}*.{file_format}"))
    }
    if len(found) > 1:
        raise RawCheckError(
            f"{raw_dir} holds both CSV and Parquet raw files; a build reads one format "
            "(LEAD_SCORING_RAW_FORMAT): keep the files of one"
        )
    return found.pop() if found else None


def _read_files(files: list[Path], file_format: str) -> str:
    reader = "read_csv" if file_format == "csv" else "read_parquet"
    options = ", all_varchar = true, header = true" if file_format == "csv" else ""
    literals = ", ".join("'" + str(path).replace("'", "''") + "'" for path in files)
    return f"{reader}([{literals}], union_by_name = true{options})"


def inspect_files(raw_dir: Path, project_dir: Path) -> RawCheck:
    """Step one: files, columns and rows of every table, from the files alone."""
    if not raw_dir.is_dir():
        raise RawCheckError(f"{raw_dir} is not a directory")
    tables = source_tables(project_dir)
    file_format = detect_format(raw_dir, tables)
    checks: list[TableCheck] = []
    with duckdb.connect() as con:
        for table in tables:
            required = list(RAW_REQUIRED_COLUMNS.get(table, ()))
            files = sorted(raw_dir.glob(f"{table}*.{file_format}")) if file_format else []
            # an optional table (raw_optional_tables) may have no file; when it has one,
            # its raw_required_columns are required like any other table's
            is_required = table not in RAW_OPTIONAL_TABLES
            check = TableCheck(table, is_required, [path.name for path in files], required)
            checks.append(check)
            if not files:
                if check.required:
                    check.problem = f"no file {table}*.parquet or {table}*.csv"
                continue
            assert file_format is not None
            relation = _read_files(files, file_format)
            try:
                described = con.execute(f"describe select * from {relation}").fetchall()
                columns = [str(row[0]).lower() for row in described]
                counted = con.execute(f"select count(*) from {relation}").fetchone()
            except duckdb.Error as err:
                check.problem = f"unreadable: {str(err).splitlines()[0]}"
                continue
            check.rows = int(counted[0]) if counted else 0
            check.missing_columns = [column for column in required if column not in columns]
            check.extra_columns = [column for column in columns if column not in required]
    return RawCheck(str(raw_dir), file_format, checks)


def run_staging(
    check: RawCheck, raw_dir: Path, project_dir: Path, work_dir: Path
) -> subprocess.CompletedProcess[str]:
    """Step two: dbt runs the audit models and their ancestors on the raw files."""
    database = work_dir / "check_raw.duckdb"
    env = dbt_env(
        raw_dir, database, work_dir, {"LEAD_SCORING_RAW_FORMAT": check.raw_format or "parquet"}
    )
    command = [
        dbt_executable(),
        "--no-use-colors",
        "run",
        "--select",
        *(f"+{model}" for model in AUDIT_MODELS),
        "--exclude",
        "resource_type:seed",
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
    return subprocess.run(
        command, cwd=project_dir, env=env, capture_output=True, text=True, check=False
    )


def read_audit(check: RawCheck, database: Path) -> None:
    """What the audit models found, per table."""
    by_table = {table.table: table for table in check.tables}
    with duckdb.connect(str(database), read_only=True) as con:
        for table, staged, quarantined in con.sql(
            "select source_table, staged_rows, quarantined_rows from audit_source_reconciliation"
        ).fetchall():
            if table in by_table:
                by_table[table].staged_rows = int(staged)
                by_table[table].quarantined_rows = int(quarantined)
        for table, reason, rows, examples in con.sql(
            f"""
            select
                source_table,
                quarantine_reason,
                count(*),
                list(record_id order by record_id nulls last)[1:{EXAMPLES}]
            from audit_quarantined_rows
            group by source_table, quarantine_reason
            order by source_table, count(*) desc, quarantine_reason
            """
        ).fetchall():
            if table in by_table:
                shown = [str(example) for example in examples if example is not None]
                by_table[table].quarantined.append((str(reason), int(rows), shown))
        for table, column, reason, values, examples in con.sql(
            f"""
            select
                source_table,
                column_name,
                rejection_reason,
                count(*),
                list(distinct rejected_value order by rejected_value)[1:{EXAMPLES}]
            from audit_rejected_values
            group by source_table, column_name, rejection_reason
            order by source_table, column_name, count(*) desc, rejection_reason
            """
        ).fetchall():
            if table in by_table:
                shown = [str(example) for example in examples]
                by_table[table].rejected.append((str(column), str(reason), int(values), shown))


def check_raw(
    raw_dir: Path,
    project_dir: Path,
    progress: Callable[[str], None] | None = None,
) -> RawCheck:
    """Both steps; staging runs only when every table can be read."""
    report = progress or (lambda _: None)
    report("reading the raw files")
    check = inspect_files(raw_dir, project_dir)
    if not all(table.loadable for table in check.tables):
        check.staging_note = (
            "staging not run: fix the missing files and columns above first, then run "
            "check-raw again to see the rows and values staging would reject"
        )
        return check
    report("running the staging and audit models (dbt)")
    with tempfile.TemporaryDirectory(prefix="leadscore-check-raw-") as work:
        result = run_staging(check, raw_dir, project_dir, Path(work))
        if result.returncode != 0:
            check.staging_note = "dbt could not stage the files:\n" + failure_summary(
                result.stdout + result.stderr
            )
            return check
        read_audit(check, Path(work) / "check_raw.duckdb")
    return check
