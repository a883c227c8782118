"""`leadscore suggest-weights`: the weights leadscore.evaluation.weight_learning learns, written as
candidate seed files.

The output files are the current `fit_rules.csv`, `engagement_rules.csv` and
`scoring_models.csv` with only the `points` fields of the reweighted rules and the
model's `mql_threshold` rewritten, and the proposed new rules appended: every other line
is copied byte for byte, so the pull request that proposes them shows exactly the
changes.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from leadscore.evaluation.weight_learning import LearnedWeights

SEED_FILES = {"fit": "fit_rules.csv", "engagement": "engagement_rules.csv"}
MODELS_FILE = "scoring_models.csv"


class SuggestWeightsError(Exception):
    """The suggestions cannot be exported (no warehouse, no report, unreadable seed)."""


@dataclass(frozen=True)
class PointsChange:
    file: str
    line: int
    rule_id: str
    old_points: str
    new_points: str


@dataclass(frozen=True)
class SuggestWeightsResult:
    files: list[Path]
    changes: list[PointsChange]
    added: list[str]
    learned: LearnedWeights


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
    return rewrite_field(text, "rule_id", "points", new_points, file_name, model_id=model_id)


def rewrite_field(
    text: str,
    key_column: str,
    value_column: str,
    new_values: dict[str, float],
    file_name: str,
    *,
    model_id: str | None = None,
) -> tuple[str, list[tuple[int, str, str, str]]]:
    """The seed text with value_column replaced on the rows whose key_column is in
    new_values (and, with model_id, whose model_id is it); changes as (line, key, old,
    new). Lines not changed are kept byte for byte."""
    lines = text.splitlines(keepends=True)
    if not lines:
        raise SuggestWeightsError(f"{file_name} is empty")
    header = next(csv.reader([lines[0]]))
    try:
        model_column = header.index("model_id")
        key_index = header.index(key_column)
        value_index = header.index(value_column)
    except ValueError as err:
        raise SuggestWeightsError(
            f"{file_name}: header lacks model_id, {key_column} or {value_column}"
        ) from err
    output = [lines[0]]
    changes: list[tuple[int, str, str, str]] = []
    for number, line in enumerate(lines[1:], start=2):
        fields = next(csv.reader([line]), [])
        if len(fields) != len(header):
            # Blank or unusual lines (e.g. a quoted newline) are never rewritten.
            output.append(line)
            continue
        key = fields[key_index].strip()
        wrong_model = model_id is not None and fields[model_column].strip().lower() != model_id
        if wrong_model or key not in new_values:
            output.append(line)
            continue
        old = fields[value_index]
        new = format_points(new_values[key])
        if _same_points(old, new_values[key]):
            output.append(line)
            continue
        start, end = field_span(line, value_index)
        output.append(line[:start] + new + line[end:])
        changes.append((number, key, old.strip(), new))
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


def _append_rows(text: str, rows: list[dict[str, str]]) -> str:
    """The seed text with rows appended in its header's column order (csv quoting)."""
    if not rows:
        return text
    header = next(csv.reader([text.splitlines()[0]]))
    newline = "\r\n" if "\r\n" in text else "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    body = text if text.endswith(("\n", "\r")) else text + newline
    return body + buffer.getvalue()


def _new_rule_rows(
    learned: LearnedWeights, rule_type: str, taken: set[str]
) -> list[dict[str, str]]:
    rows = []
    for finding in learned.findings:
        candidate = finding.candidate
        if finding.status != "proposed" or candidate.rule_type != rule_type:
            continue
        rule_id = candidate.rule_id
        suffix = 2
        while rule_id in taken:
            rule_id = f"{candidate.rule_id}_{suffix}"
            suffix += 1
        taken.add(rule_id)
        assert finding.suggested_points is not None
        rows.append(
            {
                "model_id": learned.model_id,
                "rule_id": rule_id,
                "points": format_points(finding.suggested_points),
                "disqualify": "false",
                "description": candidate.description,
                **candidate.fields,
            }
        )
    return rows


def suggest_weights(
    seeds_dir: Path,
    out_dir: Path,
    learned: LearnedWeights,
) -> SuggestWeightsResult:
    """Write the candidate seed files of `learned` into out_dir."""
    model = learned.model_id
    new_points: dict[str, dict[str, float]] = {rule_type: {} for rule_type in SEED_FILES}
    for finding in learned.findings:
        candidate = finding.candidate
        if candidate.kind == "rule" and finding.suggested_points is not None:
            new_points[candidate.rule_type][candidate.rule_id] = finding.suggested_points
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    changes: list[PointsChange] = []
    added: list[str] = []
    for rule_type, file_name in SEED_FILES.items():
        text = _read_seed(seeds_dir, file_name)
        rewritten, file_changes = rewrite_points(text, model, new_points[rule_type], file_name)
        rows = _new_rule_rows(learned, rule_type, _rule_ids(text, model))
        added += [row["rule_id"] for row in rows]
        files.append(_write_seed(out_dir, file_name, _append_rows(rewritten, rows)))
        changes.extend(
            PointsChange(file_name, line, rule_id, old, new)
            for line, rule_id, old, new in file_changes
        )
    models_text = _read_seed(seeds_dir, MODELS_FILE)
    rewritten, model_changes = rewrite_field(
        models_text,
        "model_id",
        "mql_threshold",
        {model: learned.threshold.suggested},
        MODELS_FILE,
    )
    files.append(_write_seed(out_dir, MODELS_FILE, rewritten))
    changes.extend(
        PointsChange(MODELS_FILE, line, key, old, new) for line, key, old, new in model_changes
    )
    return SuggestWeightsResult(files=files, changes=changes, added=added, learned=learned)


def _read_seed(seeds_dir: Path, file_name: str) -> str:
    source = seeds_dir / file_name
    if not source.exists():
        raise SuggestWeightsError(f"no {file_name} in {seeds_dir}")
    # newline="" keeps the file's own line endings.
    with source.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _write_seed(out_dir: Path, file_name: str, text: str) -> Path:
    target = out_dir / file_name
    with target.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return target


def _rule_ids(text: str, model_id: str) -> set[str]:
    rows = csv.DictReader(io.StringIO(text))
    return {
        (row.get("rule_id") or "").strip()
        for row in rows
        if (row.get("model_id") or "").strip().lower() == model_id
    }
