"""Bad raw input, case by case: every case under fixtures/bad_inputs/ is a directory of
small raw CSV files and an expected.json saying, in words and in SQL checks with
hand-written results, what must happen. Row-level cases share one build (their ids
are distinct); file-level cases ("build": "alone") get a build each. Every build must
lose no row: raw rows = staged + quarantined, per table. A table of the cases and
their outcomes is printed at the end of the pytest run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from _warehouse import PROJECT_DIR, Build, output

pytestmark = pytest.mark.slow

CASES_DIR = Path(__file__).parent / "fixtures" / "bad_inputs"
SCORE_DATE = "2026-10-31"
CASES: dict[str, dict[str, Any]] = {
    path.name: json.loads((path / "expected.json").read_text())
    for path in sorted(CASES_DIR.iterdir())
    if (path / "expected.json").exists()
}
SHARED = sorted(name for name, case in CASES.items() if case.get("build") != "alone")
ALONE = sorted(name for name, case in CASES.items() if case.get("build") == "alone")

# (case, outcome, rows lost) for the summary printed by conftest.py
OUTCOMES: list[tuple[str, str, str]] = []


def _copy_case(case: str, raw_dir: Path, suffix: str) -> None:
    raw_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted((CASES_DIR / case).glob("*.csv")):
        shutil.copy2(path, raw_dir / f"{path.stem}{suffix}.csv")


def _build(root: Path, raw_dir: Path, extra_vars: str = "") -> tuple[Build, str, int]:
    build = Build(PROJECT_DIR, raw_dir, root / "warehouse.duckdb", root / "target")
    result = build.dbt(
        "build",
        "--exclude",
        "test_type:unit",
        "--vars",
        f"{{score_date: '{SCORE_DATE}', raw_format: csv{extra_vars}}}",
    )
    return build, output(result), result.returncode


def _rows_lost(build: Build) -> int:
    rows = build.query(
        "select sum(raw_rows - staged_rows - quarantined_rows) from audit_source_reconciliation"
    )
    return int(rows[0][0] or 0)


def _run_checks(build: Build, case: dict[str, Any]) -> None:
    for check in case.get("checks", []):
        actual = [list(row) for row in build.query(check["sql"])]
        assert actual == check["expected"], f"{check['sql']}\n{actual} != {check['expected']}"


@pytest.fixture(scope="module")
def shared_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("bad_inputs_shared")
    for case in SHARED:
        _copy_case(case, root / "raw", f"_{case}")
    # The corpus is mostly bad rows by design, so the share-of-quarantine alarm is
    # raised out of the way here; quarantine_above_error_share tests it on its own.
    build, log, code = _build(root, root / "raw", ", quarantine_error_share: 1.0")
    assert code == 0, log
    return build


def test_no_row_is_lost_across_the_shared_corpus(shared_build: Build) -> None:
    assert _rows_lost(shared_build) == 0
    # counted by hand from the case files: blank_ids 7, duplicate_activity_identical 1,
    # duplicate_activity_conflicting 1, duplicate_contact_email 1, unparseable_values 4,
    # special_time_words 5, erasure_request 1 (bad values of optional fields are
    # rejected values, not quarantined rows)
    rows = shared_build.query("select count(*) from audit_quarantined_rows")
    assert rows[0][0] == 20
    # bad_company_numbers 3, non_finite_numbers 7, fractional_employee_count 2,
    # unparseable_optional_values 2, unparseable_values 1
    rows = shared_build.query("select count(*) from audit_rejected_values")
    assert rows[0][0] == 15


@pytest.mark.parametrize("case", SHARED)
def test_row_level_case(shared_build: Build, case: str) -> None:
    _run_checks(shared_build, CASES[case])
    OUTCOMES.append((case, CASES[case]["outcome"], str(_rows_lost(shared_build))))


@pytest.mark.parametrize("case", ALONE)
def test_file_level_case(tmp_path: Path, case: str) -> None:
    expected = CASES[case]
    _copy_case(case, tmp_path / "raw", "")
    build, log, code = _build(tmp_path, tmp_path / "raw")
    if "error" in expected:
        assert code != 0, f"{case}: the build should fail\n{log}"
        for fragment in (expected["error"], expected.get("error_also", "")):
            assert fragment in log, f"{case}: {fragment!r} not in the build output\n{log}"
        lost = str(_rows_lost(build)) if "quarantine" in case else "n/a (build stopped)"
    else:
        assert code == 0, log
        _run_checks(build, expected)
        lost = str(_rows_lost(build))
    OUTCOMES.append((case, expected["outcome"], lost))
