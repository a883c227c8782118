"""Validate the scoring seeds (seeds/scoring/*.csv) without dbt.

The dbt tests in tests/scoring_config/ are the authority: they run on every build and
stop it naming the bad row by its key. This module mirrors them (same classes, same
wording where it fits) for the places where a dbt build is too slow or too late: a
pre-commit hook, an editor, the first step of a CI job. Reading the files directly
also lets it name the CSV line, and check what the loaded tables cannot see: the
order of rows in the file (grade bands from the highest down, decay steps from the
shortest inactivity up) and the header itself.

Where it is stricter than dbt it says so in the message (whole numbers must be written
as integers; `between` takes exactly two values). Nothing here runs SQL over the seeds,
so a pre-commit hook stays well under a second.
"""

from __future__ import annotations

import csv
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import yaml  # type: ignore[import-untyped, unused-ignore]  # PyYAML, as dbt reads the file

# The columns of each scoring seed, as declared in seeds/scoring/_scoring__seeds.yml.
# Every one is read by its staging model, so a missing column breaks the build.
SEED_COLUMNS: dict[str, tuple[str, ...]] = {
    "scoring_models": (
        "model_id",
        "description",
        "mql_threshold",
        "score_floor",
        "score_cap",
        "decay_mode",
        "half_life_days",
        "is_active",
    ),
    "account_scoring_rules": (
        "model_id",
        "engagement_rollup",
        "engagement_weight",
        "engaged_contact_min_engagement",
        "breadth_points_per_department",
        "max_breadth_departments",
        "min_engaged_contacts",
        "account_mql_threshold",
        "description",
    ),
    "composite_model_components": ("model_id", "component_model_id", "weight", "description"),
    "fit_rules": (
        "model_id",
        "rule_id",
        "attribute",
        "operator",
        "value",
        "points",
        "disqualify",
        "description",
    ),
    "engagement_rules": (
        "model_id",
        "rule_id",
        "activity_type",
        "url_pattern",
        "points",
        "min_occurrences",
        "max_occurrences",
        "window_days",
        "group_id",
        "disqualify",
        "description",
    ),
    "engagement_rule_groups": ("model_id", "group_id", "max_points", "description"),
    "scoring_lists": ("list_name", "value"),
    "grade_bands": ("model_id", "dimension", "grade", "min_score"),
    "decay_schedule": ("model_id", "inactive_days", "points_subtracted", "resets_score"),
}

OPERATORS = ("eq", "in", "contains", "between", "gte", "lte", "is_null", "not_null", "in_list")
OPERATORS_NEEDING_VALUE = ("eq", "in", "contains", "in_list")
NUMERIC_OPERATORS = ("gte", "lte")
DECAY_MODES = ("step", "half_life", "none")
ROLLUPS = ("sum", "max", "avg")
DIMENSIONS = ("fit", "engagement", "account")
# What macros/utils/text.sql parse_boolean accepts (blank means the column default).
TRUE_WORDS = ("true", "t", "1", "yes", "y")
FALSE_WORDS = ("false", "f", "0", "no", "n")

# DESIGN.md's required raw columns (macros/staging/raw_columns.sql).
CONTACT_COLUMNS = (
    "contact_id",
    "email",
    "job_title",
    "seniority",
    "department",
    "country",
    "company_id",
    "lead_source",
    "lifecycle_stage",
    "created_at",
    "updated_at",
    "is_deleted",
)
COMPANY_COLUMNS = (
    "company_id",
    "name",
    "domain",
    "industry",
    "employee_count",
    "annual_revenue",
    "country",
    "created_at",
)
# Staging derives these; a raw column of the same name is dropped, never carried.
RESERVED_RAW_COLUMNS = (
    "email_domain",
    "quarantine_reason",
    "duplicate_rank",
    "row_problem",
    # the reason and raw text of a rejected value of a checked field
    # (raw_checked_fields in macros/staging/raw_columns.sql)
    *(
        f"{column}_{suffix}"
        for column in ("updated_at", "employee_count", "annual_revenue", "created_at")
        for suffix in ("rejection", "rejected_value")
    ),
)


def _value_rules() -> dict[str, Any]:
    """How text becomes a number, as the dbt project reads it: the var value_rules of
    dbt_project.yml (the project this package is installed from, else the current
    directory's), so the two validations cannot drift apart."""
    for project in (Path(__file__).resolve().parents[3], Path.cwd()):
        path = project / "dbt_project.yml"
        if path.is_file():
            rules: dict[str, Any] = yaml.safe_load(path.read_text())["vars"]["value_rules"]
            return rules
    raise FileNotFoundError("dbt_project.yml (with var value_rules) not found")


VALUE_RULES = _value_rules()
# Plain decimal numbers: stricter than DuckDB's cast (no inf, nan, 1_000 or 0x10).
_NUMBER = re.compile(VALUE_RULES["number_pattern"])
_WHOLE = re.compile(VALUE_RULES["whole_number_pattern"])
NUMBER_LIMIT = float(VALUE_RULES["number_limit"])
WHOLE_NUMBER_LIMIT = int(VALUE_RULES["whole_number_limit"])


@dataclass(frozen=True)
class Problem:
    """One problem, located like a compiler error: file, CSV line (header = 1), column."""

    path: str
    line: int
    column: str | None
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.column or "", self.message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        if self.column is None:
            return f"{where}: {self.message}"
        return f"{where}: column {self.column}: {self.message}"


@dataclass(frozen=True)
class SeedRow:
    """A data row of a CSV, with the line it starts on."""

    line: int
    values: dict[str, str]

    def raw(self, column: str) -> str | None:
        """The value trimmed, None when blank or when the header lacks the column."""
        value = self.values.get(column)
        if value is None:
            return None
        return value.strip() or None

    def code(self, column: str) -> str | None:
        """A code as the staging models compare it: trimmed and lower-cased."""
        value = self.raw(column)
        return value.lower() if value is not None else None


@dataclass(frozen=True)
class CsvFile:
    """A parsed CSV file, plus the problems found reading it."""

    name: str
    path: str
    header: tuple[str, ...]
    rows: tuple[SeedRow, ...]
    problems: tuple[Problem, ...]

    @property
    def readable(self) -> bool:
        """True when the rows can be checked (the file parsed and has a header)."""
        return bool(self.header)


@dataclass(frozen=True)
class ValidationResult:
    problems: list[Problem]
    files: int
    rows: int

    @property
    def ok(self) -> bool:
        return not self.problems


def quoted(value: str | None) -> str:
    """A value quoted for a message, as the dbt tests quote it."""
    return f"'{value}'" if value is not None else "(blank)"


def is_number(value: str) -> bool:
    """Written as a number and finite within NUMBER_LIMIT (what decimal(18,4) holds)."""
    return _NUMBER.search(value) is not None and abs(float(value)) <= NUMBER_LIMIT


def is_whole_number(value: str) -> bool:
    return _WHOLE.search(value) is not None and abs(int(value)) <= WHOLE_NUMBER_LIMIT


def out_of_range(value: str) -> bool:
    """Written as a number, but beyond the limit of its kind (1e20 points, 1e309)."""
    return (_NUMBER.search(value) is not None and not is_number(value)) or (
        _WHOLE.search(value) is not None and not is_whole_number(value)
    )


def parse_boolean(value: str) -> bool | None:
    lowered = value.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return None


# ---------------------------------------------------------------------------- reading


def read_csv(path: Path, display: str | None = None) -> CsvFile:
    """Parse a CSV file keeping each row's starting line; structural problems are
    returned, not raised, so every file's problems are reported in one run."""
    shown = display or str(path)
    name = path.stem
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problem = Problem(shown, line, None, f"not valid UTF-8 ({err.reason} at byte {err.start})")
        return CsvFile(name, shown, (), (), (problem,))
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        # dbt would load the mark as part of the first column name.
        problems.append(
            Problem(shown, 1, None, "starts with a byte order mark; save as UTF-8 without one")
        )
        text = text[1:]
    try:
        records = list(_records(text))
    except csv.Error as err:
        problems.append(Problem(shown, 1, None, f"unreadable CSV: {err}"))
        return CsvFile(name, shown, (), (), tuple(problems))
    header = [column.strip() for column in records[0][1]] if records else []
    problems.extend(_header_problems(shown, header))
    rows = [
        row
        for line, fields in records[1:]
        if (row := _row(shown, line, header, fields, problems)) is not None
    ]
    return CsvFile(name, shown, tuple(header), tuple(rows), tuple(problems))


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) of each non-blank record; a quoted field may span lines."""
    reader = csv.reader(text.splitlines(keepends=True))
    line_num = 0
    for fields in reader:
        start = line_num + 1
        line_num = reader.line_num
        if any(field.strip() for field in fields):
            yield start, fields


def _header_problems(path: str, header: list[str]) -> Iterator[Problem]:
    if not header:
        yield Problem(path, 1, None, "empty file: the first line must be the header")
        return
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if not column:
            yield Problem(path, 1, None, f"header column {position} has no name")
        elif column in seen:
            yield Problem(path, 1, column, "appears more than once in the header")
        seen.add(column)


def _row(
    path: str, line: int, header: list[str], fields: list[str], problems: list[Problem]
) -> SeedRow | None:
    if not header:
        return None
    if len(fields) != len(header):
        problems.append(
            Problem(
                path,
                line,
                None,
                f"row has {len(fields)} fields, the header has {len(header)} "
                "(an unquoted comma in a text?)",
            )
        )
        return None
    return SeedRow(line, dict(zip(header, fields, strict=True)))


def check_csv_files(paths: Iterable[Path]) -> list[Problem]:
    """The CSV sanity check of the pre-commit hook: every file parses, has a named,
    unique header and the same number of fields on every row."""
    problems = [problem for path in paths for problem in read_csv(path).problems]
    return sorted(problems, key=Problem.sort_key)


# ------------------------------------------------------------------------- attributes


def default_raw_format() -> str:
    """The raw files' format, as the dbt sources read it (env LEAD_SCORING_RAW_FORMAT)."""
    return os.environ.get("LEAD_SCORING_RAW_FORMAT", "parquet")


def fit_attributes(raw_dir: Path | None = None, raw_format: str = "parquet") -> set[str]:
    """The attribute names a fit rule may use, as int_contact_attributes_listed lists
    them: the staged contact columns (custom ones included) except contact_id, each
    company column as company_<name>, and as <name> when the contact has no column of
    that name. Without raw_dir only DESIGN.md's columns are known."""
    contact_extra = _raw_columns(raw_dir, "contacts", raw_format) if raw_dir else []
    company_extra = _raw_columns(raw_dir, "companies", raw_format) if raw_dir else []
    contact = [
        *CONTACT_COLUMNS,
        "email_domain",
        *_carried(contact_extra, CONTACT_COLUMNS),
        "created_date",
    ]
    company = [*COMPANY_COLUMNS, *_carried(company_extra, COMPANY_COLUMNS)]
    enriched = [
        *contact,
        *(f"company_{column}" for column in company if column != "company_id"),
        "has_known_company",
    ]
    return _attribute_names(enriched)


def _carried(present: list[str], required: Sequence[str]) -> list[str]:
    """Raw columns staging carries through (macros/staging/raw_columns.sql)."""
    reserved = {*required, *RESERVED_RAW_COLUMNS}
    return [column for column in present if column not in reserved]


def _attribute_names(columns: list[str]) -> set[str]:
    """macros/scoring/contact_attributes.sql, applied to int_contacts_enriched's columns."""
    names = [column for column in columns if column != "contact_id"]
    contact = [c for c in names if not (c.startswith("company_") and c != "company_id")]
    company = [c for c in names if c.startswith("company_") and c != "company_id"]
    attributes = set(contact) | set(company)
    attributes |= {column[len("company_") :] for column in company} - set(contact)
    return attributes


def _raw_columns(raw_dir: Path, table: str, raw_format: str) -> list[str]:
    """Column names of the raw table's files, as the dbt source reads them."""
    files = sorted(raw_dir.glob(f"{table}*.{raw_format}"))
    if not files:
        raise FileNotFoundError(f"no raw {table} files ({table}*.{raw_format}) in {raw_dir}")
    reader = "read_csv" if raw_format == "csv" else "read_parquet"
    with duckdb.connect() as con:
        rows = con.execute(
            f"describe select * from {reader}(?, union_by_name = true)",
            [[str(path) for path in files]],
        ).fetchall()
    return [str(row[0]).lower() for row in rows]


# ------------------------------------------------------------------------- validation


@dataclass
class _Config:
    """What the cross-file checks need to know, from the files that could be read."""

    files: dict[str, CsvFile]
    attributes: set[str]
    attributes_from_raw: bool
    problems: list[Problem] = field(default_factory=list)

    def rows(self, seed: str) -> tuple[SeedRow, ...]:
        found = self.files.get(seed)
        return found.rows if found is not None else ()

    def report(self, seed: str, row: SeedRow, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.files[seed].path, row.line, column, message))

    def codes(self, seed: str, column: str) -> set[str]:
        return {code for row in self.rows(seed) if (code := row.code(column)) is not None}

    @property
    def model_ids(self) -> set[str] | None:
        """Known model ids; None when scoring_models.csv could not be read (then
        every reference would look broken, which helps nobody)."""
        return self.codes("scoring_models", "model_id") if "scoring_models" in self.files else None


def validate_seeds(
    seeds_dir: Path, raw_dir: Path | None = None, raw_format: str = "parquet"
) -> ValidationResult:
    """Every problem of the scoring seeds in seeds_dir, sorted by file and line."""
    config = _Config({}, fit_attributes(raw_dir, raw_format), raw_dir is not None)
    for seed, columns in SEED_COLUMNS.items():
        path = seeds_dir / f"{seed}.csv"
        if not path.is_file():
            config.problems.append(Problem(str(path), 1, None, "missing scoring seed file"))
            continue
        parsed = read_csv(path, str(path))
        config.problems.extend(parsed.problems)
        missing = [column for column in columns if column not in parsed.header]
        for column in missing if parsed.readable else []:
            config.problems.append(
                Problem(parsed.path, 1, column, "required column is missing from the header")
            )
        # A file whose header is unusable is reported once, not once per row.
        if parsed.readable and not missing:
            config.files[seed] = parsed
    for seed, check in CHECKS.items():
        if seed in config.files:
            check(config)
    rows = sum(len(parsed.rows) for parsed in config.files.values())
    return ValidationResult(
        sorted(set(config.problems), key=Problem.sort_key), len(config.files), rows
    )


# Shared checks, named after the dbt macros in macros/scoring/config_validation.sql.


def _required(config: _Config, seed: str, row: SeedRow, column: str) -> bool:
    if row.raw(column) is None:
        config.report(seed, row, column, "is required")
        return False
    return True


def _number(
    config: _Config,
    seed: str,
    row: SeedRow,
    column: str,
    *,
    required: bool = False,
    whole: bool = False,
) -> float | None:
    """The column's number, reporting it when blank (and required) or not a number."""
    value = row.raw(column)
    if value is None:
        if required:
            kind = "whole number" if whole else "number"
            config.report(seed, row, column, f"must be a {kind}, got (blank)")
        return None
    if whole and not is_whole_number(value):
        config.report(seed, row, column, _number_message(value, whole=True))
        return None
    if not is_number(value):
        config.report(seed, row, column, _number_message(value, whole=False))
        return None
    return float(value)


def _number_message(value: str, *, whole: bool) -> str:
    """The message dbt's config_number_check gives for the same value."""
    kind = "whole number" if whole else "number"
    if out_of_range(value):
        limit = WHOLE_NUMBER_LIMIT if whole else int(NUMBER_LIMIT)
        return f"must be a {kind} between -{limit} and {limit}, got {quoted(value)}"
    return f"must be a {kind}, got {quoted(value)}"


def _boolean(config: _Config, seed: str, row: SeedRow, column: str) -> None:
    value = row.raw(column)
    if value is not None and parse_boolean(value) is None:
        config.report(seed, row, column, f"must be true or false, got {quoted(value)}")


def _model_exists(config: _Config, seed: str, row: SeedRow, column: str = "model_id") -> None:
    known = config.model_ids
    value = row.code(column)
    if known is not None and (value is None or value not in known):
        name = "model_id" if column == "model_id" else "component"
        config.report(
            seed, row, column, f"{name} {quoted(row.raw(column))} has no row in scoring_models.csv"
        )


def _duplicates(
    config: _Config,
    seed: str,
    key: Callable[[SeedRow], tuple[str | None, ...] | None],
    column: str,
    message: Callable[[SeedRow, int], str],
) -> None:
    """Report every row whose key (None = not checked) other rows share too."""
    groups: dict[tuple[str | None, ...], list[SeedRow]] = defaultdict(list)
    for row in config.rows(seed):
        row_key = key(row)
        if row_key is not None:
            groups[row_key].append(row)
    for rows in groups.values():
        if len(rows) > 1:
            lines = ", ".join(str(row.line) for row in rows)
            for row in rows:
                config.report(seed, row, column, f"{message(row, len(rows))} (lines {lines})")


def _rule_id_checks(config: _Config, seed: str) -> None:
    for row in config.rows(seed):
        _model_exists(config, seed, row)
        _required(config, seed, row, "rule_id")
    _duplicates(
        config,
        seed,
        lambda row: (row.code("model_id"), row.raw("rule_id")) if row.raw("rule_id") else None,
        "rule_id",
        lambda row, n: f"appears {n} times in the model; rule ids must be unique per model",
    )


# One function per seed file, mirroring tests/scoring_config/assert_<seed>_*.sql.


def _check_scoring_models(config: _Config) -> None:
    seed = "scoring_models"
    for row in config.rows(seed):
        _required(config, seed, row, "model_id")
        _number(config, seed, row, "mql_threshold", required=True)
        floor = _number(config, seed, row, "score_floor")
        cap = _number(config, seed, row, "score_cap")
        if floor is not None and cap is not None and floor > cap:
            config.report(
                seed,
                row,
                "score_floor",
                f"score_floor {quoted(row.raw('score_floor'))} is above "
                f"score_cap {quoted(row.raw('score_cap'))}",
            )
        mode = row.code("decay_mode") or "none"
        if mode not in DECAY_MODES:
            config.report(
                seed,
                row,
                "decay_mode",
                f"unknown decay_mode {quoted(row.raw('decay_mode'))} "
                "(expected step, half_life or none)",
            )
        half_life = row.raw("half_life_days")
        if mode == "half_life" and not (
            half_life is not None and is_number(half_life) and float(half_life) > 0
        ):
            config.report(
                seed,
                row,
                "half_life_days",
                f"must be a number above 0 when decay_mode is half_life, got {quoted(half_life)}",
            )
        _boolean(config, seed, row, "is_active")
    _duplicates(
        config,
        seed,
        lambda row: (row.code("model_id"),) if row.code("model_id") else None,
        "model_id",
        lambda row, n: f"appears {n} times; model ids must be unique",
    )


def _check_account_scoring_rules(config: _Config) -> None:
    seed = "account_scoring_rules"
    for row in config.rows(seed):
        _model_exists(config, seed, row)
        rollup = row.code("engagement_rollup") or "sum"
        if rollup not in ROLLUPS:
            config.report(
                seed,
                row,
                "engagement_rollup",
                f"must be sum, max or avg, got {quoted(row.raw('engagement_rollup'))}",
            )
        for column in (
            "engagement_weight",
            "engaged_contact_min_engagement",
            "breadth_points_per_department",
            "account_mql_threshold",
        ):
            _number(config, seed, row, column, required=True)
        for column in ("max_breadth_departments", "min_engaged_contacts"):
            _number(config, seed, row, column, whole=True)
    _duplicates(
        config,
        seed,
        lambda row: (row.code("model_id"),) if row.code("model_id") else None,
        "model_id",
        lambda row, n: "has more than one account roll-up row",
    )


def _check_composite_model_components(config: _Config) -> None:
    seed = "composite_model_components"
    composites = config.codes(seed, "model_id")
    ruled = config.codes("fit_rules", "model_id") | config.codes("engagement_rules", "model_id")
    for row in config.rows(seed):
        _model_exists(config, seed, row)
        _model_exists(config, seed, row, "component_model_id")
        component = row.code("component_model_id")
        if component is not None and component in composites:
            config.report(
                seed,
                row,
                "component_model_id",
                f"component {quoted(row.raw('component_model_id'))} is itself a composite; "
                "composites combine rule-scored models",
            )
        if row.code("model_id") in ruled:
            config.report(
                seed,
                row,
                "model_id",
                f"composite {quoted(row.raw('model_id'))} also has fit or engagement rules; "
                "a composite only combines its components",
            )
        _number(config, seed, row, "weight", required=True)
    _duplicates(
        config,
        seed,
        lambda row: (row.code("model_id"), row.code("component_model_id")),
        "component_model_id",
        lambda row, n: "is listed more than once for this composite",
    )


def _check_engagement_rule_groups(config: _Config) -> None:
    seed = "engagement_rule_groups"
    for row in config.rows(seed):
        _model_exists(config, seed, row)
        _required(config, seed, row, "group_id")
        cap = _number(config, seed, row, "max_points", required=True)
        if cap is not None and cap < 0:
            config.report(
                seed,
                row,
                "max_points",
                f"must not be negative, got {quoted(row.raw('max_points'))}",
            )
    _duplicates(
        config,
        seed,
        lambda row: (row.code("model_id"), row.code("group_id")) if row.code("group_id") else None,
        "group_id",
        lambda row, n: "is declared more than once for this model",
    )


def _check_engagement_rules(config: _Config) -> None:
    seed = "engagement_rules"
    _rule_id_checks(config, seed)
    # Unknown when the groups file could not be read: then no reference is checked.
    groups = (
        {
            (row.code("model_id"), row.code("group_id"))
            for row in config.rows("engagement_rule_groups")
        }
        if "engagement_rule_groups" in config.files
        else None
    )
    for row in config.rows(seed):
        _required(config, seed, row, "activity_type")
        _number(config, seed, row, "points", required=True)
        low = _number(config, seed, row, "min_occurrences", whole=True)
        high = _number(config, seed, row, "max_occurrences", whole=True)
        window = _number(config, seed, row, "window_days", whole=True)
        if low is not None and low < 1:
            config.report(
                seed,
                row,
                "min_occurrences",
                f"must be at least 1, got {quoted(row.raw('min_occurrences'))}",
            )
        if high is not None and high < (low if low is not None else 1):
            config.report(
                seed,
                row,
                "max_occurrences",
                f"must not be below min_occurrences, got {quoted(row.raw('max_occurrences'))}",
            )
        if window is not None and window < 1:
            config.report(
                seed,
                row,
                "window_days",
                f"must be at least 1 day, got {quoted(row.raw('window_days'))}",
            )
        _boolean(config, seed, row, "disqualify")
        group = row.code("group_id")
        if groups is not None and group is not None and (row.code("model_id"), group) not in groups:
            config.report(
                seed,
                row,
                "group_id",
                f"group {quoted(row.raw('group_id'))} is not declared for this model "
                "in engagement_rule_groups.csv",
            )


def _check_fit_rules(config: _Config) -> None:
    seed = "fit_rules"
    _rule_id_checks(config, seed)
    lists = config.codes("scoring_lists", "list_name") if "scoring_lists" in config.files else None
    for row in config.rows(seed):
        if _required(config, seed, row, "attribute"):
            _check_attribute(config, seed, row)
        operator = row.code("operator")
        if operator not in OPERATORS:
            config.report(
                seed,
                row,
                "operator",
                f"unknown operator {quoted(row.raw('operator'))} "
                "(expected eq, in, contains, between, gte, lte, is_null, not_null or in_list)",
            )
        else:
            _check_fit_value(config, seed, row, operator, lists)
        _number(config, seed, row, "points", required=True)
        _boolean(config, seed, row, "disqualify")


def _check_attribute(config: _Config, seed: str, row: SeedRow) -> None:
    attribute = row.code("attribute")
    if attribute in config.attributes:
        return
    hint = "" if config.attributes_from_raw else "; pass --raw-dir to accept custom raw columns"
    config.report(
        seed,
        row,
        "attribute",
        f"unknown attribute {quoted(row.raw('attribute'))} "
        f"(not a column of the raw contacts or companies{hint})",
    )


def _check_fit_value(
    config: _Config, seed: str, row: SeedRow, operator: str, lists: set[str] | None
) -> None:
    value = row.raw("value")
    if operator in OPERATORS_NEEDING_VALUE and value is None:
        config.report(seed, row, "value", f"is required by operator {operator}")
    elif operator in NUMERIC_OPERATORS and not (value is not None and is_number(value)):
        config.report(
            seed, row, "value", f"must be a number for operator {operator}, got {quoted(value)}"
        )
    elif operator == "between" and not _is_range(value):
        config.report(
            seed,
            row,
            "value",
            f"must be two numbers lo|hi with lo <= hi for operator between, got {quoted(value)}",
        )
    elif operator == "in_list" and lists is not None and row.code("value") not in lists:
        config.report(
            seed, row, "value", f"names list {quoted(value)}, which scoring_lists.csv does not have"
        )


def _is_range(value: str | None) -> bool:
    parts = [part.strip() for part in (value or "").split("|")]
    if len(parts) != 2 or not all(is_number(part) for part in parts):
        return False
    return float(parts[0]) <= float(parts[1])


def _check_scoring_lists(config: _Config) -> None:
    seed = "scoring_lists"
    for row in config.rows(seed):
        _required(config, seed, row, "list_name")
        _required(config, seed, row, "value")


def _check_grade_bands(config: _Config) -> None:
    seed = "grade_bands"
    previous: dict[tuple[str | None, str | None], tuple[SeedRow, float]] = {}
    for row in config.rows(seed):
        _model_exists(config, seed, row)
        if row.code("dimension") not in DIMENSIONS:
            config.report(
                seed,
                row,
                "dimension",
                f"must be fit, engagement or account, got {quoted(row.raw('dimension'))}",
            )
        _required(config, seed, row, "grade")
        score = _number(config, seed, row, "min_score", required=True)
        if score is None:
            continue
        # The file order is the reading order for reviewers: highest band first.
        band = (row.code("model_id"), row.code("dimension"))
        if band in previous and score > previous[band][1]:
            above = previous[band][0]
            config.report(
                seed,
                row,
                "min_score",
                f"min_score {quoted(row.raw('min_score'))} is above the previous band's "
                f"(grade {quoted(above.raw('grade'))}, line {above.line}, "
                f"min_score {above.raw('min_score')}); list bands from the highest "
                "min_score down",
            )
        if band not in previous or score < previous[band][1]:
            previous[band] = (row, score)
    _duplicates(
        config,
        seed,
        lambda row: _band_key(row, row.raw("min_score"), numeric=True),
        "min_score",
        lambda row, n: (
            f"min_score {quoted(row.raw('min_score'))} is shared by another band; "
            "bands must be strictly ordered"
        ),
    )
    _duplicates(
        config,
        seed,
        lambda row: _band_key(row, row.raw("grade")),
        "grade",
        lambda row, n: "grade appears more than once for this model and dimension",
    )


def _band_key(
    row: SeedRow, value: str | None, *, numeric: bool = False
) -> tuple[str | None, ...] | None:
    if value is None or (numeric and not is_number(value)):
        return None
    normalized = repr(float(value)) if numeric else value
    return (row.code("model_id"), row.code("dimension"), normalized)


def _check_decay_schedule(config: _Config) -> None:
    seed = "decay_schedule"
    previous: dict[str | None, tuple[SeedRow, float]] = {}
    for row in config.rows(seed):
        _model_exists(config, seed, row)
        days = _number(config, seed, row, "inactive_days", required=True, whole=True)
        if days is not None and days < 1:
            config.report(seed, row, "inactive_days", "must be at least 1 day")
        subtracted = _number(config, seed, row, "points_subtracted", required=True)
        if subtracted is not None and subtracted < 0:
            config.report(
                seed,
                row,
                "points_subtracted",
                "must not be negative (it is subtracted), "
                f"got {quoted(row.raw('points_subtracted'))}",
            )
        _boolean(config, seed, row, "resets_score")
        if days is None:
            continue
        # Steps are cumulative; listing them in order is what makes them reviewable.
        model = row.code("model_id")
        if model in previous and days < previous[model][1]:
            before = previous[model][0]
            config.report(
                seed,
                row,
                "inactive_days",
                f"inactive_days {quoted(row.raw('inactive_days'))} is below the previous "
                f"step's ({before.raw('inactive_days')}, line {before.line}); list steps "
                "from the shortest inactivity up",
            )
        if model not in previous or days > previous[model][1]:
            previous[model] = (row, days)
    _duplicates(
        config,
        seed,
        lambda row: _decay_key(row),
        "inactive_days",
        lambda row, n: "another step has the same inactive_days; steps must be strictly ordered",
    )


def _decay_key(row: SeedRow) -> tuple[str | None, ...] | None:
    days = row.raw("inactive_days")
    if days is None or not is_whole_number(days):
        return None
    return (row.code("model_id"), str(int(days)))


CHECKS: dict[str, Callable[[_Config], None]] = {
    "scoring_models": _check_scoring_models,
    "account_scoring_rules": _check_account_scoring_rules,
    "composite_model_components": _check_composite_model_components,
    "engagement_rule_groups": _check_engagement_rule_groups,
    "engagement_rules": _check_engagement_rules,
    "fit_rules": _check_fit_rules,
    "scoring_lists": _check_scoring_lists,
    "grade_bands": _check_grade_bands,
    "decay_schedule": _check_decay_schedule,
}
