"""End to end: generated data plus hand-made scenario leads, built with dbt on a
temporary DuckDB file; the scenario leads must get the scores worked out by hand."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _scenarios import EXPECTED, HOT_VP_TOP_REASONS, NOT_SCORED, SCORE_DATE, write_scenarios
from _warehouse import PROJECT_DIR, Build, output
from leadscore.cli import app
from leadscore.demo.generate import GenerateConfig, generate

MARTS = (
    "fct_lead_scores",
    "fct_lead_score_history",
    "fct_lead_score_contributions",
    "fct_mql_transitions",
    "rpt_leads_to_route",
    "fct_account_scores",
    "dim_contacts",
    "dim_companies",
)

pytestmark = pytest.mark.slow
FCT_COLUMNS = (
    "contact_id, model_id, fit_score, engagement_score, negative_score, decay_points, "
    "total_score, fit_grade, engagement_grade, lead_grade, is_disqualified, is_mql, "
    "days_inactive, last_activity_at"
)


def _generate(raw_dir: Path, seed: int = 11) -> None:
    generate(
        GenerateConfig(
            out_dir=raw_dir,
            contacts=300,
            days=120,
            as_of=date.fromisoformat(SCORE_DATE),
            seed=seed,
        )
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    root = tmp_path_factory.mktemp("e2e")
    raw_dir = root / "raw"
    _generate(raw_dir)
    write_scenarios(raw_dir)
    build = Build(PROJECT_DIR, raw_dir, root / "warehouse.duckdb", root / "target")
    result = build.dbt("build", "--vars", f"{{score_date: '{SCORE_DATE}'}}")
    assert result.returncode == 0, output(result)
    yield build


def _scores(build: Build, contact_id: str) -> dict[str, dict[str, object]]:
    names = [c.strip() for c in FCT_COLUMNS.split(",")]
    rows = build.query(
        f"select {FCT_COLUMNS} from fct_lead_scores where contact_id = '{contact_id}'"
    )
    return {str(row[1]): dict(zip(names, row, strict=True)) for row in rows}


@pytest.mark.parametrize(("contact_id", "model_id"), sorted(EXPECTED))
def test_scenario_lead_gets_hand_computed_score(
    built: Build, contact_id: str, model_id: str
) -> None:
    scores = _scores(built, contact_id)
    assert model_id in scores, f"{contact_id} has no {model_id} score"
    actual = scores[model_id]
    for column, expected in EXPECTED[(contact_id, model_id)].items():
        assert actual[column] == expected, (
            f"{contact_id}/{model_id}.{column}: {actual[column]!r} != {expected!r}"
        )


def test_every_scored_contact_has_one_row_per_active_model(built: Build) -> None:
    rows = built.query(
        """
        select count(*), count(distinct contact_id), count(distinct model_id)
        from fct_lead_scores
        """
    )
    total, contacts, models = rows[0]
    assert models == 3  # default, upsell and the blended composite
    assert total == contacts * models


@pytest.mark.parametrize("contact_id", NOT_SCORED)
def test_deleted_and_future_contacts_are_not_scored(built: Build, contact_id: str) -> None:
    assert _scores(built, contact_id) == {}


def test_activities_after_score_date_and_duplicates_do_not_count(built: Build) -> None:
    last = _scores(built, "scn_hot_vp")["default"]["last_activity_at"]
    assert str(last) == "2026-10-31 10:04:00"
    quarantined = built.query(
        """
        select quarantine_reason from audit_quarantined_rows
        where record_id = 'scn_a01'
        """
    )
    assert quarantined == [("duplicate_activity_id",)]


def test_raw_rows_reconcile_with_staged_plus_quarantined(built: Build) -> None:
    rows = built.query(
        "select source_table, raw_rows, staged_rows, quarantined_rows "
        "from audit_source_reconciliation"
    )
    assert {row[0] for row in rows} == {
        "contacts",
        "companies",
        "activities",
        "deals",
        "campaign_spend",
    }
    for table, raw, staged, quarantined in rows:
        assert raw == staged + quarantined, table
        assert raw > 0, table


def test_unscored_activity_type_is_reported(built: Build) -> None:
    types = {
        row[0] for row in built.query("select activity_type from audit_unscored_activity_types")
    }
    assert "chat_started" in types


def test_top_reasons_name_the_rules_that_moved_the_score_most(built: Build) -> None:
    rows = built.query(
        "select top_reasons from fct_lead_scores "
        "where contact_id = 'scn_hot_vp' and model_id = 'default'"
    )
    assert rows == [(HOT_VP_TOP_REASONS,)]


def test_contributions_explain_every_point_of_the_scenario_scores(built: Build) -> None:
    rows = built.query(
        """
        select rule_id, contribution_type, occurrence_count, earning_occurrence_count,
               points_before_caps, points_after_caps, points
        from fct_lead_score_contributions
        where contact_id = 'scn_gone_quiet' and model_id = 'default' and rule_id like 'eng%'
           or contact_id = 'scn_gone_quiet' and model_id = 'default' and rule_id = '_decay'
        order by rule_id
        """
    )
    assert [(r[0], r[1], r[2], r[3], r[6]) for r in rows] == [
        ("_decay", "decay", None, None, -37),
        ("eng_content_download", "engagement", 1, 1, 5),
        ("eng_demo_request", "engagement", 1, 1, 20),
        ("eng_webinar_attended", "engagement", 1, 1, 12),
    ]
    opens = built.query(
        """
        select occurrence_count, earning_occurrence_count, points_before_caps, points_after_caps
        from fct_lead_score_contributions
        where contact_id = 'scn_hot_vp' and model_id = 'default' and rule_id = 'eng_email_open'
        """
    )
    # five opens, the 1st and 2nd earn nothing (min_occurrences 3): 10 before caps, 6 after
    assert opens == [(5, 3, 10, 6)]


def test_account_score_rolls_up_the_scenario_company(built: Build) -> None:
    """co_scn_1 under the default model: company-attribute fit rules (core industry 10,
    mid-market 15, revenue 5) = 30; engaged contacts (engagement >= 10): only scn_hot_vp
    (56; scn_gone_quiet decayed to 0; the deleted and future contacts are not scored), so
    0.5 x 56 = 28 and 5 breadth points for one department: 63, grade C (40..80), not an
    account MQL (it needs 2 engaged contacts)."""
    rows = built.query(
        """
        select company_fit_score, account_engagement_score, breadth_points, account_score,
               account_grade, is_account_mql, contact_count, engaged_contact_count,
               best_contact_id, best_contact_score
        from fct_account_scores where company_id = 'co_scn_1' and model_id = 'default'
        """
    )
    assert rows == [(30, 28, 5, 63, "C", False, 2, 1, "scn_hot_vp", 121)]


def test_no_pii_in_any_mart(built: Build) -> None:
    """BI reads the fct_, dim_ and rpt_ tables: none carries email, name or phone."""
    rows = built.query(
        """
        select table_name, column_name from information_schema.columns
        where table_name like 'fct\\_%' escape '\\'
           or table_name like 'dim\\_%' escape '\\'
           or table_name like 'rpt\\_%' escape '\\'
        """
    )
    marts = {table for table, _ in rows}
    assert {"fct_lead_scores", "dim_contacts", "rpt_leads_to_route"} <= marts
    pii = {"email", "first_name", "last_name", "phone", "email_domain"}
    assert [(table, column) for table, column in rows if column in pii] == []


@pytest.mark.parametrize(("threads", "date_from"), [(1, "vars"), (4, "environment")])
def test_rebuild_gives_identical_marts_whatever_the_thread_count(
    built: Build, tmp_path: Path, threads: int, date_from: str
) -> None:
    """Reproducible: another build on the same inputs and score date, with 1 or 4
    threads (the fixture used 2), gives the same rows in every mart; so does the score
    date given as LEAD_SCORING_SCORE_DATE instead of the var (what a scheduler sets)."""
    other = Build(PROJECT_DIR, built.raw_dir, tmp_path / "other.duckdb", tmp_path / "target")
    date_args = ["--vars", f"{{score_date: '{SCORE_DATE}'}}"] if date_from == "vars" else []
    result = other.dbt(
        "build",
        *date_args,
        "--exclude",
        "test_type:unit",
        threads=threads,
        env={"LEAD_SCORING_SCORE_DATE": SCORE_DATE} if date_from == "environment" else None,
    )
    assert result.returncode == 0, output(result)
    for mart in MARTS:
        query = f"select * from {mart} order by all"
        first = built.query(query)
        assert first, mart
        assert other.query(query) == first, mart


@pytest.mark.parametrize("date_from", ["vars", "environment"])
def test_a_score_date_not_written_yyyy_mm_dd_stops_the_build_naming_where_it_came_from(
    built: Build, tmp_path: Path, date_from: str
) -> None:
    other = Build(PROJECT_DIR, built.raw_dir, tmp_path / "other.duckdb", tmp_path / "target")
    args = ["--vars", "{score_date: '31-10-2026'}"] if date_from == "vars" else []
    env = {"LEAD_SCORING_SCORE_DATE": "31-10-2026"} if date_from == "environment" else None
    result = other.dbt("compile", "--select", "int_score_dates", *args, env=env)
    assert result.returncode != 0
    message = "must be a date written YYYY-MM-DD, got '31-10-2026'"
    assert message in output(result)
    assert ("LEAD_SCORING_SCORE_DATE" in output(result)) == (date_from == "environment")


def test_building_twice_changes_nothing(built: Build) -> None:
    before = {mart: built.query(f"select * from {mart} order by all") for mart in MARTS}
    result = built.dbt(
        "build", "--vars", f"{{score_date: '{SCORE_DATE}'}}", "--exclude", "test_type:unit"
    )
    assert result.returncode == 0, output(result)
    assert {mart: built.query(f"select * from {mart} order by all") for mart in MARTS} == before


def test_summary_command_prints_grades_and_mqls_per_model(built: Build) -> None:
    result = CliRunner().invoke(app, ["summary", "--database", str(built.database)])
    assert result.exit_code == 0, result.output
    mqls_by_model = dict(
        built.query(
            "select model_id, count(*) filter (where is_mql) from fct_lead_scores group by 1"
        )
    )
    for model_id, mqls in mqls_by_model.items():
        line = next(line for line in result.output.splitlines() if f" {model_id} " in line)
        assert f" {mqls:,} " in line
    assert "A2" in result.output  # scn_hot_vp's default grade is one of the rows


def test_summary_command_fails_clearly_without_a_warehouse(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["summary", "--database", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "run the build first" in " ".join(result.output.split())


def test_docs_generate_offline_documents_every_mart(built: Build) -> None:
    result = built.dbt("docs", "generate", "--vars", f"{{score_date: '{SCORE_DATE}'}}")
    assert result.returncode == 0, output(result)
    catalog = json.loads((built.target_dir / "catalog.json").read_text())
    manifest = json.loads((built.target_dir / "manifest.json").read_text())
    assert "model.lead_scoring.fct_lead_scores" in catalog["nodes"]
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["name"].startswith(("fct_", "dim_", "rpt_")):
            assert node["description"], node["name"]
            for column in node["columns"].values():
                assert column["description"], f"{node['name']}.{column['name']}"
        if node["resource_type"] == "seed":
            for column in node["columns"].values():
                assert column["description"], f"{node['name']}.{column['name']}"
    assert "how_to_propose_a_weight_change" in str(manifest["docs"])
