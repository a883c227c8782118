"""`leadscore check-raw` and the CLI conventions (`--version`, `-h`, `--json`, exit
codes). The rejected values check-raw reports are compared with the bad-input fixture's
own hand-written expectations (pytests/fixtures/bad_inputs/*/expected.json)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _warehouse import PROJECT_DIR
from leadscore import __version__
from leadscore.cli import app

FIXTURES = PROJECT_DIR / "pytests" / "fixtures" / "bad_inputs"


def _case(tmp_path: Path, case: str) -> Path:
    """The base raw files with the case's files laid over them (as test_bad_inputs does)."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "base", raw, ignore=shutil.ignore_patterns("expected.json"))
    for path in (FIXTURES / case).glob("*.csv"):
        shutil.copy(path, raw / path.name)
    return raw


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_rejected_values_are_those_the_fixture_expects(tmp_path: Path) -> None:
    raw = _case(tmp_path, "bad_company_numbers")
    code, output = _invoke("check-raw", str(raw), "--project-dir", str(PROJECT_DIR), "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report["raw_format"] == "csv" and report["loadable"]
    companies = next(t for t in report["tables"] if t["table"] == "companies")
    found = sorted((column, reason) for column, reason, _, _ in companies["rejected"])
    expected = json.loads((FIXTURES / "bad_company_numbers" / "expected.json").read_text())
    rows = expected["checks"][0]["expected"]
    assert found == sorted({(column, reason) for _, column, _, reason in rows})
    assert companies["quarantined_rows"] == 0
    assert companies["rows"] == companies["staged_rows"]


def test_a_missing_required_column_is_named_and_staging_is_not_run(tmp_path: Path) -> None:
    raw = _case(tmp_path, "bad_company_numbers")
    contacts = raw / "contacts.csv"
    lines = contacts.read_text().splitlines()
    header = lines[0].split(",")
    drop = header.index("lead_source")
    contacts.write_text(
        "\n".join(",".join(f for i, f in enumerate(line.split(",")) if i != drop) for line in lines)
        + "\n"
    )
    code, output = _invoke("check-raw", str(raw), "--project-dir", str(PROJECT_DIR), "--json")
    assert code == 1
    report = json.loads(output)
    table = next(t for t in report["tables"] if t["table"] == "contacts")
    assert table["missing_columns"] == ["lead_source"]
    assert report["staging_note"].startswith("staging not run")


def test_mixed_formats_and_a_missing_directory_are_usage_errors(tmp_path: Path) -> None:
    raw = _case(tmp_path, "bad_company_numbers")
    (raw / "deals.parquet").write_bytes(b"")
    code, _ = _invoke("check-raw", str(raw))
    assert code == 2
    code, _ = _invoke("check-raw", str(tmp_path / "nowhere"))
    assert code == 2


def test_version_and_short_help() -> None:
    code, output = _invoke("--version")
    assert code == 0 and output.strip() == f"leadscore {__version__}"
    code, output = _invoke("check-raw", "-h")
    assert code == 0 and "Exit 0 when the files can be built" in output


def test_validate_seeds_json_and_csv_raw_dir(tmp_path: Path) -> None:
    raw = _case(tmp_path, "bad_company_numbers")
    code, output = _invoke(
        "validate-seeds",
        "--seeds-dir",
        str(PROJECT_DIR / "seeds" / "scoring"),
        "--raw-dir",
        str(raw),
        "--json",
    )
    assert code == 0, output
    report = json.loads(output)
    assert report["ok"] and report["problems"] == [] and report["files"] == 9


@pytest.mark.parametrize("command", ["summary"])
def test_summary_json_of_a_missing_warehouse_exits_1(tmp_path: Path, command: str) -> None:
    code, _ = _invoke(command, "--database", str(tmp_path / "none.duckdb"), "--json")
    assert code == 1


def test_output_is_not_hard_wrapped_when_not_a_terminal(tmp_path: Path) -> None:
    raw = _case(tmp_path, "bad_company_numbers")
    code, output = _invoke("check-raw", str(raw), "--project-dir", str(PROJECT_DIR))
    assert code == 0, output
    # the table row of companies keeps its rejected-value examples on one line
    assert any(
        "companies" in line and "employee_count" in line and "lots" in line
        for line in output.splitlines()
    ), output
