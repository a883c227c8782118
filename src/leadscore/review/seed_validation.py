"""Validate the scoring seeds (seeds/scoring/*.csv) without dbt.

The checks are declared once, with the seeds, in seeds/scoring/_scoring__seeds.yml:
dbt runs them on every build (the valid_scoring_seed test, which names the bad row by
its key) and this module interprets the same declarations, with the same messages, for
the places where a dbt build is too slow or too late: a pre-commit hook, an editor,
the first step of a CI job. Reading the files directly also lets it name the CSV line,
and check what the loaded tables cannot see: the order of rows in the file (checks of
kind `order`: grade bands from the highest down, decay steps from the shortest
inactivity up) and the header itself.

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

from leadscore.project_config import RAW_REQUIRED_COLUMNS, VALUE_RULES, project_file

CONTACT_COLUMNS = RAW_REQUIRED_COLUMNS["contacts"]
COMPANY_COLUMNS = RAW_REQUIRED_COLUMNS["companies"]
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


# How text becomes a number or a boolean, as the dbt project reads it.
# Plain decimal numbers: stricter than DuckDB's cast (no inf, nan, 1_000 or 0x10).
_NUMBER = re.compile(VALUE_RULES["number_pattern"])
_WHOLE = re.compile(VALUE_RULES["whole_number_pattern"])
NUMBER_LIMIT = float(VALUE_RULES["number_limit"])
WHOLE_NUMBER_LIMIT = int(VALUE_RULES["whole_number_limit"])
TRUE_WORDS = tuple(VALUE_RULES["boolean_words"]["true"])
FALSE_WORDS = tuple(VALUE_RULES["boolean_words"]["false"])

# The scoring seeds, their columns and their checks, as declared for dbt.
SEEDS_YAML = "seeds/scoring/_scoring__seeds.yml"
# The model listing the attributes a fit rule may use (fit_attributes() computes it).
ATTRIBUTES_MODEL = "int_contact_attributes_listed"
_SPEC: list[dict[str, Any]] = yaml.safe_load(project_file(SEEDS_YAML).read_text())["seeds"]
SEED_COLUMNS: dict[str, tuple[str, ...]] = {
    seed["name"]: tuple(column["name"] for column in seed["columns"]) for seed in _SPEC
}
SEED_CHECKS: dict[str, list[dict[str, Any]]] = {
    seed["name"]: [
        check
        for test in seed.get("data_tests", [])
        for check in test["valid_scoring_seed"]["arguments"]["checks"]
    ]
    for seed in _SPEC
}


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

    def references(self, target: dict[str, str], scope: Sequence[str]) -> set[tuple[str, ...]]:
        """The codes of a column another check refers to (with its scope columns first);
        an empty set's meaning is "none", so an unreadable file raises _Unknown."""
        if target["ref"] == ATTRIBUTES_MODEL:
            return {(attribute,) for attribute in self.attributes}
        if target["ref"] not in self.files:
            raise _Unknown
        return {
            (*(row.code(column) or "" for column in scope), code)
            for row in self.rows(target["ref"])
            if (code := row.code(target["column"])) is not None
        }


class _Unknown(Exception):
    """A check refers to a seed file that could not be read: then it is not checked
    (every reference would look broken, which helps nobody)."""


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
    for seed, checks in SEED_CHECKS.items():
        if seed in config.files:
            for check in checks:
                _apply(config, seed, check)
    rows = sum(len(parsed.rows) for parsed in config.files.values())
    return ValidationResult(
        sorted(set(config.problems), key=Problem.sort_key), len(config.files), rows
    )


# The checks are declared in seeds/scoring/_scoring__seeds.yml (its header lists the
# kinds); dbt runs the same declarations in macros/scoring/config_validation.sql.


def _apply(config: _Config, seed: str, check: dict[str, Any]) -> None:
    kind = check["check"]
    rows = [row for row in config.rows(seed) if _applies(row, check.get("when"))]
    if kind == "unique":
        _unique(config, seed, rows, check)
    elif kind == "order":
        _order(config, seed, rows, check)
    elif kind == "exists":
        _exists(config, seed, rows, check)
    else:
        row_check = ROW_CHECKS[kind]
        for row in rows:
            message = row_check(row, check)
            if message is not None:
                config.report(seed, row, check["column"], message)


def _applies(row: SeedRow, when: dict[str, list[str]] | None) -> bool:
    return all(row.code(column) in codes for column, codes in (when or {}).items())


def _message(template: str, row: SeedRow, column: str, extra: dict[str, str] | None = None) -> str:
    """A check's message: the placeholders of the seeds YAML's header filled in."""
    given = extra or {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in given:
            return given[name]
        if name == "value":
            return quoted(row.raw(column))
        prefix, _, other = name.partition(":")
        if prefix == "code":
            return row.code(other) or ""
        return quoted(row.raw(name))

    return _PLACEHOLDER.sub(fill, template)


_PLACEHOLDER = re.compile(r"\{([a-z_:]+)\}")


def _parsed(row: SeedRow, column: str, kind: str | None) -> float | None:
    value = row.raw(column)
    if value is None:
        return None
    if kind == "whole_number":
        return float(value) if is_whole_number(value) else None
    return float(value) if is_number(value) else None


def _required(row: SeedRow, check: dict[str, Any]) -> str | None:
    if row.raw(check["column"]) is None:
        return _message(check["message"], row, check["column"])
    return None


def _number(row: SeedRow, check: dict[str, Any]) -> str | None:
    """A number within value_rules; the message is the one dbt's number check gives."""
    whole = check.get("type") == "whole_number"
    kind = "whole number" if whole else "number"
    value = row.raw(check["column"])
    if value is None:
        return f"must be a {kind}, got (blank)" if check.get("required") else None
    if is_whole_number(value) if whole else is_number(value):
        return None
    if out_of_range(value):
        limit = WHOLE_NUMBER_LIMIT if whole else int(NUMBER_LIMIT)
        return f"must be a {kind} between -{limit} and {limit}, got {quoted(value)}"
    return f"must be a {kind}, got {quoted(value)}"


def _parses(row: SeedRow, check: dict[str, Any]) -> str | None:
    if _parsed(row, check["column"], check.get("type")) is None:
        return _message(check["message"], row, check["column"])
    return None


def _boolean(row: SeedRow, check: dict[str, Any]) -> str | None:
    value = row.raw(check["column"])
    if value is not None and parse_boolean(value) is None:
        return _message(check["message"], row, check["column"])
    return None


def _one_of(row: SeedRow, check: dict[str, Any]) -> str | None:
    code = row.code(check["column"]) or check.get("default")
    if code is None or code not in check["values"]:
        return _message(check["message"], row, check["column"])
    return None


_OUTSIDE: dict[str, Callable[[float, float], bool]] = {
    "at_least": lambda value, bound: value < bound,
    "above": lambda value, bound: value <= bound,
    "at_most": lambda value, bound: value > bound,
}


def _bound(row: SeedRow, check: dict[str, Any]) -> str | None:
    value = _parsed(row, check["column"], check.get("type"))
    if "bound_column" in check:
        bound = _parsed(row, check["bound_column"], check.get("type"))
        if bound is None and check.get("bound_default") is not None:
            bound = float(check["bound_default"])
    else:
        bound = float(check["bound"])
    if value is None:
        failed = bool(check.get("missing_fails"))
    else:
        failed = bound is not None and _OUTSIDE[check["limit"]](value, bound)
    return _message(check["message"], row, check["column"]) if failed else None


def _range(row: SeedRow, check: dict[str, Any]) -> str | None:
    """Stricter than dbt's split: exactly two parts, each a number as value_rules say."""
    parts = [part.strip() for part in (row.raw(check["column"]) or "").split(check["separator"])]
    if (
        len(parts) == 2
        and all(is_number(part) for part in parts)
        and float(parts[0]) <= float(parts[1])
    ):
        return None
    return _message(check["message"], row, check["column"])


ROW_CHECKS: dict[str, Callable[[SeedRow, dict[str, Any]], str | None]] = {
    "required": _required,
    "number": _number,
    "parses": _parses,
    "boolean": _boolean,
    "one_of": _one_of,
    "bound": _bound,
    "range": _range,
}


def _key_part(row: SeedRow, column: str, kind: str) -> str | None:
    if kind == "text":
        return row.raw(column)
    if kind in ("number", "whole_number"):
        number = _parsed(row, column, kind)
        return None if number is None else repr(number)
    return row.code(column)


def _unique(config: _Config, seed: str, rows: list[SeedRow], check: dict[str, Any]) -> None:
    """Every row whose key other rows share too, with the lines of all of them."""
    column = check["column"]
    groups: dict[tuple[str | None, ...], list[SeedRow]] = defaultdict(list)
    for row in rows:
        key = tuple(_key_part(row, part["column"], part["as"]) for part in check["key"])
        reported = next(part for part in check["key"] if part["column"] == column)
        if _key_part(row, column, reported["as"]) is not None:
            groups[key].append(row)
    for group in groups.values():
        if len(group) > 1:
            lines = ", ".join(str(row.line) for row in group)
            for row in group:
                message = _message(check["message"], row, column, {"count": str(len(group))})
                config.report(seed, row, column, f"{message} (lines {lines})")


def _exists(config: _Config, seed: str, rows: list[SeedRow], check: dict[str, Any]) -> None:
    column, scope = check["column"], check.get("scope", [])
    try:
        known = set().union(*(config.references(target, scope) for target in check["in"]))
    except _Unknown:
        return
    hint = "" if config.attributes_from_raw else "; pass --raw-dir to accept custom raw columns"
    for row in rows:
        code = row.code(column)
        if code is None:
            failed = bool(check.get("missing_fails")) and not check.get("forbidden")
        else:
            found = (*(row.code(part) or "" for part in scope), code) in known
            failed = found if check.get("forbidden") else not found
        if failed:
            message = _message(check["message"], row, column, {"hint": hint})
            config.report(seed, row, column, message)


def _order(config: _Config, seed: str, rows: list[SeedRow], check: dict[str, Any]) -> None:
    """Rows listed in order within their group: the order reviewers read them in."""
    column = check["column"]
    descending = check["direction"] == "descending"
    extreme: dict[tuple[str | None, ...], tuple[SeedRow, float]] = {}
    for row in rows:
        value = _parsed(row, column, check.get("type"))
        if value is None:
            continue
        group = tuple(row.code(part) for part in check["within"])
        if group in extreme:
            before, limit = extreme[group]
            if (value > limit) if descending else (value < limit):
                previous = {"previous_line": str(before.line)}
                for name in before.values:
                    previous[f"previous:{name}"] = quoted(before.raw(name))
                    previous[f"previous_raw:{name}"] = before.raw(name) or ""
                message = _message(check["message"], row, column, previous)
                config.report(seed, row, column, message)
        if group not in extreme or (
            (value < extreme[group][1]) if descending else (value > extreme[group][1])
        ):
            extreme[group] = (row, value)
