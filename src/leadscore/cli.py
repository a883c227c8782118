"""`leadscore` command line: tooling around the lead-scoring warehouse."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
import tempfile
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from leadscore import __version__
from leadscore._console import console, err_console, progress_bar, step_progress
from leadscore.demo.generate import (
    MAX_COMPANIES,
    MAX_CONTACTS,
    MAX_DAYS,
    MIN_DAYS,
    GenerateConfig,
    GenerateResult,
    OutputFormat,
    generate,
)
from leadscore.project_builds import ScoreDiffError
from leadscore.project_config import DUCKDB_MEMORY_LIMIT
from leadscore.review.score_diff import DiffReport, mql_gate, run_score_diff
from leadscore.review.score_diff_report import to_json, to_markdown
from leadscore.review.seed_validation import check_csv_files, default_raw_format, validate_seeds
from leadscore.summary import summarise

app = typer.Typer(
    help="Tooling for the open lead-scoring warehouse.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Paragraphs of the commands' docstrings are re-flowed to the terminal's width.
    rich_markup_mode="markdown",
)

DEFAULT_AS_OF = datetime(2026, 10, 31)


class Population(StrEnum):
    """The evaluation populations of int_lead_populations_assigned."""

    open_leads = "open_leads"
    new_leads = "new_leads"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"leadscore {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Tooling for the open lead-scoring warehouse.

    Exit codes (every command): 0 success; 1 the checked input has problems or a build
    failed; 2 wrong usage (an unknown option, a missing file or directory); 3 the
    score-diff MQL gate tripped.
    """


def _print_json(data: object) -> None:
    """Machine-readable output: one JSON document on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


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
    with progress_bar("Generating", 1) as update:

        def progress(done: int, total: int) -> None:
            update(done, f"Generating chunk {done}/{total}", total)

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
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Print leads per grade and MQLs per model from a built warehouse.

    Exit 0; 1 when there is no warehouse at --database.
    """
    try:
        result = summarise(database)
    except FileNotFoundError as err:
        err_console.print(f"[red]{err}[/red]")
        raise typer.Exit(code=1) from err
    if as_json:
        _print_json(dataclasses.asdict(result))
        return
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


@app.command("validate-seeds")
def validate_seeds_command(
    seeds_dir: Annotated[Path, typer.Option(help="The scoring seeds directory.")] = Path(
        "seeds/scoring"
    ),
    raw_dir: Annotated[
        Path | None,
        typer.Option(
            help="Raw data directory: its contacts/companies columns (custom ones "
            "included) become valid fit attributes.",
            show_default="DESIGN.md's columns only",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    """Check the scoring seeds without dbt: one line per problem (file:line: column).

    --raw-dir may hold Parquet or CSV files (detected from the names). Exit 0 when the
    seeds are valid, 1 when not, 2 when a directory is missing. Fast enough for a
    pre-commit hook.
    """
    from leadscore.onboarding.raw_check import RawCheckError, detect_format

    try:
        raw_format = (
            detect_format(raw_dir, ["contacts", "companies"]) if raw_dir else None
        ) or default_raw_format()
        result = validate_seeds(seeds_dir, raw_dir, raw_format)
    except (FileNotFoundError, RawCheckError) as err:
        typer.echo(f"validate-seeds: {err}", err=True)
        raise typer.Exit(code=2) from err
    if as_json:
        _print_json(
            {
                "ok": result.ok,
                "files": result.files,
                "rows": result.rows,
                "problems": [dataclasses.asdict(problem) for problem in result.problems],
            }
        )
        raise typer.Exit(code=0 if result.ok else 1)
    if result.ok:
        typer.echo(f"seeds OK ({result.rows} rows in {result.files} files)")
        return
    for problem in result.problems:
        typer.echo(str(problem))
    typer.echo(f"{len(result.problems)} problem(s) in the scoring seeds", err=True)
    raise typer.Exit(code=1)


@app.command("check-raw")
def check_raw_command(
    raw_dir: Annotated[Path, typer.Argument(help="Directory of raw CSV or Parquet files.")],
    project_dir: Annotated[Path, typer.Option(help="The dbt project.")] = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Before any build: per raw table, the files found (CSV or Parquet, detected), the
    required columns present or missing, the rows, and what staging would quarantine or
    reject (the project's own staging and audit models, run by dbt on a scratch copy).

    Exit 0 when the files can be built (rejections are reported: staging handles them),
    1 when a required file or column is missing or dbt cannot stage them, 2 when the
    directory does not exist or mixes CSV and Parquet.
    """
    from leadscore.onboarding.raw_check import RawCheckError, check_raw
    from leadscore.onboarding.report import rich_report

    try:
        if as_json:
            result = check_raw(raw_dir, project_dir.resolve())
        else:
            with step_progress("check-raw", 2) as progress:
                result = check_raw(raw_dir, project_dir.resolve(), progress)
    except RawCheckError as err:
        typer.echo(f"check-raw: {err}", err=True)
        raise typer.Exit(code=2) from err
    if as_json:
        _print_json(result.to_dict())
    else:
        for renderable in rich_report(result):
            console.print(renderable)
    if not result.loadable:
        raise typer.Exit(code=1)


@app.command("check-csv")
def check_csv_command(
    files: Annotated[list[Path], typer.Argument(help="CSV files to check.")],
) -> None:
    """CSV sanity check (pre-commit): UTF-8, a named and unique header, the same number
    of fields on every row. Exit 1 listing every problem."""
    problems = check_csv_files(files)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        raise typer.Exit(code=1)
    typer.echo(f"{len(files)} CSV file(s) OK")


@app.command(
    "score-diff",
    help=(
        "Show what the working tree's seed changes do to the scores, against --base.\n\n"
        "Builds the warehouse twice into two temporary DuckDB files, with the base "
        "commit's seeds and with the working tree's (the working tree's models on both "
        "sides), and reports rule changes, changed scores, MQLs gained and lost, grade "
        "transitions, top movers, account MQLs and the routing feed, as Markdown (a PR "
        "comment) and JSON. Exit 1 when a build fails, 3 when --fail-on-mql-change trips."
    ),
)
def score_diff_command(
    base: Annotated[
        str | None,
        typer.Option(
            help="Git ref whose seeds are the 'before' side.",
            show_default="merge-base of HEAD and main (else origin/main, master; else HEAD)",
        ),
    ] = None,
    raw_dir: Annotated[Path, typer.Option(help="Raw data both sides score.")] = Path("data/demo"),
    score_date: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="Score date, YYYY-MM-DD.",
            show_default="the date of the latest activity in --raw-dir",
        ),
    ] = None,
    project_dir: Annotated[Path, typer.Option(help="The dbt project (in a git repo).")] = Path("."),
    top: Annotated[int, typer.Option(min=0, help="Top movers listed per model.")] = 10,
    markdown: Annotated[
        Path | None,
        typer.Option(help="Write the Markdown report here.", show_default="stdout"),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write the JSON report here.")
    ] = None,
    fail_on_mql_change: Annotated[
        float | None,
        typer.Option(
            min=0,
            help="Exit 3 when any model's MQL count changes by more than this percent.",
        ),
    ] = None,
    work_dir: Annotated[
        Path | None,
        typer.Option(
            help="Keep both builds in this new directory: base/ and head/, each with "
            "project/, warehouse.duckdb and target/ (dbt logs).",
            show_default="a temporary directory, removed afterwards",
        ),
    ] = None,
    lookback_days: Annotated[
        int,
        typer.Option(
            min=0,
            help="Days before the score date also scored, so the routing feed holds "
            "only leads that became MQLs on the score date.",
        ),
    ] = 1,
    threads: Annotated[int, typer.Option(min=1, help="dbt threads per build.")] = 2,
) -> None:
    work = work_dir if work_dir is not None else Path(tempfile.mkdtemp(prefix="score-diff-"))
    try:
        report = _run_score_diff(
            project_dir, raw_dir, base, score_date, work, top, lookback_days, threads
        )
    except (ScoreDiffError, ValueError, FileNotFoundError) as err:
        err_console.print(Text(f"score-diff: {err}", style="red"), soft_wrap=True)
        err_console.print(f"builds and dbt logs kept in {work}")
        raise typer.Exit(code=1) from err
    if work_dir is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        report = dataclasses.replace(report, work_dir=str(work_dir))
    _write_reports(report, markdown, json_path)
    if fail_on_mql_change is not None:
        _mql_gate(report, fail_on_mql_change)


def _run_score_diff(
    project_dir: Path,
    raw_dir: Path,
    base: str | None,
    score_date: datetime | None,
    work: Path,
    top: int,
    lookback_days: int,
    threads: int,
) -> DiffReport:
    from leadscore.review.score_diff import PROGRESS_STEPS

    with step_progress("score-diff", PROGRESS_STEPS) as progress:
        return run_score_diff(
            project_dir.resolve(),
            raw_dir,
            base=base,
            score_date=score_date.date() if score_date else None,
            work_dir=work,
            top=top,
            lookback_days=lookback_days,
            threads=threads,
            progress=progress,
        )


def _write_reports(report: DiffReport, markdown: Path | None, json_path: Path | None) -> None:
    text = to_markdown(report)
    if markdown is None:
        sys.stdout.write(text)
    else:
        markdown.write_text(text, encoding="utf-8")
        err_console.log(f"Markdown report written to {markdown}")
    if json_path is not None:
        json_path.write_text(to_json(report), encoding="utf-8")
        err_console.log(f"JSON report written to {json_path}")


def _mql_gate(report: DiffReport, max_pct: float) -> None:
    failures = mql_gate(report.scores, max_pct)
    if not failures:
        return
    err_console.print(
        Text(
            f"MQL count changed by more than {max_pct:g}% "
            f"(--fail-on-mql-change): {'; '.join(failures)}",
            style="bold red",
        )
    )
    raise typer.Exit(code=3)


@app.command(
    "benchmark",
    help=(
        "Measure the warehouse: generate data at each scale, time a full dbt build, a "
        "daily build (one more day of activities in a new file, next score date), a "
        "backfill of many daily score dates, and the hand-written reference query "
        "(benchmarks/reference_scores.sql), each as a child process with its peak memory, "
        "and check that the reference equals fct_lead_scores for every active rule-scored "
        "model. Prints tables; writes JSON and Markdown. Exit 1 when a step fails or the "
        "reference differs from the mart."
    ),
)
def benchmark_command(
    contacts: Annotated[
        list[int] | None,
        typer.Option(
            help="Scale in contacts; repeat for several scales (e.g. --contacts 10000 "
            "--contacts 100000) to check how time grows with the data.",
            show_default="100000",
        ),
    ] = None,
    days: Annotated[
        int, typer.Option(min=MIN_DAYS, max=MAX_DAYS, help="Days of activity history.")
    ] = 365,
    seed: Annotated[int, typer.Option(min=0, help="Random seed of the generator.")] = 42,
    as_of: Annotated[
        datetime,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="Last day of data and score date of the full build, YYYY-MM-DD.",
            show_default=DEFAULT_AS_OF.date().isoformat(),
        ),
    ] = DEFAULT_AS_OF,
    work_dir: Annotated[
        Path | None,
        typer.Option(
            help="Keep data, DuckDB files and logs in this new (or empty) directory.",
            show_default="a temporary directory, removed afterwards",
        ),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write the JSON report here.")
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option(help="Write the Markdown report (README table) here.")
    ] = None,
    project_dir: Annotated[Path, typer.Option(help="The dbt project.")] = Path("."),
    select: Annotated[
        str,
        typer.Option(help="What dbt build selects (unit tests are always excluded)."),
    ] = "+fct_lead_scores +fct_lead_score_history",
    threads: Annotated[
        int,
        typer.Option(
            min=1,
            envvar="LEAD_SCORING_THREADS",
            help="dbt threads, and DuckDB threads of the reference query.",
        ),
    ] = 2,
    memory_limit: Annotated[
        str,
        typer.Option(
            envvar="LEAD_SCORING_DUCKDB_MEMORY_LIMIT",
            help="DuckDB memory limit of the builds and the reference query "
            "(default: the profile's).",
        ),
    ] = DUCKDB_MEMORY_LIMIT,
    reference_memory_limit: Annotated[
        str | None,
        typer.Option(
            help="DuckDB memory limit of the reference query alone (default: --memory-limit); "
            "the plain query ranks every occurrence and needs more at 1M contacts.",
        ),
    ] = None,
    reference_max_contacts: Annotated[
        int,
        typer.Option(min=0, help="Run the reference query at scales up to this many contacts."),
    ] = 1_000_000,
    backfill_days: Annotated[
        int,
        typer.Option(min=0, help="Daily score dates of the backfill build (0: no backfill)."),
    ] = 365,
    backfill_max_contacts: Annotated[
        int,
        typer.Option(min=0, help="Run the backfill at scales up to this many contacts."),
    ] = 100_000,
    spark_thrift: Annotated[
        bool,
        typer.Option(
            "--spark-thrift",
            help="Also build the full and daily builds on a local Spark cluster over "
            "Thrift (started for each build), with the event log's shuffle and spill.",
        ),
    ] = False,
    spark_driver_memory: Annotated[
        str, typer.Option(help="Heap of the cluster's Thrift server (Spark's driver).")
    ] = "2g",
    spark_executor_memory: Annotated[
        str, typer.Option(help="Heap of each of the cluster's executors (one per thread).")
    ] = "2g",
) -> None:
    # Imported here so that the command stays one self-contained block of this file.
    from leadscore.benchmark import report as benchmark_report
    from leadscore.benchmark.run import (
        BenchmarkConfig,
        BenchmarkError,
        planned_steps,
        run_benchmark,
    )
    from leadscore.spark.cluster import ClusterError

    work = work_dir if work_dir is not None else Path(tempfile.mkdtemp(prefix="benchmark-"))
    config = BenchmarkConfig(
        project_dir=project_dir.resolve(),
        work_dir=work.resolve(),
        contacts=tuple(contacts or (100_000,)),
        days=days,
        seed=seed,
        as_of=as_of.date(),
        select=select,
        threads=threads,
        memory_limit=memory_limit,
        reference_memory_limit=reference_memory_limit,
        reference_max_contacts=reference_max_contacts,
        backfill_days=backfill_days,
        backfill_max_contacts=backfill_max_contacts,
        spark_thrift=spark_thrift,
        spark_driver_memory=spark_driver_memory,
        spark_executor_memory=spark_executor_memory,
    )
    try:
        config.validate()
    except ValueError as err:
        raise typer.BadParameter(str(err)) from err
    try:
        with step_progress("benchmark", planned_steps(config)) as progress:
            report = run_benchmark(config, progress)
    except (BenchmarkError, ClusterError, ValueError) as err:
        err_console.print(Text(f"benchmark: {err}", style="red"))
        err_console.print(f"data, DuckDB files and logs kept in {work}")
        raise typer.Exit(code=1) from err
    console.print(benchmark_report.rich_tables(report))
    if json_path is not None:
        json_path.write_text(benchmark_report.to_json(report), encoding="utf-8")
        err_console.log(f"JSON report written to {json_path}")
    if markdown is not None:
        markdown.write_text(benchmark_report.to_markdown(report), encoding="utf-8")
        err_console.log(f"Markdown report written to {markdown}")
    if report.mismatches:
        err_console.print(
            Text(
                f"benchmark: fct_lead_scores differs from the reference query (or Spark's "
                f"from DuckDB's) in {report.mismatches:,} row(s); per-column counts are in "
                f"the JSON report; data kept in {work}",
                style="bold red",
            )
        )
        raise typer.Exit(code=1)
    if work_dir is None:
        shutil.rmtree(work, ignore_errors=True)


@app.command("evaluate")
def evaluate_command(
    raw_dir: Annotated[Path, typer.Option(help="Raw files (CSV or Parquet) to evaluate on.")],
    score_date: Annotated[
        datetime, typer.Option(formats=["%Y-%m-%d"], help="The build's score date.")
    ],
    history_start: Annotated[
        datetime, typer.Option(formats=["%Y-%m-%d"], help="First history score date.")
    ],
    history_end: Annotated[
        datetime,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="Last history score date (at least the horizon before the score date).",
        ),
    ],
    every_days: Annotated[int, typer.Option(min=1, help="Days between history dates.")] = 7,
    raw_format: Annotated[str, typer.Option(help="csv or parquet.")] = "csv",
    work_dir: Annotated[
        Path, typer.Option(help="An empty directory for the project copy and warehouse.")
    ] = Path("target/evaluate"),
    seeds_dir: Annotated[
        Path | None, typer.Option(help="Seed CSVs to use instead of the project's.")
    ] = None,
    project_dir: Annotated[Path, typer.Option(help="The dbt project.")] = Path("."),
    markdown: Annotated[Path | None, typer.Option(help="Also write the table here.")] = None,
    suggest: Annotated[
        bool,
        typer.Option(
            help="Also learn suggest-weights on the dates before the holdouts, build its "
            "candidate seeds and report their rule score."
        ),
    ] = False,
) -> None:
    """Build the warehouse on RAW_DIR with a history of score dates and print, per
    population, the ROC AUC of the seeds' rule score, of the predictive model (both from
    rpt_predictive_evaluation's rolling-origin holdouts) and of a plain logistic
    regression on the raw files' columns on the same lead-dates."""
    from leadscore.evaluation.holdout_evaluation import (
        EvaluationError,
        evaluate,
        history_dates,
        to_markdown,
    )

    dates = history_dates(history_start.date(), history_end.date(), every_days)
    try:
        results, seconds = evaluate(
            project_dir.resolve(),
            raw_dir,
            work_dir,
            score_date=score_date.date(),
            dates=dates,
            raw_format=raw_format,
            seeds_dir=seeds_dir,
            suggest=suggest,
        )
    except EvaluationError as err:
        err_console.print(Text(f"evaluate: {err}", style="red"))
        raise typer.Exit(code=1) from err
    table = to_markdown(results, f"{raw_dir} ({len(dates)} history dates, {seconds} s)")
    console.print(table, markup=False, highlight=False)
    if markdown is not None:
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(table, encoding="utf-8")


@app.command("report")
def report_command(
    database: Annotated[Path, typer.Option(help="The built DuckDB warehouse.")] = Path(
        "lead_scoring.duckdb"
    ),
    out: Annotated[Path, typer.Option(help="The HTML file to write.")] = Path(
        "reports/scoring_report.html"
    ),
    model: Annotated[
        str, typer.Option(help="Scoring model of the grade, threshold and rule charts.")
    ] = "default",
    population: Annotated[
        Population,
        typer.Option(help="Evaluated leads: every open lead, or those new at the score date."),
    ] = Population.open_leads,
) -> None:
    """Write one self-contained HTML page: conversion by decile and grade, funnel,
    threshold curve, predictive model calibration, rule lift and the key figures.

    Exit 1 when the evaluation reports are empty (no past score dates in the history).
    """
    # Imported here so that the command stays one self-contained block of this file,
    # and matplotlib loads only for this command.
    from leadscore.evaluation.report import ReportError, write_report

    try:
        data = write_report(database, out, model, population.value)
    except ReportError as err:
        err_console.print(Text(f"report: {err}", style="red"))
        raise typer.Exit(code=1) from err
    console.print(
        f"report written to {out} ({len(data.evaluated_dates)} evaluated score dates, "
        f"score date {data.score_date})"
    )


@app.command("desk")
def desk_command(
    database: Annotated[
        Path, typer.Option(help="The built DuckDB warehouse (opened read-only).")
    ] = Path("lead_scoring.duckdb"),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port of the web server.")] = 8501,
    role: Annotated[
        str | None,
        typer.Option(
            envvar="LEADSCORE_DESK_ROLE",
            help="`routing` shows the routed leads' contact details; any other role ids only.",
            show_default="none (ids only)",
        ),
    ] = None,
) -> None:
    """Start the lead desk, a read-only web app over the marts, at http://localhost:PORT.

    Pages: Today (the routing feed), Lead (score history, contributions, MQL
    transitions, account), Model health (docs/desk.md). Replaces this process with
    `streamlit run`; stop it with Ctrl+C. Exit 2 when the database does not exist.
    """
    import os

    from leadscore.desk import app as desk_app
    from leadscore.desk.config import DATABASE_ENV, ROLE_ENV

    if not database.is_file():
        err_console.print(
            Text(f"desk: no warehouse at {database}: run make build first", style="red")
        )
        raise typer.Exit(code=2)
    env = {**os.environ, DATABASE_ENV: str(database.resolve())}
    env.pop(ROLE_ENV, None)
    if role:
        env[ROLE_ENV] = role
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(Path(desk_app.__file__).resolve()),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
    ]
    os.execve(sys.executable, command, env)


spark_app = typer.Typer(
    help="A local Spark cluster (standalone master, two workers, Thrift server on "
    "127.0.0.1) for dbt's spark_thrift target: `up` starts it, `down` stops it.",
    no_args_is_help=True,
)
app.add_typer(spark_app, name="spark-cluster")

SPARK_CLUSTER_DIR = Path(".spark-cluster")


@spark_app.command("up")
def spark_cluster_up_command(
    directory: Annotated[
        Path, typer.Option("--dir", help="Warehouse, metastore, logs and process ids.")
    ] = SPARK_CLUSTER_DIR,
    thrift_port: Annotated[
        int,
        typer.Option(
            min=1,
            max=65535,
            envvar="LEAD_SCORING_SPARK_PORT",
            help="Port of the Thrift server (the spark_thrift target's port).",
        ),
    ] = 10001,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 2,
    worker_memory: Annotated[
        str, typer.Option(help="Memory each worker offers its executors.")
    ] = "3g",
    executor_memory: Annotated[
        str, typer.Option(help="Heap of each executor (at most the worker's memory).")
    ] = "2g",
    driver_memory: Annotated[
        str, typer.Option(help="Heap of the Thrift server, Spark's driver (plans, broadcasts).")
    ] = "2g",
) -> None:
    """Start the cluster and wait until the Thrift server answers SQL. Exit 1 when a
    process does not start (the message names its log); whatever started is stopped."""
    from leadscore.spark.cluster import ClusterConfig, ClusterError, start

    config = ClusterConfig(
        directory=directory,
        thrift_port=thrift_port,
        workers=workers,
        worker_memory=worker_memory,
        executor_memory=executor_memory,
        driver_memory=driver_memory,
    )
    try:
        with console.status("starting the Spark master, workers and Thrift server"):
            state = start(config)
    except ClusterError as err:
        err_console.print(Text(f"spark-cluster: {err}", style="red"))
        raise typer.Exit(code=1) from err
    console.print(
        f"Spark cluster up: master {state.master_url}, Thrift server "
        f"127.0.0.1:{state.thrift_port}, warehouse {state.warehouse_dir}; "
        f"processes {', '.join(f'{name} {pid}' for name, pid in state.pids.items())}"
    )


@spark_app.command("down")
def spark_cluster_down_command(
    directory: Annotated[
        Path, typer.Option("--dir", help="The directory `up` was given.")
    ] = SPARK_CLUSTER_DIR,
) -> None:
    """Stop the processes `up` started (by their recorded process ids)."""
    from leadscore.spark.cluster import stop

    stopped = stop(directory)
    console.print(f"stopped: {', '.join(stopped)}" if stopped else "no Spark cluster running")


@app.command("suggest-weights")
def suggest_weights_command(
    database: Annotated[Path, typer.Option(help="The built DuckDB warehouse.")] = Path(
        "lead_scoring.duckdb"
    ),
    seeds_dir: Annotated[Path, typer.Option(help="The current scoring seeds.")] = Path(
        "seeds/scoring"
    ),
    out: Annotated[Path, typer.Option(help="Directory for the candidate seed files.")] = Path(
        "target/suggested_seeds"
    ),
    model: Annotated[str, typer.Option(help="Scoring model whose rules change.")] = "default",
    train_start: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="First score date learned from (default: all)."),
    ] = None,
    train_end: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Last score date learned from (default: all)."),
    ] = None,
    holdout_start: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="First score date of the holdout comparison."),
    ] = None,
    holdout_end: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Last score date of the holdout comparison."),
    ] = None,
    population: Annotated[
        Population, typer.Option(help="Leads learned from: new at the score date, or all open.")
    ] = Population.new_leads,
    allow_sign_flips: Annotated[
        bool, typer.Option(help="Let a rule's points change sign (listed either way).")
    ] = False,
    threshold: Annotated[
        str,
        typer.Option(
            help="MQL threshold: 'volume' (keep today's MQL count), 'precision' or 'recall'."
        ),
    ] = "volume",
    target: Annotated[
        float | None, typer.Option(help="Target precision or recall for --threshold.")
    ] = None,
) -> None:
    """Learn rule weights jointly on a training window, propose new rules (unscored
    activity types, attribute values and ranges, custom columns included), recalibrate
    the MQL threshold, and write candidate fit_rules.csv, engagement_rules.csv and
    scoring_models.csv into --out (only the changed fields and the appended rules differ
    from the current seeds). Copy them over seeds/scoring in a branch to propose them in
    a pull request; `leadscore score-diff` then shows what they change."""
    from leadscore.evaluation.suggest_weights import SuggestWeightsError, suggest_weights
    from leadscore.evaluation.weight_learning import LearningError, learn

    if threshold not in ("volume", "precision", "recall") or (
        threshold != "volume" and target is None
    ):
        err_console.print(
            "suggest-weights: --threshold is volume, precision or recall (the last two "
            "with --target)",
            style="red",
        )
        raise typer.Exit(code=2)
    try:
        window = _date_window(database, model, train_start, train_end)
        holdout = (
            (holdout_start.date(), holdout_end.date()) if holdout_start and holdout_end else None
        )
        learned = learn(
            database,
            model,
            population.value,
            window,
            holdout=holdout,
            allow_sign_flips=allow_sign_flips,
            threshold_mode=threshold,
            threshold_target=target,
        )
        result = suggest_weights(seeds_dir, out, learned)
    except (SuggestWeightsError, LearningError) as err:
        err_console.print(Text(f"suggest-weights: {err}", style="red"))
        raise typer.Exit(code=1) from err
    table = Table(
        title=f"Rules of model {model}: {learned.rows:,} {learned.population} lead-dates, "
        f"{learned.conversions:,} conversions, {window[0]} to {window[1]}",
        title_justify="left",
    )
    columns = ("rule", "kind", "now", "suggested", "status", "support", "converted", "interval")
    for column in columns:
        table.add_column(
            column, justify="left" if column in ("rule", "kind", "status") else "right"
        )
    shown = [f for f in learned.findings if f.candidate.kind == "rule" or f.status == "proposed"]
    for finding in sorted(shown, key=lambda f: (f.candidate.kind, f.candidate.rule_id)):
        candidate = finding.candidate
        table.add_row(
            candidate.rule_id,
            candidate.kind,
            format_value(candidate.current_points),
            format_value(finding.suggested_points),
            finding.status,
            f"{finding.support:,}",
            f"{finding.conversion_rate:.1%}" if finding.conversion_rate is not None else "n/a",
            f"{finding.interval[0]:+.2f}..{finding.interval[1]:+.2f}" if finding.interval else "",
        )
    console.print(table)
    console.print(
        f"{len(learned.findings) - len(shown)} candidate new rule(s) not proposed (no "
        "contrast, or an interval that includes 0)"
    )
    change = learned.threshold
    console.print(
        f"MQL threshold {format_value(change.current)} -> {format_value(change.suggested)} "
        f"({change.mode}): MQLs on the training window {change.mqls_now:,} -> "
        f"{change.mqls_candidate:,} ({_percent_change(change.mqls_now, change.mqls_candidate)})"
    )
    flips = learned.flips_wanted
    if flips:
        held = "" if allow_sign_flips else " (held: pass --allow-sign-flips to apply)"
        err_console.print(
            "sign flips the data wants"
            + held
            + ": "
            + ", ".join(f.candidate.rule_id for f in flips),
            style="yellow",
        )
    if learned.comparison is not None:
        c = learned.comparison
        console.print(
            f"holdout {c.window[0]}..{c.window[1]} ({c.rows:,} lead-dates, {c.conversions:,} "
            f"conversions; candidate scores estimated): ROC AUC {format_value(c.auc_now)} -> "
            f"{format_value(c.auc_candidate)}, MQLs {c.mqls_now:,} -> {c.mqls_candidate:,}, "
            f"precision {format_value(c.precision_now)} -> {format_value(c.precision_candidate)}"
            f", recall {format_value(c.recall_now)} -> {format_value(c.recall_candidate)}"
        )
    console.print(
        f"{len(result.changes)} field(s) changed, {len(result.added)} rule(s) proposed; written "
        f"{', '.join(str(path) for path in result.files)}"
    )


def format_value(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:g}" if value == int(value) else f"{value:.3f}"


def _percent_change(before: int, after: int) -> str:
    return f"{(after - before) / before:+.0%}" if before else "n/a"


def _date_window(
    database: Path, model: str, start: datetime | None, end: datetime | None
) -> tuple[date, date]:
    """The given window, or every evaluable score date the build scored."""
    import duckdb

    from leadscore.evaluation.weight_learning import LearningError

    if start and end:
        return start.date(), end.date()
    if not database.exists():
        raise LearningError(f"no warehouse at {database}: build it first (make build)")
    with duckdb.connect(str(database), read_only=True) as con:
        first, last = con.execute(
            "select min(score_date), max(score_date) from int_lead_outcomes_observed"
            " where model_id = ?",
            [model],
        ).fetchall()[0]
    if first is None:
        raise LearningError(
            f"{database} has no evaluable score dates: build history_dates (make build does)"
        )
    return (start.date() if start else first), (end.date() if end else last)
