"""The dbt semantic layer (models/semantic, MetricFlow): metrics queried through `mf query`
on an isolated demo build agree with the same numbers computed here with plain SQL on the
marts (never the SQL MetricFlow compiles), and every semantic model, measure, dimension
and metric is described.

One module-scoped build: a copy of the project (mf reads <project>/target/, so the working
tree's target/ is never touched), 800 generated contacts over a year, month ends March to
July (and mid-July) as history dates (their 90-day outcomes are known by the 2026-10-31 score date).
Counts are compared exactly; rates and averages to 1e-12 relative (floating point).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from _warehouse import Build, copy_project, output
from leadscore.demo.generate import GenerateConfig, generate

pytestmark = pytest.mark.slow

SCORE_DATE = date(2026, 10, 31)
# Two dates in July: a month's snapshot is its last score date, never a sum of its days.
HISTORY_DATES = (
    "2026-03-31",
    "2026-04-30",
    "2026-05-31",
    "2026-06-30",
    "2026-07-15",
    "2026-07-31",
)
BUILD_VARS = f"{{score_date: {SCORE_DATE}, history_dates: [{', '.join(HISTORY_DATES)}]}}"
# What the semantic models read, and everything those marts are built from.
SELECTION = (
    "+fct_lead_scores",
    "+fct_lead_score_history",
    "+fct_mql_transitions",
    "+rpt_leads_to_route",
    "+fct_lead_score_outcomes",
    "+rpt_campaign_costs",
    "+rpt_score_band_conversion",
    "dim_contacts",
    "dim_companies",
    "metricflow_time_spine",
)
METRICS = (
    "lead_count",
    "mql_count",
    "mql_rate",
    "average_score",
    "history_lead_count",
    "history_mql_count",
    "history_mql_rate",
    "new_mqls",
    "mql_fallbacks",
    "routed_leads",
    "evaluated_leads",
    "converted_leads_90d",
    "conversion_rate_90d",
    "campaign_spend",
    "attributed_leads",
    "cost_per_lead",
    "cost_per_mql",
    "cost_per_won_deal",
)
PII_WORDS = ("email", "phone", "first_name", "last_name", "full_name", "domain")
REL = 1e-12

Key = tuple[str | None, ...]
Values = dict[str, float | None]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("semantic")
    project = copy_project(root / "project")
    raw = root / "raw"
    generate(GenerateConfig(out_dir=raw, contacts=800, days=365, as_of=SCORE_DATE, seed=23))
    warehouse = Build(project, raw, root / "warehouse.duckdb", project / "target")
    result = warehouse.dbt(
        "build",
        "--select",
        *SELECTION,
        "--exclude",
        "test_type:unit",
        "--indirect-selection",
        "cautious",
        "--vars",
        BUILD_VARS,
    )
    assert result.returncode == 0, output(result)
    # the build parsed the project into the target directory mf reads
    assert (project / "target" / "semantic_manifest.json").exists()
    return warehouse


def _value(text: str) -> str | None:
    return None if text == "" else text


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def mf_query(
    build: Build,
    metrics: Iterable[str],
    group_by: Iterable[str],
    where: str | None = None,
) -> dict[Key, Values]:
    """`mf query ... --csv`, as {group-by values: {metric: value}}; a month is its first
    day (YYYY-MM-DD)."""
    metrics, group_by = list(metrics), list(group_by)
    out = build.target_dir / f"mf_{'_'.join(metrics)}__{'_'.join(group_by)}.csv"
    args = ["query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by)]
    if where is not None:
        args += ["--where", where]
    result = build.mf(*args, "--csv", str(out), "--quiet")
    assert result.returncode == 0 and out.exists(), output(result)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    answer: dict[Key, Values] = {}
    for row in rows:
        key = tuple(
            _value(row[name][:10] if name.startswith("metric_time") else row[name])
            for name in group_by
        )
        assert key not in answer, f"duplicate group {key}"
        answer[key] = {name: _number(row[name]) for name in metrics}
    return answer


def sql_query(build: Build, sql: str, keys: int, metrics: Iterable[str]) -> dict[Key, Values]:
    """Rows of `sql` (the first `keys` columns the group, then one column per metric) in
    the shape of mf_query."""
    metrics = list(metrics)
    answer: dict[Key, Values] = {}
    for row in build.query(sql):
        key = tuple(None if value is None else str(value) for value in row[:keys])
        answer[key] = {
            name: None if value is None else float(value)  # type: ignore[arg-type]
            for name, value in zip(metrics, row[keys:], strict=True)
        }
    return answer


def assert_same(got: dict[Key, Values], expected: dict[Key, Values]) -> None:
    assert expected, "the independent SQL found no rows: the test would prove nothing"
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    for key, values in expected.items():
        for name, value in values.items():
            if value is None:
                assert got[key][name] is None, (key, name)
            else:
                assert got[key][name] == pytest.approx(value, rel=REL, abs=0), (key, name)


def test_mql_rate_lead_count_and_average_score_by_model(build: Build) -> None:
    metrics = ("lead_count", "mql_count", "mql_rate", "average_score")
    got = mf_query(build, metrics, ["scoring_model"])
    expected = sql_query(
        build,
        """
        select
            model_id,
            count(*),
            count(*) filter (where is_mql),
            cast(count(*) filter (where is_mql) as double) / count(*),
            avg(cast(total_score as double))
        from fct_lead_scores
        group by model_id
        """,
        1,
        metrics,
    )
    assert_same(got, expected)
    # the demo has leads on both sides of the threshold in every model
    assert all(0 < values["mql_rate"] < 1 for values in got.values())  # type: ignore[operator]


def test_new_mqls_and_fallbacks_by_month(build: Build) -> None:
    metrics = ("new_mqls", "mql_fallbacks")
    got = mf_query(build, metrics, ["metric_time__month"])
    expected = sql_query(
        build,
        """
        select
            strftime(date_trunc('month', transition_date), '%Y-%m-%d'),
            count(*) filter (where transition_type = 'became_mql'),
            count(*) filter (where transition_type = 'fell_back')
        from fct_mql_transitions
        group by 1
        """,
        1,
        metrics,
    )
    assert_same(got, expected)
    months = {day[:7] for day in (*HISTORY_DATES, SCORE_DATE.isoformat())}
    assert {month[:7] for (month,) in got} == months


def test_new_mqls_by_model_without_first_scored(build: Build) -> None:
    got = mf_query(
        build,
        ["new_mqls"],
        ["scoring_model", "metric_time__month"],
        where="{{ Dimension('mql_transition__transition_reason') }} != 'first_scored_as_mql'",
    )
    expected = sql_query(
        build,
        """
        select model_id, strftime(date_trunc('month', transition_date), '%Y-%m-%d'), count(*)
        from fct_mql_transitions
        where transition_type = 'became_mql' and transition_reason != 'first_scored_as_mql'
        group by 1, 2
        """,
        2,
        ["new_mqls"],
    )
    assert_same(got, expected)


def test_history_mql_count_is_the_last_score_date_of_each_month(build: Build) -> None:
    metrics = ("history_lead_count", "history_mql_count", "history_mql_rate")
    got = mf_query(build, metrics, ["scoring_model", "metric_time__month"])
    expected = sql_query(
        build,
        """
        with last_dates as (
            select date_trunc('month', score_date) as month, max(score_date) as score_date
            from fct_lead_score_history
            group by 1
        )
        select
            history.model_id,
            strftime(last_dates.month, '%Y-%m-%d'),
            count(*),
            count(*) filter (where history.is_mql),
            cast(count(*) filter (where history.is_mql) as double) / count(*)
        from fct_lead_score_history as history
        inner join last_dates on history.score_date = last_dates.score_date
        group by 1, 2
        """,
        2,
        metrics,
    )
    assert_same(got, expected)
    # the score date's snapshot in the history is the current score
    current = mf_query(build, ["mql_count"], ["scoring_model"])
    for (model_id,), values in current.items():
        month = SCORE_DATE.replace(day=1).isoformat()
        assert got[(model_id, month)]["history_mql_count"] == values["mql_count"]


def test_conversion_rate_90d_by_grade(build: Build) -> None:
    metrics = ("evaluated_leads", "converted_leads_90d", "conversion_rate_90d")
    got = mf_query(build, metrics, ["scoring_model", "lead_score_outcome__lead_grade"])
    expected = sql_query(
        build,
        """
        select
            model_id,
            lead_grade,
            count(*),
            count(*) filter (where is_converted_within_horizon),
            cast(count(*) filter (where is_converted_within_horizon) as double) / count(*)
        from fct_lead_score_outcomes
        group by 1, 2
        """,
        2,
        metrics,
    )
    assert_same(got, expected)
    # the same leads and conversions as the evaluation report's open_leads rows
    report = sql_query(
        build,
        """
        select
            model_id,
            band,
            sum(leads),
            sum(conversions),
            cast(sum(conversions) as double) / sum(leads)
        from rpt_score_band_conversion
        where population = 'open_leads' and band_type = 'lead_grade'
        group by 1, 2
        """,
        2,
        metrics,
    )
    assert_same(got, report)
    assert sum(values["converted_leads_90d"] or 0 for values in got.values()) > 0


def test_conversion_rate_90d_by_band(build: Build) -> None:
    for band in ("fit_grade", "engagement_grade", "score_decile"):
        got = mf_query(
            build,
            ["evaluated_leads", "conversion_rate_90d"],
            ["scoring_model", f"lead_score_outcome__{band}"],
        )
        expected = sql_query(
            build,
            f"""
            select
                model_id,
                band,
                sum(leads),
                cast(sum(conversions) as double) / sum(leads)
            from rpt_score_band_conversion
            where population = 'open_leads' and band_type = '{band}'
            group by 1, 2
            """,
            2,
            ["evaluated_leads", "conversion_rate_90d"],
        )
        assert_same(got, expected)


def test_routed_leads_by_model_and_grade(build: Build) -> None:
    got = mf_query(build, ["routed_leads"], ["scoring_model", "routed_lead__lead_grade"])
    expected = sql_query(
        build,
        "select model_id, lead_grade, count(*) from rpt_leads_to_route group by 1, 2",
        2,
        ["routed_leads"],
    )
    assert_same(got, expected)


def test_average_score_and_mql_rate_by_contact_lead_source(build: Build) -> None:
    metrics = ("average_score", "mql_rate")
    got = mf_query(build, metrics, ["contact__lead_source"])
    expected = sql_query(
        build,
        """
        select
            contacts.lead_source,
            avg(cast(scores.total_score as double)),
            cast(count(*) filter (where scores.is_mql) as double) / count(*)
        from fct_lead_scores as scores
        left join dim_contacts as contacts on scores.contact_id = contacts.contact_id
        group by 1
        """,
        1,
        metrics,
    )
    assert_same(got, expected)


def test_mqls_and_conversion_by_country_and_industry(build: Build) -> None:
    # country through the contact; industry through the contact's company (two hops)
    got = mf_query(
        build,
        ["mql_count", "lead_count"],
        ["contact__country", "company__industry"],
    )
    expected = sql_query(
        build,
        """
        select contacts.country, companies.industry, count(*) filter (where scores.is_mql), count(*)
        from fct_lead_scores as scores
        left join dim_contacts as contacts on scores.contact_id = contacts.contact_id
        left join dim_companies as companies on scores.company_id = companies.company_id
        group by 1, 2
        """,
        2,
        ["mql_count", "lead_count"],
    )
    assert_same(got, expected)
    got = mf_query(build, ["conversion_rate_90d"], ["contact__company__industry"])
    expected = sql_query(
        build,
        """
        select
            companies.industry,
            cast(count(*) filter (where outcomes.is_converted_within_horizon) as double) / count(*)
        from fct_lead_score_outcomes as outcomes
        left join dim_contacts as contacts on outcomes.contact_id = contacts.contact_id
        left join dim_companies as companies on contacts.company_id = companies.company_id
        group by 1
        """,
        1,
        ["conversion_rate_90d"],
    )
    assert_same(got, expected)


def test_cost_per_lead_mql_and_won_deal_by_channel_and_month(build: Build) -> None:
    metrics = ("campaign_spend", "attributed_leads", "cost_per_lead", "cost_per_mql")
    got = mf_query(build, metrics, ["campaign_cost_row__channel", "metric_time__month"])
    # unknown spend is not 0: the ratios divide by the counts of rows with known spend
    expected = sql_query(
        build,
        """
        select
            channel,
            cast(date_trunc('month', month_start_date) as date),
            sum(spend),
            sum(leads),
            sum(spend) / nullif(sum(case when spend is not null then leads end), 0),
            sum(spend) / nullif(sum(case when spend is not null then mqls end), 0)
        from rpt_campaign_costs
        group by 1, 2
        """,
        2,
        metrics,
    )
    assert any(values["campaign_spend"] for values in expected.values()), "no demo spend"
    assert_same(got, expected)


def test_cost_per_won_deal_by_campaign(build: Build) -> None:
    got = mf_query(build, ["cost_per_won_deal"], ["campaign_cost_row__campaign_id"])
    expected = sql_query(
        build,
        """
        select
            campaign_id,
            sum(spend) / nullif(sum(case when spend is not null then won_deals end), 0)
        from rpt_campaign_costs
        group by 1
        """,
        1,
        ["cost_per_won_deal"],
    )
    assert_same(got, expected)


def test_every_metric_listed_and_everything_described(build: Build) -> None:
    manifest = json.loads((build.project_dir / "target" / "semantic_manifest.json").read_text())
    assert {metric["name"] for metric in manifest["metrics"]} >= set(METRICS)
    undescribed = [
        metric["name"] for metric in manifest["metrics"] if not (metric.get("description") or "")
    ]
    exposed: list[str] = []
    for model in manifest["semantic_models"]:
        if not (model.get("description") or "").strip():
            undescribed.append(model["name"])
        for kind in ("entities", "dimensions", "measures"):
            for element in model[kind]:
                if not (element.get("description") or "").strip():
                    undescribed.append(f"{model['name']}.{element['name']}")
                exposed.append(f"{element['name']} {element.get('expr') or ''}".lower())
    assert undescribed == []
    assert [name for name in exposed if any(word in name for word in PII_WORDS)] == []
    listed = build.mf("list", "metrics")
    assert listed.returncode == 0, output(listed)
    for name in METRICS:
        assert name in listed.stdout


def test_mf_refuses_a_target_it_does_not_read(tmp_path: Path, build: Build) -> None:
    elsewhere = Build(build.project_dir, build.raw_dir, build.database, tmp_path / "target")
    with pytest.raises(ValueError, match="mf reads"):
        elsewhere.mf("list", "metrics")
