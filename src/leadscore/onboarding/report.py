"""check-raw's report for a terminal: one table of the raw tables, then what staging
would quarantine and reject."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from leadscore.onboarding.raw_check import RawCheck


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def rich_report(check: RawCheck) -> list[RenderableType]:
    tables = Table(
        title=f"Raw files in {check.raw_dir} ({check.raw_format or 'none found'})",
        title_justify="left",
    )
    counts = ("rows", "staged", "quarantined")
    for column in ("table", "files", "rows", "missing columns", "extra columns", *counts[1:]):
        tables.add_column(column, justify="right" if column in counts else "left")
    for table in check.tables:
        name = table.table if table.required else f"{table.table} (optional)"
        files = ", ".join(table.files) or ("-" if not table.required else "")
        missing = ", ".join(table.missing_columns) or (table.problem or "")
        tables.add_row(
            name,
            files,
            _count(table.rows),
            Text(missing, style="red") if missing else "",
            ", ".join(table.extra_columns),
            _count(table.staged_rows),
            _count(table.quarantined_rows),
        )
    out: list[RenderableType] = [tables]
    rejected = Table(title="What staging would reject", title_justify="left")
    for column in ("table", "kind", "column", "reason", "count", "examples"):
        rejected.add_column(column, justify="right" if column == "count" else "left")
    for table in check.tables:
        for reason, rows, examples in table.quarantined:
            shown = ", ".join(examples)
            rejected.add_row(table.table, "row quarantined", "", reason, f"{rows:,}", shown)
        for column, reason, values, examples in table.rejected:
            shown = ", ".join(examples)
            kind = "value staged as null"
            rejected.add_row(table.table, kind, column, reason, f"{values:,}", shown)
    if rejected.row_count:
        out.append(rejected)
    elif check.staging_note is None:
        out.append(Text("Staging would keep every row and every value.", style="green"))
    if check.staging_note is not None:
        out.append(Text(check.staging_note, style="red"))
    return out
