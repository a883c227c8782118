"""What the dbt project declares once for both dbt and the Python tooling: the vars of
dbt_project.yml (how text becomes a value, the raw tables' required columns) and the
files the tooling reads beside them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import yaml  # type: ignore[import-untyped, unused-ignore]  # PyYAML, as dbt reads the file


def project_file(relative: str) -> Path:
    """A file of the dbt project this package is installed from, else of the current
    directory's, so that the two validations read the same declarations."""
    for project in (Path(__file__).resolve().parents[2], Path.cwd()):
        path = project / relative
        if path.is_file():
            return path
    raise FileNotFoundError(f"{relative} (of the dbt project) not found")


PROJECT_VARS: dict[str, Any] = yaml.safe_load(project_file("dbt_project.yml").read_text())["vars"]
# How text becomes a number, a timestamp or a boolean (macros/utils/text.sql).
VALUE_RULES: dict[str, Any] = PROJECT_VARS["value_rules"]
# DESIGN.md's required columns of each raw table (macros/staging/raw_columns.sql).
RAW_REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    table: tuple(columns) for table, columns in PROJECT_VARS["raw_required_columns"].items()
}
# Raw tables read only when a file of them exists (the others are required).
RAW_OPTIONAL_TABLES: frozenset[str] = frozenset(PROJECT_VARS["raw_optional_tables"])


def _profile_default(target: str, *keys: str) -> str:
    """A setting of profiles.yml's lead_scoring profile as dbt renders it when none of
    its environment variables is set: the profile is the one place the default lives."""
    profile = yaml.safe_load(project_file("profiles.yml").read_text())["lead_scoring"]
    value: Any = profile["outputs"][target]
    for key in keys:
        value = value[key]

    def env_var(name: str, default: str | None = None) -> str:
        if default is None:
            raise KeyError(f"profiles.yml: env_var('{name}') has no default")
        return default

    return jinja2.Template(str(value)).render(env_var=env_var)


# The DuckDB target's memory limit when LEAD_SCORING_DUCKDB_MEMORY_LIMIT is unset; the
# benchmark's builds and reference query use it by default.
DUCKDB_MEMORY_LIMIT: str = _profile_default("duckdb", "config_options", "memory_limit")
