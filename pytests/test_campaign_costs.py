"""Cost per lead end to end: rpt_campaign_costs on generated data against an independent
pandas computation from the raw files, the build without spend data, and bad spend rows
quarantined (docs/campaign_costs.md)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from _warehouse import PROJECT_DIR, Build, output
from leadscore.cli import app
from leadscore.demo.generate import GenerateConfig, OutputFormat, generate

pytestmark = pytest.mark.slow

SCORE_DATE = "2026-10-31"
MQL_MODEL = "default"
BUILD_VARS = f'{{score_date: "{SCORE_DATE}", history_dates: [2026-06-30, 2026-08-31]}}'
# Everything rpt_campaign_costs and the audit need, plus the score history the
# independent computation takes its MQLs from (the mart itself does not read it); only
# the tests whose every parent is built run.
SELECT = (
    "+rpt_campaign_costs",
    "+fct_lead_score_history",
    "+audit_source_reconciliation",
    "+audit_quarantined_rows",
)
KEYS = ["month_start_date", "attributed_to", "campaign_id", "channel"]


def _generate(out_dir: Path, output_format: OutputFormat = OutputFormat.parquet) -> Path:
    config = GenerateConfig(
        out_dir=out_dir,
        contacts=300,
        days=365,
        seed=11,
        as_of=pd.Timestamp(SCORE_DATE).date(),
        output_format=output_format,
        clean=True,
    )
    generate(config)
    return out_dir


def _build(root: Path, raw_dir: Path, env: dict[str, str] | None = None) -> Build:
    build = Build(PROJECT_DIR, raw_dir, root / "warehouse.duckdb", root / "target")
    result = build.dbt(
        "build",
        "--select",
        *SELECT,
        "--exclude",
        "resource_type:unit_test",
        "--indirect-selection",
        "cautious",
        "--vars",
        BUILD_VARS,
        env=env,
    )
    assert result.returncode == 0, output(result)[-4000:]
    return build


def _frame(build: Build, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(build.database), read_only=True) as con:
        return con.sql(sql).df()


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(tmp_path_factory.mktemp("campaign_costs_raw"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, raw_dir: Path) -> Build:
    return _build(tmp_path_factory.mktemp("campaign_costs_build"), raw_dir)


def _expected(raw_dir: Path, mqls: set[str]) -> pd.DataFrame:
    """The mart recomputed from the raw files with pandas: first campaign touch, else
    lead source channel; spend per campaign, channel and month; ratios."""
    score_date = pd.Timestamp(SCORE_DATE)
    end = score_date + pd.Timedelta(days=1)
    spend = pd.read_parquet(raw_dir / "campaign_spend.parquet")
    spend["spend_date"] = pd.to_datetime(spend["spend_date"])
    spend = spend[spend["spend_date"] <= score_date].copy()
    spend["month_start_date"] = spend["spend_date"].dt.to_period("M").dt.to_timestamp()
    spend_rows = (
        spend.groupby(["campaign_id", "channel", "month_start_date"], as_index=False)["cost"]
        .sum()
        .rename(columns={"cost": "spend"})
    )
    totals = spend.groupby(["campaign_id", "channel"], as_index=False)["cost"].sum()
    totals = totals.sort_values(["campaign_id", "cost", "channel"], ascending=[True, False, True])
    campaign_channel = totals.drop_duplicates("campaign_id").set_index("campaign_id")["channel"]

    contacts = pd.read_parquet(raw_dir / "contacts.parquet")
    leads = contacts[(~contacts["is_deleted"]) & (contacts["created_at"] < end)].copy()
    activities = pd.read_parquet(raw_dir / "activities.parquet")
    touches = activities[activities["campaign_id"].notna() & (activities["occurred_at"] < end)]
    first = touches.sort_values(["occurred_at", "activity_id"]).drop_duplicates("contact_id")
    first = first.set_index("contact_id")
    seed = pd.read_csv(PROJECT_DIR / "seeds" / "marketing" / "lead_source_channels.csv")
    source_channel = seed.set_index("lead_source")["channel"]

    leads["campaign_id"] = leads["contact_id"].map(first["campaign_id"])
    has_campaign = leads["campaign_id"].notna()
    leads["attributed_to"] = has_campaign.map({True: "campaign", False: "lead_source"})
    leads["channel"] = (
        leads["campaign_id"]
        .map(campaign_channel)
        .where(has_campaign, leads["lead_source"].map(source_channel))
    ).fillna("unknown")
    when = leads["contact_id"].map(first["occurred_at"]).where(has_campaign, leads["created_at"])
    leads["month_start_date"] = pd.to_datetime(when).dt.to_period("M").dt.to_timestamp()
    leads["is_mql"] = leads["contact_id"].isin(mqls)
    deals = pd.read_parquet(raw_dir / "deals.parquet")
    won = deals[deals["is_won"] & deals["closed_at"].notna() & (deals["closed_at"] < end)]
    leads["won_deals"] = leads["contact_id"].map(won.groupby("contact_id").size()).fillna(0)
    counted = (
        leads.fillna({"campaign_id": ""})
        .groupby(KEYS, as_index=False)
        .agg(leads=("contact_id", "size"), mqls=("is_mql", "sum"), won_deals=("won_deals", "sum"))
    )
    spend_rows["attributed_to"] = "campaign"
    rows = counted.merge(spend_rows, on=KEYS, how="outer")
    rows[["leads", "mqls", "won_deals"]] = rows[["leads", "mqls", "won_deals"]].fillna(0)
    covered = rows["campaign_id"].isin(set(spend["campaign_id"]))
    rows["spend"] = rows["spend"].fillna(0).where(covered)
    for column, divisor in (("lead", "leads"), ("mql", "mqls"), ("won_deal", "won_deals")):
        rows[f"cost_per_{column}"] = (rows["spend"] / rows[divisor]).where(rows[divisor] > 0)
    rows["campaign_id"] = rows["campaign_id"].replace("", None)
    return rows


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["month_start_date"] = pd.to_datetime(frame["month_start_date"])
    frame["campaign_id"] = frame["campaign_id"].fillna("")
    columns = ["leads", "mqls", "won_deals", "spend", "cost_per_lead", "cost_per_mql"]
    columns.append("cost_per_won_deal")
    frame[columns] = frame[columns].astype(float)
    frame[["spend"]] = frame[["spend"]].round(2)
    frame[columns[4:]] = frame[columns[4:]].round(4)
    return frame[KEYS + columns].sort_values(KEYS).reset_index(drop=True)


def test_the_mart_equals_an_independent_computation_from_the_raw_files(
    built: Build, raw_dir: Path
) -> None:
    mart = _frame(built, "select * from rpt_campaign_costs")
    mqls = set(
        _frame(
            built,
            f"select distinct contact_id from fct_lead_score_history where is_mql "
            f"and model_id = '{MQL_MODEL}' and score_date <= date '{SCORE_DATE}'",
        )["contact_id"]
    )
    assert mqls, "the generated data has MQLs"
    expected = _expected(raw_dir, mqls)
    assert mart["has_spend_data"].all() and (mart["currency"] == "USD").all()
    assert (mart["attributed_to"] == "campaign").sum() > 0
    assert mart["cost_per_lead"].notna().sum() > 10
    assert mart["won_deals"].sum() > 0, "the comparison covers won deals"
    pd.testing.assert_frame_equal(
        _comparable(mart), _comparable(expected), check_dtype=False, atol=1e-4, rtol=0
    )


def test_spend_is_staged_whole_and_reconciled(built: Build) -> None:
    rows = built.query(
        "select raw_rows, staged_rows, quarantined_rows, is_reconciled "
        "from audit_source_reconciliation where source_table = 'campaign_spend'"
    )
    assert len(rows) == 1
    raw, staged, quarantined, reconciled = rows[0]
    assert raw > 0 and staged == raw and quarantined == 0 and reconciled


def test_without_a_spend_file_the_report_says_so_and_has_no_costs(
    tmp_path: Path, raw_dir: Path, built: Build
) -> None:
    no_spend = tmp_path / "raw"
    shutil.copytree(raw_dir, no_spend)
    (no_spend / "campaign_spend.parquet").unlink()
    build = _build(tmp_path, no_spend)
    mart = _frame(build, "select * from rpt_campaign_costs")
    assert len(mart) > 0
    assert not mart["has_spend_data"].any() and not mart["has_campaign_spend"].any()
    costs = ["spend", "cost_per_lead", "cost_per_mql", "cost_per_won_deal"]
    assert mart[costs].isna().all().all(), "no spend data is null, never 0"
    with_spend = _frame(
        built, "select sum(leads) as leads, sum(mqls) as mqls from rpt_campaign_costs"
    )
    assert int(mart["leads"].sum()) == int(with_spend["leads"][0])
    assert build.query(
        "select raw_rows, staged_rows, quarantined_rows, is_reconciled "
        "from audit_source_reconciliation where source_table = 'campaign_spend'"
    ) == [(0, 0, 0, True)]


BAD_ROWS = [
    # (campaign_id, spend_date, channel, cost, currency, expected reason)
    ("cmp_ads_2026_10", "2026-10-02", "paid_search", "ten", "USD", "unparseable_cost"),
    ("cmp_ads_2026_10", "2026-10-03", "paid_search", "-5", "USD", "negative_cost"),
    ("cmp_ads_2026_10", "2026-02-30", "paid_search", "5", "USD", "unparseable_spend_date"),
    ("", "2026-10-04", "paid_search", "5", "USD", "missing_campaign_id"),
    ("cmp_ads_2026_10", "2026-10-05", "paid_search", "", "USD", "missing_cost"),
    ("cmp_ads_2026_10", "2026-10-06", "paid_search", "1e400", "USD", "out_of_range_cost"),
    ("cmp_ads_2026_10", "2026-10-07", "paid_search", "5", "EUR", "unconverted_currency"),
    # the demo already spent on this campaign, day and channel: a second row is a copy
    ("cmp_ads_2026_10", "2026-10-08", "paid_search", "0.01", "usd", "duplicate_campaign_spend"),
]


def test_bad_spend_rows_are_quarantined_with_their_reason(tmp_path: Path) -> None:
    raw = _generate(tmp_path / "raw", OutputFormat.csv)
    spend_file = raw / "campaign_spend.csv"
    with spend_file.open(newline="") as handle:
        good_rows = sum(1 for _ in csv.DictReader(handle))
    with spend_file.open("a", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for *values, _ in BAD_ROWS:
            writer.writerow(values)
    result = CliRunner().invoke(
        app, ["check-raw", str(raw), "--project-dir", str(PROJECT_DIR), "--json"]
    )
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    spend = next(table for table in report["tables"] if table["table"] == "campaign_spend")
    assert not spend["required"] and spend["files"] == ["campaign_spend.csv"]
    assert spend["rows"] == good_rows + len(BAD_ROWS)
    found = sorted((reason, rows) for reason, rows, _ in spend["quarantined"])
    assert found == sorted((reason, 1) for *_, reason in BAD_ROWS)
    assert spend["staged_rows"] == good_rows and spend["quarantined_rows"] == len(BAD_ROWS)

    # the build: the bad rows never reach the report's spend
    build = _build(tmp_path, raw, env={"LEAD_SCORING_RAW_FORMAT": "csv"})
    staged_total = build.query("select sum(cost) from stg_marketing__campaign_spends")[0][0]
    with spend_file.open(newline="") as handle:
        good_total = sum(float(row["cost"]) for row in list(csv.DictReader(handle))[:good_rows])
    assert float(staged_total) == pytest.approx(good_total, abs=0.001)
    reasons = build.query(
        "select quarantine_reason, count(*) from audit_quarantined_rows "
        "where source_table = 'campaign_spend' group by all order by 1"
    )
    assert reasons == sorted((reason, 1) for *_, reason in BAD_ROWS)


def test_check_raw_lists_an_absent_spend_table_as_optional(tmp_path: Path, raw_dir: Path) -> None:
    no_spend = tmp_path / "raw"
    shutil.copytree(raw_dir, no_spend)
    (no_spend / "campaign_spend.parquet").unlink()
    from leadscore.onboarding.raw_check import inspect_files

    check = inspect_files(no_spend, PROJECT_DIR)
    spend = next(table for table in check.tables if table.table == "campaign_spend")
    assert not spend.required and not spend.files and spend.loadable
    assert spend.required_columns == ["campaign_id", "spend_date", "channel", "cost"]
