"""`leadscore validate-seeds`: the real seeds pass; each class of bad seed, made on a
copy of the seeds, yields its message at the right file, CSV line and column, and
exit 1. Line numbers are found by the test from the file itself (header = line 1)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml  # type: ignore[import-untyped, unused-ignore]  # PyYAML comes with dbt
from typer.testing import CliRunner

from _warehouse import PROJECT_DIR
from leadscore.cli import app
from leadscore.review.seed_validation import COMPANY_COLUMNS, CONTACT_COLUMNS, SEED_COLUMNS

SEEDS = Path("seeds") / "scoring"


class Seeds:
    """A copy of the scoring seeds to break; every edit returns the CSV line it touched."""

    def __init__(self, root: Path) -> None:
        self.dir = root / SEEDS
        shutil.copytree(PROJECT_DIR / SEEDS, self.dir)

    def _read(self, name: str) -> tuple[list[str], list[dict[str, str]]]:
        with (self.dir / f"{name}.csv").open(newline="") as handle:
            reader = csv.DictReader(handle)
            return list(reader.fieldnames or []), list(reader)

    def _write(self, name: str, fields: list[str], rows: list[dict[str, str]]) -> None:
        with (self.dir / f"{name}.csv").open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    def set(self, name: str, key: dict[str, str], column: str, value: str) -> int:
        fields, rows = self._read(name)
        index = next(i for i, row in enumerate(rows) if all(row[k] == v for k, v in key.items()))
        rows[index][column] = value
        self._write(name, fields, rows)
        return index + 2  # the header is line 1; no seed row spans lines

    def line_of(self, name: str, key: dict[str, str]) -> int:
        _, rows = self._read(name)
        return 2 + next(i for i, row in enumerate(rows) if all(row[k] == v for k, v in key.items()))

    def append(self, name: str, values: dict[str, str]) -> int:
        fields, rows = self._read(name)
        rows.append({field: values.get(field, "") for field in fields})
        self._write(name, fields, rows)
        return len(rows) + 1

    def append_raw_line(self, name: str, line: str) -> int:
        path = self.dir / f"{name}.csv"
        text = path.read_text()
        path.write_text(text + line + "\n")
        return len(text.splitlines()) + 1

    def drop_column(self, name: str, column: str) -> int:
        fields, rows = self._read(name)
        for row in rows:
            del row[column]
        self._write(name, [f for f in fields if f != column], rows)
        return 1


def _invoke(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    # Relative --seeds-dir from the project root, as a pre-commit hook runs it, so the
    # messages name seeds/scoring/<file>.csv.
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["validate-seeds", "--seeds-dir", str(SEEDS), *args])
    return result.exit_code, result.output


def test_real_seeds_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = Seeds(tmp_path)
    rows = 0
    for path in sorted(seeds.dir.glob("*.csv")):
        with path.open(newline="") as handle:
            rows += sum(1 for _ in csv.DictReader(handle))
    files = len(list(seeds.dir.glob("*.csv")))
    code, output = _invoke(tmp_path, monkeypatch=monkeypatch)
    assert (code, output) == (0, f"seeds OK ({rows} rows in {files} files)\n")


def test_real_seeds_pass_with_a_raw_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Seeds(tmp_path)
    raw = _raw_dir(tmp_path, contact_extra={})
    code, output = _invoke(tmp_path, "--raw-dir", str(raw), monkeypatch=monkeypatch)
    assert code == 0, output


@dataclass(frozen=True)
class Case:
    """A bad seed: the edit (returns the line), the file and column named, the message."""

    name: str
    edit: Callable[[Seeds], int]
    file: str
    column: str | None
    message: str

    def expected(self, line: int) -> str:
        where = f"{SEEDS / self.file}.csv:{line}"
        if self.column is None:
            return f"{where}: {self.message}"
        return f"{where}: column {self.column}: {self.message}"


DEFAULT_RULE = {"model_id": "default"}
FIT_ROW = {
    "model_id": "default",
    "attribute": "country",
    "operator": "eq",
    "value": "us",
    "points": "1",
    "disqualify": "false",
    "description": "test row",
}

CASES = [
    Case(
        "unknown operator",
        lambda s: s.set("fit_rules", {"rule_id": "fit_department_it"}, "operator", "like"),
        "fit_rules",
        "operator",
        "unknown operator 'like' (expected eq, in, contains, between, gte, lte, is_null, "
        "not_null or in_list)",
    ),
    Case(
        "unknown attribute",
        lambda s: s.set("fit_rules", {"rule_id": "fit_lead_source_warm"}, "attribute", "shoe_size"),
        "fit_rules",
        "attribute",
        "unknown attribute 'shoe_size' (not a column of the raw contacts or companies",
    ),
    Case(
        "non-numeric points",
        lambda s: s.set("fit_rules", {"rule_id": "fit_seniority_manager"}, "points", "five"),
        "fit_rules",
        "points",
        "must be a number, got 'five'",
    ),
    Case(
        "NaN points",
        lambda s: s.set("fit_rules", {"rule_id": "fit_seniority_manager"}, "points", "NaN"),
        "fit_rules",
        "points",
        "must be a number, got 'NaN'",
    ),
    Case(
        "infinite threshold",
        lambda s: s.set("scoring_models", {"model_id": "default"}, "mql_threshold", "Infinity"),
        "scoring_models",
        "mql_threshold",
        "must be a number, got 'Infinity'",
    ),
    Case(
        "points beyond decimal(18,4)",
        lambda s: s.set("engagement_rules", {"rule_id": "eng_page_view"}, "points", "1e20"),
        "engagement_rules",
        "points",
        "must be a number between -99999999999999 and 99999999999999, got '1e20'",
    ),
    Case(
        "days beyond an int",
        lambda s: s.set(
            "engagement_rules", {"rule_id": "eng_page_view"}, "window_days", "99999999999"
        ),
        "engagement_rules",
        "window_days",
        "must be a whole number between -2147483647 and 2147483647, got '99999999999'",
    ),
    Case(
        "missing points",
        lambda s: s.set("engagement_rules", {"rule_id": "eng_page_view"}, "points", ""),
        "engagement_rules",
        "points",
        "must be a number, got (blank)",
    ),
    Case(
        "duplicate rule_id",
        lambda s: s.append("fit_rules", {**FIT_ROW, "rule_id": "fit_revenue_10m"}),
        "fit_rules",
        "rule_id",
        "appears 2 times in the model; rule ids must be unique per model",
    ),
    Case(
        "value required by operator",
        lambda s: s.set("fit_rules", {"rule_id": "fit_department_it"}, "value", ""),
        "fit_rules",
        "value",
        "is required by operator eq",
    ),
    Case(
        "value numeric for gte",
        lambda s: s.set("fit_rules", {"rule_id": "fit_size_enterprise"}, "value", "big"),
        "fit_rules",
        "value",
        "must be a number for operator gte, got 'big'",
    ),
    Case(
        "between lo|hi",
        lambda s: s.set("fit_rules", {"rule_id": "fit_size_mid_market"}, "value", "5000|200"),
        "fit_rules",
        "value",
        "must be two numbers lo|hi with lo <= hi for operator between, got '5000|200'",
    ),
    Case(
        "in_list names a missing list",
        lambda s: s.set("fit_rules", {"rule_id": "fit_free_email"}, "value", "free_mail_domains"),
        "fit_rules",
        "value",
        "names list 'free_mail_domains', which scoring_lists.csv does not have",
    ),
    Case(
        "model without a scoring_models row",
        lambda s: s.append("fit_rules", {**FIT_ROW, "model_id": "ghost", "rule_id": "orphan"}),
        "fit_rules",
        "model_id",
        "model_id 'ghost' has no row in scoring_models.csv",
    ),
    Case(
        "boolean not true/false",
        lambda s: s.set("fit_rules", {"rule_id": "fit_competitor"}, "disqualify", "maybe"),
        "fit_rules",
        "disqualify",
        "must be true or false, got 'maybe'",
    ),
    Case(
        "max_occurrences below min_occurrences",
        lambda s: s.set("engagement_rules", {"rule_id": "eng_email_open"}, "max_occurrences", "2"),
        "engagement_rules",
        "max_occurrences",
        "must not be below min_occurrences, got '2'",
    ),
    Case(
        "whole number",
        lambda s: s.set("engagement_rules", {"rule_id": "eng_page_view"}, "window_days", "7.5"),
        "engagement_rules",
        "window_days",
        "must be a whole number, got '7.5'",
    ),
    Case(
        "rule in an undeclared group",
        lambda s: s.set("engagement_rules", {"rule_id": "eng_email_click"}, "group_id", "emails"),
        "engagement_rules",
        "group_id",
        "group 'emails' is not declared for this model in engagement_rule_groups.csv",
    ),
    Case(
        "group of an unknown model",
        lambda s: s.append(
            "engagement_rule_groups", {"model_id": "ghost", "group_id": "g", "max_points": "5"}
        ),
        "engagement_rule_groups",
        "model_id",
        "model_id 'ghost' has no row in scoring_models.csv",
    ),
    Case(
        "composite of an unknown model",
        lambda s: s.set(
            "composite_model_components",
            {"component_model_id": "upsell"},
            "component_model_id",
            "ghost",
        ),
        "composite_model_components",
        "component_model_id",
        "component 'ghost' has no row in scoring_models.csv",
    ),
    Case(
        "composite of a composite",
        lambda s: s.set(
            "composite_model_components",
            {"component_model_id": "upsell"},
            "component_model_id",
            "blended",
        ),
        "composite_model_components",
        "component_model_id",
        "component 'blended' is itself a composite; composites combine rule-scored models",
    ),
    Case(
        "account rule of an unknown model",
        lambda s: s.set("account_scoring_rules", {"model_id": "upsell"}, "model_id", "ghost"),
        "account_scoring_rules",
        "model_id",
        "model_id 'ghost' has no row in scoring_models.csv",
    ),
    Case(
        "grade bands share a min_score",
        lambda s: s.set(
            "grade_bands",
            {"model_id": "default", "dimension": "fit", "grade": "B"},
            "min_score",
            "45",
        ),
        "grade_bands",
        "min_score",
        "min_score '45' is shared by another band; bands must be strictly ordered",
    ),
    Case(
        "grade appears twice",
        lambda s: s.set(
            "grade_bands", {"model_id": "upsell", "dimension": "fit", "grade": "B"}, "grade", "A"
        ),
        "grade_bands",
        "grade",
        "grade appears more than once for this model and dimension",
    ),
    Case(
        "grade bands out of order",
        lambda s: s.set(
            "grade_bands",
            {"model_id": "default", "dimension": "engagement", "grade": "3"},
            "min_score",
            "35",
        ),
        "grade_bands",
        "min_score",
        "min_score '35' is above the previous band's (grade '2', line",
    ),
    Case(
        "decay steps out of order",
        lambda s: s.set("decay_schedule", {"inactive_days": "60"}, "inactive_days", "20"),
        "decay_schedule",
        "inactive_days",
        "inactive_days '20' is below the previous step's (30, line",
    ),
    Case(
        "decay step duplicated",
        lambda s: s.set("decay_schedule", {"inactive_days": "60"}, "inactive_days", "30"),
        "decay_schedule",
        "inactive_days",
        "another step has the same inactive_days; steps must be strictly ordered",
    ),
    Case(
        "negative points_subtracted",
        lambda s: s.set("decay_schedule", {"inactive_days": "30"}, "points_subtracted", "-5"),
        "decay_schedule",
        "points_subtracted",
        "must not be negative (it is subtracted), got '-5'",
    ),
    Case(
        "unknown decay_mode",
        lambda s: s.set("scoring_models", {"model_id": "default"}, "decay_mode", "linear"),
        "scoring_models",
        "decay_mode",
        "unknown decay_mode 'linear' (expected step, half_life or none)",
    ),
    Case(
        "half_life without half_life_days",
        lambda s: s.set("scoring_models", {"model_id": "upsell"}, "half_life_days", ""),
        "scoring_models",
        "half_life_days",
        "must be a number above 0 when decay_mode is half_life, got (blank)",
    ),
    Case(
        "missing column in the header",
        lambda s: s.drop_column("fit_rules", "points"),
        "fit_rules",
        "points",
        "required column is missing from the header",
    ),
    Case(
        "row with too many fields",
        lambda s: s.append_raw_line("scoring_lists", "free_email_domains,gmail.com,extra"),
        "scoring_lists",
        None,
        "row has 3 fields, the header has 2",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_seed_is_named_by_file_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    line = case.edit(Seeds(tmp_path))
    code, output = _invoke(tmp_path, monkeypatch=monkeypatch)
    assert code == 1, output
    assert case.expected(line) in output, output
    assert "problem(s) in the scoring seeds" in output


def test_duplicates_name_both_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = Seeds(tmp_path)
    first = seeds.line_of("fit_rules", {"rule_id": "fit_revenue_10m"})
    second = seeds.append("fit_rules", {**FIT_ROW, "rule_id": "fit_revenue_10m"})
    code, output = _invoke(tmp_path, monkeypatch=monkeypatch)
    assert code == 1
    for line in (first, second):
        assert (
            f"{SEEDS}/fit_rules.csv:{line}: column rule_id: appears 2 times in the model; "
            f"rule ids must be unique per model (lines {first}, {second})"
        ) in output


def test_every_problem_is_listed_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = Seeds(tmp_path)
    bad = [case for case in CASES if case.name in {"unknown operator", "unknown decay_mode"}]
    lines = [case.edit(seeds) for case in bad]
    code, output = _invoke(tmp_path, monkeypatch=monkeypatch)
    assert code == 1
    for case, line in zip(bad, lines, strict=True):
        assert case.expected(line) in output
    assert output.count("\n") == len(bad) + 1  # one line per problem, then the count


def _raw_dir(root: Path, contact_extra: dict[str, str]) -> Path:
    """Raw contacts/companies with DESIGN.md's columns plus contact_extra (one row)."""
    raw = root / "raw"
    raw.mkdir()
    contacts = {column: ["x"] for column in CONTACT_COLUMNS} | {
        column: [value] for column, value in contact_extra.items()
    }
    pq.write_table(pa.table(contacts), raw / "contacts.parquet")
    pq.write_table(
        pa.table({column: ["x"] for column in COMPANY_COLUMNS}), raw / "companies.parquet"
    )
    return raw


def test_custom_raw_column_is_an_attribute_with_raw_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = Seeds(tmp_path)
    line = seeds.set("fit_rules", {"rule_id": "fit_lead_source_warm"}, "attribute", "shoe_size")
    code, output = _invoke(tmp_path, monkeypatch=monkeypatch)
    assert code == 1
    assert (
        f"{SEEDS}/fit_rules.csv:{line}: column attribute: unknown attribute 'shoe_size'" in output
    )
    assert "pass --raw-dir" in output
    raw = _raw_dir(tmp_path, {"shoe_size": "44"})
    code, output = _invoke(tmp_path, "--raw-dir", str(raw), monkeypatch=monkeypatch)
    assert code == 0, output


@pytest.mark.parametrize(
    "attribute", ["company_industry", "industry", "email_domain", "company_country", "created_date"]
)
def test_derived_and_company_attributes_are_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attribute: str
) -> None:
    Seeds(tmp_path).set("fit_rules", {"rule_id": "fit_lead_source_warm"}, "attribute", attribute)
    code, output = _invoke(tmp_path, monkeypatch=monkeypatch)
    assert code == 0, output


def test_seed_columns_match_the_seed_yaml() -> None:
    """The validator's column lists must follow _scoring__seeds.yml (the dbt contract)."""
    spec = yaml.safe_load((PROJECT_DIR / SEEDS / "_scoring__seeds.yml").read_text())
    declared = {seed["name"]: tuple(seed["config"]["column_types"]) for seed in spec["seeds"]}
    assert declared == SEED_COLUMNS


def test_check_csv(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("a,b\n1,2\n")
    bad.write_text("a,a\n1,2,3\n")
    result = CliRunner().invoke(app, ["check-csv", str(good)])
    assert (result.exit_code, result.output) == (0, "1 CSV file(s) OK\n")
    result = CliRunner().invoke(app, ["check-csv", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{bad}:1: column a: appears more than once in the header",
        f"{bad}:2: row has 3 fields, the header has 2 (an unquoted comma in a text?)",
    ]


def test_header_problems_of_one_file_are_all_on_line_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = Seeds(tmp_path)
    seeds.drop_column("grade_bands", "min_score")
    path = seeds.dir / "grade_bands.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, output = _invoke(tmp_path, monkeypatch=monkeypatch)
    assert code == 1
    assert output.splitlines()[:2] == [
        f"{SEEDS}/grade_bands.csv:1: starts with a byte order mark; save as UTF-8 without one",
        f"{SEEDS}/grade_bands.csv:1: column min_score: required column is missing from the header",
    ]


def test_missing_seed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = Seeds(tmp_path)
    (seeds.dir / "decay_schedule.csv").unlink()
    code, output = _invoke(tmp_path, monkeypatch=monkeypatch)
    assert code == 1
    assert output.splitlines()[0] == f"{SEEDS}/decay_schedule.csv:1: missing scoring seed file"


def test_empty_seed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = Seeds(tmp_path)
    (seeds.dir / "grade_bands.csv").write_text("")
    code, output = _invoke(tmp_path, monkeypatch=monkeypatch)
    assert code == 1
    assert output.splitlines()[0] == (
        f"{SEEDS}/grade_bands.csv:1: empty file: the first line must be the header"
    )
