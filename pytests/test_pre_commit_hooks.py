"""The pre-commit hooks on a fresh clone: no build, no target/, only the installed tools.

The hooks' entries are read from .pre-commit-config.yaml and run as pre-commit runs them
(`bash -c ENTRY -- FILES...`, from the repository root), in a copy of the tracked files
with the project's .venv linked in, so what is tested is the committed hook itself."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from _warehouse import PROJECT_DIR

pytestmark = pytest.mark.slow


def _hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load((PROJECT_DIR / ".pre-commit-config.yaml").read_text())
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tracked files as they are in the working tree, without target/ or any build."""
    clone = tmp_path_factory.mktemp("clone")
    listing = subprocess.run(
        ["git", "-C", str(PROJECT_DIR), "ls-files", "-z"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in filter(None, listing.split("\0")):
        source = PROJECT_DIR / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            # copy2 keeps mtimes: make must see .venv/.installed as up to date.
            shutil.copy2(source, clone / name)
    (clone / ".venv").symlink_to(PROJECT_DIR / ".venv")
    assert not (clone / "target").exists()
    return clone


def _run_hook(clone: Path, hook_id: str, *files: str) -> subprocess.CompletedProcess[str]:
    entry = _hooks()[hook_id]["entry"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("LEAD_SCORING_")}
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
    args = [] if _hooks()[hook_id].get("pass_filenames") is False else list(files)
    return subprocess.run(
        ["bash", "-c", f"{entry} " + '"$@"', "--", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_sqlfluff_hook_lints_models_on_a_fresh_clone(fresh_clone: Path) -> None:
    files = [
        "models/staging/crm/base/base_crm__deals.sql",
        "models/staging/marketing/base/base_marketing__activities.sql",
        "models/marts/scoring/fct_lead_scores.sql",
    ]
    result = _run_hook(fresh_clone, "sqlfluff-lint", *files)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # The dbt templater skips (and sqlfluff still exits 0 on) a file it cannot compile.
    assert "Skipped file" not in output, output
    assert not (fresh_clone / "lead_scoring.duckdb").exists(), "the hook opened the dev database"


def test_sqlfluff_hook_fails_on_a_lint_error(fresh_clone: Path) -> None:
    bad = fresh_clone / "models" / "marts" / "scoring" / "fct_lead_scores.sql"
    original = bad.read_text()
    bad.write_text(original.replace("select", "SELECT", 1))
    try:
        result = _run_hook(fresh_clone, "sqlfluff-lint", str(bad.relative_to(fresh_clone)))
    finally:
        bad.write_text(original)
    assert result.returncode != 0
    assert "capitalisation" in (result.stdout + result.stderr).lower()


def test_seed_and_csv_hooks_run_on_a_fresh_clone(fresh_clone: Path) -> None:
    seeds = sorted(
        str(path.relative_to(fresh_clone)) for path in fresh_clone.glob("seeds/**/*.csv")
    )
    for hook_id in ("validate-seeds", "csv-sanity"):
        result = _run_hook(fresh_clone, hook_id, *seeds)
        assert result.returncode == 0, f"{hook_id}: {result.stdout}{result.stderr}"
