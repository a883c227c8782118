"""`leadscore suggest-weights`: rpt_rule_lift's suggested points as candidate seed files.

The output files are the current `fit_rules.csv` and `engagement_rules.csv` with only the
`points` field of the suggested rules rewritten: every other line is copied byte for
byte, so the pull request that proposes them shows exactly the weight changes.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import duckdb

SEED_FILES = {"fit": "fit_rules.csv", "engagement": "engagement_rules.csv"}


class SuggestWeightsError(Exception):
    """The suggestions cannot be exported (no warehouse, no report, unreadable seed)."""


@dataclass(frozen=True)
class Suggestion:
    rule_id: str
    rule_type: str
    current_points: float
    suggested_points: float
    lift: float | None
    leads_triggered: int


@dataclass(frozen=True)
class PointsChange:
    file: str
    line: int
    rule_id: str
    old_points: str
    new_points: str
    lift: float | None
    leads_triggered: int


@dataclass(frozen=True)
class SuggestWeightsResult:
    files: list[Path]
    changes: list[PointsChange]
    unchanged: list[str]
    not_in_seeds: list[str]


def load_suggestions(database: Path, model_id: str) -> list[Suggestion]:
    """Rules of the model with a suggested point value in rpt_rule_lift."""
    if not database.exists():
        raise SuggestWeightsError(f"no warehouse at {database}: build it first (make build)")
    with duckdb.connect(str(database), read_only=True) as con:
        try:
            rows = con.execute(
                """
                select rule_id, rule_type, cast(current_points as double), suggested_points,
                    lift, leads_triggered
                from rpt_rule_lift
                where model_id = ? and suggested_points is not null
                order by rule_type, rule_id
                """,
                [model_id],
            ).fetchall()
        except duckdb.CatalogException as err:
            raise SuggestWeightsError(
                f"{database} has no rpt_rule_lift: build the warehouse with this version of "
                "the project (dbt build)"
            ) from err
    return [
        Suggestion(
            rule_id=str(rule_id),
            rule_type=str(rule_type),
            current_points=float(current),
            suggested_points=float(suggested),
            lift=float(lift) if lift is not None else None,
            leads_triggered=int(leads),
        )
        for rule_id, rule_type, current, suggested, lift, leads in rows
    ]


def format_points(value: float) -> str:
    """Whole points as integers ('12', never '12.0' or '-0'), others as short decimals."""
    if value == int(value):
        return str(int(value))
    return f"{value:g}"


def _same_points(text: str, value: float) -> bool:
    try:
        return math.isclose(float(text), value)
    except ValueError:
        return False


def rewrite_points(
    text: str, model_id: str, new_points: dict[str, float], file_name: str
) -> tuple[str, list[tuple[int, str, str, str]]]:
    """The seed text with the points of the given rules (of one model) replaced, and the
    changes as (line, rule_id, old, new). Lines not changed are kept byte for byte."""
    lines = text.splitlines(keepends=True)
    if not lines:
        raise SuggestWeightsError(f"{file_name} is empty")
    header = next(csv.reader([lines[0]]))
    try:
        model_column = header.index("model_id")
        rule_column = header.index("rule_id")
        points_column = header.index("points")
    except ValueError as err:
        raise SuggestWeightsError(f"{file_name}: header lacks model_id, rule_id or points") from err
    output = [lines[0]]
    changes: list[tuple[int, str, str, str]] = []
    for number, line in enumerate(lines[1:], start=2):
        fields = next(csv.reader([line]), [])
        if len(fields) != len(header):
            # Blank or unusual lines (e.g. a quoted newline) are never rewritten.
            output.append(line)
            continue
        rule_id = fields[rule_column].strip()
        if fields[model_column].strip().lower() != model_id or rule_id not in new_points:
            output.append(line)
            continue
        old = fields[points_column]
        new = format_points(new_points[rule_id])
        if _same_points(old, new_points[rule_id]):
            output.append(line)
            continue
        start, end = field_span(line, points_column)
        output.append(line[:start] + new + line[end:])
        changes.append((number, rule_id, old.strip(), new))
    return "".join(output), changes


def field_span(line: str, index: int) -> tuple[int, int]:
    """Start and end offsets of the index-th field of a CSV line (quotes honoured), so
    one field can be replaced without re-quoting the others."""
    body_end = len(line.rstrip("\r\n"))
    start = 0
    field = 0
    in_quotes = False
    for position in range(body_end):
        char = line[position]
        if char == '"':
            in_quotes = not in_quotes
        elif char == "," and not in_quotes:
            if field == index:
                return start, position
            field += 1
            start = position + 1
    if field == index:
        return start, body_end
    raise SuggestWeightsError(f"line has no field {index}: {line!r}")


def suggest_weights(
    database: Path, seeds_dir: Path, out_dir: Path, model_id: str = "default"
) -> SuggestWeightsResult:
    """Write candidate fit_rules.csv and engagement_rules.csv into out_dir."""
    model = model_id.strip().lower()
    suggestions = load_suggestions(database, model)
    by_type: dict[str, dict[str, float]] = {rule_type: {} for rule_type in SEED_FILES}
    for suggestion in suggestions:
        by_type.setdefault(suggestion.rule_type, {})[suggestion.rule_id] = (
            suggestion.suggested_points
        )
    details = {s.rule_id: s for s in suggestions}
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    changes: list[PointsChange] = []
    found: set[str] = set()
    for rule_type, file_name in SEED_FILES.items():
        source = seeds_dir / file_name
        if not source.exists():
            raise SuggestWeightsError(f"no {file_name} in {seeds_dir}")
        # newline="" keeps the file's own line endings.
        with source.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        rewritten, file_changes = rewrite_points(text, model, by_type.get(rule_type, {}), file_name)
        found.update(_rule_ids(text, model))
        target = out_dir / file_name
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(rewritten)
        files.append(target)
        changes.extend(
            PointsChange(
                file=file_name,
                line=line,
                rule_id=rule_id,
                old_points=old,
                new_points=new,
                lift=details[rule_id].lift,
                leads_triggered=details[rule_id].leads_triggered,
            )
            for line, rule_id, old, new in file_changes
        )
    changed = {change.rule_id for change in changes}
    return SuggestWeightsResult(
        files=files,
        changes=changes,
        unchanged=sorted(
            s.rule_id for s in suggestions if s.rule_id in found and s.rule_id not in changed
        ),
        not_in_seeds=sorted(s.rule_id for s in suggestions if s.rule_id not in found),
    )


def _rule_ids(text: str, model_id: str) -> set[str]:
    rows = csv.DictReader(io.StringIO(text))
    return {
        (row.get("rule_id") or "").strip()
        for row in rows
        if (row.get("model_id") or "").strip().lower() == model_id
    }
