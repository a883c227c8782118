"""A bad seed row fails the build with a message naming the seed file, the row and
the column. One build of a copy of the project with one broken row per problem class;
each expected message must appear in dbt's output."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from _warehouse import Build, copy_project, output
from leadscore.demo.generate import GenerateConfig, generate
from leadscore.review.seed_validation import validate_seeds

SEEDS = Path("seeds") / "scoring"


def _edit_rows(path: Path, edit: dict[str, dict[str, str]], append: list[dict[str, str]]) -> None:
    """Rewrite a seed CSV: `edit` maps a row's first-key value (e.g. rule_id) to changes."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    key = "rule_id" if "rule_id" in fields else fields[0]
    for row in rows:
        row.update(edit.get(row[key], {}))
    rows.extend(append)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


# (seed edit, fragment the error must contain)
EXPECTED_MESSAGES = [
    "fit_rules.csv, row rule_id 'fit_department_it' of model 'default', column operator: "
    "unknown operator 'like'",
    "fit_rules.csv, row rule_id 'fit_seniority_manager' of model 'default', column points: "
    "must be a number, got 'five'",
    "fit_rules.csv, row rule_id 'fit_revenue_10m' of model 'default', column rule_id: "
    "appears 2 times",
    "fit_rules.csv, row rule_id 'fit_lead_source_warm' of model 'default', column attribute: "
    "unknown attribute 'shoe_size'",
    "fit_rules.csv, row rule_id 'fit_free_email' of model 'default', column value: "
    "names list 'free_mail_domains', which scoring_lists.csv does not have",
    "fit_rules.csv, row rule_id 'fit_orphan' of model 'ghost', column model_id: "
    "model_id 'ghost' has no row in scoring_models.csv",
    "engagement_rules.csv, row rule_id 'eng_email_open' of model 'default', "
    "column max_occurrences: "
    "must not be below min_occurrences",
    "grade_bands.csv, row grade 'B', dimension 'fit' of model 'default', column min_score: "
    "min_score '45' is shared by another band",
    "decay_schedule.csv, row inactive_days '60' of model 'default', column inactive_days: "
    "another step has the same inactive_days",
    "scoring_models.csv, row model_id 'upsell', column half_life_days: must be a number above 0",
    "fit_rules.csv, row rule_id 'fit_seniority_exec' of model 'default', column points: "
    "must be a number, got 'NaN'",
    "fit_rules.csv, row rule_id 'fit_seniority_director' of model 'default', column points: "
    "must be a number between -99999999999999 and 99999999999999, got '1e20'",
    "scoring_models.csv, row model_id 'default', column mql_threshold: "
    "must be a number, got 'Infinity'",
]


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad_seeds")
    project = copy_project(root / "project")
    seeds = project / SEEDS
    _edit_rows(
        seeds / "fit_rules.csv",
        {
            "fit_department_it": {"operator": "like"},
            "fit_seniority_manager": {"points": "five"},
            "fit_lead_source_warm": {"attribute": "shoe_size"},
            "fit_free_email": {"value": "free_mail_domains"},
            "fit_seniority_exec": {"points": "NaN"},
            "fit_seniority_director": {"points": "1e20"},
        },
        [
            {
                "model_id": "default",
                "rule_id": "fit_revenue_10m",
                "attribute": "annual_revenue",
                "operator": "gte",
                "value": "1",
                "points": "1",
                "disqualify": "false",
                "description": "duplicate id",
            },
            {
                "model_id": "ghost",
                "rule_id": "fit_orphan",
                "attribute": "country",
                "operator": "eq",
                "value": "us",
                "points": "1",
                "disqualify": "false",
                "description": "model that does not exist",
            },
        ],
    )
    _edit_rows(seeds / "engagement_rules.csv", {"eng_email_open": {"max_occurrences": "2"}}, [])
    _edit_rows(
        seeds / "grade_bands.csv",
        {},
        [{"model_id": "default", "dimension": "fit", "grade": "B", "min_score": "45"}],
    )
    _edit_rows(
        seeds / "decay_schedule.csv",
        {},
        [
            {
                "model_id": "default",
                "inactive_days": "60",
                "points_subtracted": "5",
                "resets_score": "false",
            }
        ],
    )
    _edit_rows(
        seeds / "scoring_models.csv",
        {"upsell": {"half_life_days": ""}, "default": {"mql_threshold": "Infinity"}},
        [],
    )
    return project


@pytest.fixture(scope="module")
def broken_build(broken_project: Path) -> str:
    root = broken_project.parent
    raw = root / "raw"
    generate(GenerateConfig(out_dir=raw, contacts=50, days=60, as_of=date(2026, 10, 31), seed=3))
    build = Build(broken_project, raw, root / "warehouse.duckdb", root / "target")
    result = build.dbt("build", "--vars", "{score_date: '2026-10-31'}")
    assert result.returncode != 0, "a build with bad seeds must fail"
    return output(result)


@pytest.mark.parametrize("message", EXPECTED_MESSAGES)
def test_bad_seed_row_is_named_in_the_build_error(broken_build: str, message: str) -> None:
    assert message in broken_build


@pytest.mark.parametrize("message", EXPECTED_MESSAGES)
def test_validate_seeds_reports_the_same_words(broken_project: Path, message: str) -> None:
    """Both validations read one declaration of the checks: the problem dbt reports for
    a row is, word for word, the one validate-seeds reports for the row's CSV line."""
    seed, _, problem = message.partition(".csv, row ")
    column, problem = problem.split(", column ", 1)[1].split(": ", 1)
    found = validate_seeds(broken_project / SEEDS).problems
    assert any(
        Path(found_problem.path).stem == seed
        and found_problem.column == column
        and found_problem.message.startswith(problem)
        for found_problem in found
    ), [str(found_problem) for found_problem in found if Path(found_problem.path).stem == seed]


def test_scoring_models_are_not_built_from_bad_seeds(broken_build: str) -> None:
    assert "SKIP relation main.fct_lead_scores" in broken_build


def test_an_empty_seed_file_is_named_before_anything_runs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / SEEDS / "grade_bands.csv").write_text("")
    raw = tmp_path / "raw"
    generate(GenerateConfig(out_dir=raw, contacts=20, days=30, as_of=date(2026, 10, 31), seed=3))
    build = Build(project, raw, tmp_path / "warehouse.duckdb", tmp_path / "target")
    result = build.dbt("build", "--vars", "{score_date: '2026-10-31'}")
    assert result.returncode != 0
    assert "Empty seed file(s): seeds/scoring/grade_bands.csv" in output(result)
    assert "StopIteration" not in output(result)
