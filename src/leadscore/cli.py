"""`leadscore` command line: tooling around the lead-scoring warehouse."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from leadscore.generate import (
    MAX_COMPANIES,
    MAX_CONTACTS,
    MAX_DAYS,
    MIN_DAYS,
    GenerateConfig,
    GenerateResult,
    OutputFormat,
    generate,
)
from leadscore.summary import summarise

app = typer.Typer(
    help="Tooling for the open lead-scoring warehouse.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()

DEFAULT_AS_OF = datetime(2026, 10, 31)


@app.callback()
def main() -> None:
    """Tooling for the open lead-scoring warehouse."""


@app.command("generate")
def generate_command(
    out: Annotated[Path, typer.Option(help="Output directory.")] = Path("data/demo"),
    contacts: Annotated[
        int, typer.Option(min=1, max=MAX_CONTACTS, help="Number of contacts.")
    ] = 2000,
    companies: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=MAX_COMPANIES,
            help="Number of companies.",
            show_default="max(1, contacts // 5)",
        ),
    ] = None,
    days: Annotated[
        int, typer.Option(min=MIN_DAYS, max=MAX_DAYS, help="Days of activity history.")
    ] = 365,
    as_of: Annotated[
        datetime,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="Last day of data (inclusive), YYYY-MM-DD.",
            show_default=DEFAULT_AS_OF.date().isoformat(),
        ),
    ] = DEFAULT_AS_OF,
    seed: Annotated[int, typer.Option(min=0, help="Random seed.")] = 42,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", help="File format of the four raw tables."),
    ] = OutputFormat.parquet,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean",
            help="No injected messiness (duplicates, messy codes/emails, deleted contacts).",
        ),
    ] = False,
) -> None:
    """Write deterministic demo data: companies, contacts, activities, deals, ground truth.

    Raw tables in the format not requested are removed so a directory never mixes runs.
    """
    config = GenerateConfig(
        out_dir=out,
        contacts=contacts,
        companies=companies,
        days=days,
        as_of=as_of.date(),
        seed=seed,
        output_format=output_format,
        clean=clean,
    )
    try:
        config.validate()
    except ValueError as err:
        raise typer.BadParameter(str(err)) from err
    with console.status("Generating...") as status:

        def progress(done: int, total: int) -> None:
            status.update(f"Generating... chunk {done}/{total}")

        result = generate(config, progress)
    _print_summary(config, result)


def _print_summary(config: GenerateConfig, result: GenerateResult) -> None:
    table = Table(title=f"Demo data in {result.out_dir}", title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in result.rows.items():
        table.add_row(name, f"{rows:,}")
    console.print(table)
    mode = "clean" if config.clean else "messy"
    console.print(
        f"seed {config.seed}, as-of {config.as_of}, {config.days} days, {mode}, "
        f"{config.output_format.value}: {len(result.files)} files in {result.seconds:.1f}s"
    )
    for path in result.removed:
        console.print(f"removed stale {path}")


@app.command("summary")
def summary_command(
    database: Annotated[Path, typer.Option(help="The built DuckDB warehouse.")] = Path(
        "lead_scoring.duckdb"
    ),
) -> None:
    """Print leads per grade and MQLs per model from a built warehouse."""
    try:
        result = summarise(database)
    except FileNotFoundError as err:
        console.print(f"[red]{err}[/red]")
        raise typer.Exit(code=1) from err
    models = Table(title=f"Lead scores as of {result.score_date}", title_justify="left")
    for column in ("model", "leads", "MQLs", "MQL rate", "disqualified", "average score"):
        models.add_column(column, justify="left" if column == "model" else "right")
    for model in result.models:
        rate = model.mqls / model.leads if model.leads else 0.0
        models.add_row(
            model.model_id,
            f"{model.leads:,}",
            f"{model.mqls:,}",
            f"{rate:.1%}",
            f"{model.disqualified:,}",
            f"{model.average_score:.1f}",
        )
    console.print(models)
    grades = Table(title="Leads per grade (fit letter, engagement digit)", title_justify="left")
    model_ids = [model.model_id for model in result.models]
    grade_ids = sorted({grade for _, grade, _ in result.grades})
    counts = {(model_id, grade): n for model_id, grade, n in result.grades}
    grades.add_column("grade")
    for model_id in model_ids:
        grades.add_column(model_id, justify="right")
    for grade in grade_ids:
        grades.add_row(grade, *(f"{counts.get((m, grade), 0):,}" for m in model_ids))
    console.print(grades)
    audit = Table(title="Raw rows: staged + quarantined", title_justify="left")
    for column in ("table", "raw", "staged", "quarantined"):
        audit.add_column(column, justify="left" if column == "table" else "right")
    for table_name, raw, staged, quarantined in result.reconciliation:
        audit.add_row(table_name, f"{raw:,}", f"{staged:,}", f"{quarantined:,}")
    console.print(audit)
