"""The evaluation marts, the likelihood-to-close model, `leadscore report` and
`leadscore suggest-weights` on generated data whose ground truth is known
(docs/ground_truth.md): demo requests, pricing page views and trials drive conversion;
email opens, social likes and ad clicks are noise.

One module-scoped build (1,500 contacts, month ends January to July as history dates, so
the honest holdout on 2026-07-31 trains on the four month ends whose 90-day horizon
ended by then) serves every test; a second tiny build without history checks that the
model degrades to a clear message. Expected values are recomputed from the marts with
plain SQL, never taken from the code under test.
"""

from __future__ import annotations

import csv
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _warehouse import PROJECT_DIR, Build, output
from leadscore.cli import app
from leadscore.demo.generate import GenerateConfig, generate
from leadscore.review.seed_validation import default_raw_format, validate_seeds

SCORE_DATE = date(2026, 10, 31)
HISTORY_DATES = (
    "2026-01-31",
    "2026-02-28",
    "2026-03-31",
    "2026-04-30",
    "2026-05-31",
    "2026-06-30",
    "2026-07-31",
)

pytestmark = pytest.mark.slow
PREDICTIVE_ACTIONS = ("demo_request", "pricing_page_view", "trial_signup")
NOISE_ACTIONS = ("email_open", "social_engagement", "ad_click")
SEEDS = PROJECT_DIR / "seeds" / "scoring"


def _vars(history: tuple[str, ...]) -> str:
    return (
        "{score_date: " + SCORE_DATE.isoformat() + ", history_dates: [" + ", ".join(history) + "]}"
    )


def _build(root: Path, contacts: int, days: int, history: tuple[str, ...]) -> Build:
    raw = root / "raw"
    generate(GenerateConfig(out_dir=raw, contacts=contacts, days=days, as_of=SCORE_DATE, seed=42))
    build = Build(PROJECT_DIR, raw, root / "warehouse.duckdb", root / "target")
    # Every model with its data tests (the unit tests do not depend on the data).
    result = build.dbt("build", "--exclude", "test_type:unit", "--vars", _vars(history))
    assert result.returncode == 0, output(result)
    return build


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _build(tmp_path_factory.mktemp("evaluation"), 1500, 365, HISTORY_DATES)


@pytest.fixture(scope="module")
def no_history(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _build(tmp_path_factory.mktemp("evaluation_no_history"), 150, 120, ())


def _scalar(build: Build, sql: str) -> float:
    (row,) = build.query(sql)
    value = row[0]
    assert isinstance(value, int | float), (sql, value)
    return float(value)


def _engagement_rules(actions: tuple[str, ...]) -> list[str]:
    with (SEEDS / "engagement_rules.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rules = [
        row["rule_id"]
        for row in rows
        if row["model_id"] == "default" and row["activity_type"] in actions
    ]
    assert len(rules) >= len(actions), rules
    return rules


# ------------------------------------------------------------ score bands and rules


def test_higher_deciles_and_grades_convert_more(warehouse: Build) -> None:
    def pooled_rate(band_type: str, bands: str) -> float:
        return _scalar(
            warehouse,
            "select sum(conversions) / sum(leads) from rpt_score_band_conversion"
            f" where model_id = 'default' and population = 'open_leads'"
            f" and band_type = '{band_type}' and band in ({bands})",
        )

    top = pooled_rate("score_decile", "'10'")
    bottom_half = pooled_rate("score_decile", "'01', '02', '03', '04', '05'")
    assert top > 3 * max(bottom_half, 0.001)
    assert pooled_rate("fit_grade", "'A'") > pooled_rate("fit_grade", "'D'")
    assert pooled_rate("engagement_grade", "'1'") > pooled_rate("engagement_grade", "'4'")
    dates = warehouse.query("select distinct score_date from rpt_score_band_conversion")
    assert len(dates) == len(HISTORY_DATES)


def test_suggested_weights_rank_predictive_actions_above_noise(warehouse: Build) -> None:
    def suggested(rules: list[str]) -> dict[str, float]:
        ids = ", ".join(f"'{rule}'" for rule in rules)
        rows = warehouse.query(
            "select rule_id, suggested_points from rpt_rule_lift"
            f" where model_id = 'default' and population = 'open_leads' and rule_id in ({ids})"
        )
        assert all(points is not None for _, points in rows), rows
        return {str(rule): float(points) for rule, points in rows}

    predictive = suggested(_engagement_rules(PREDICTIVE_ACTIONS))
    noise = suggested(_engagement_rules(NOISE_ACTIONS))
    assert min(predictive.values()) > max(noise.values()), (predictive, noise)


# ------------------------------------------------------------------ predictive model


def test_predictive_model_beats_a_constant_on_the_honest_holdout(warehouse: Build) -> None:
    metrics = {
        (scorer, name): (value, status)
        for scorer, name, value, status in warehouse.query(
            "select scorer, metric_name, value, status from rpt_predictive_evaluation"
            " where bucket is null and population = 'open_leads'"
            " and holdout_score_date = date '2026-07-31'"
        )
    }
    assert metrics[("predictive", "roc_auc")][1] == "evaluated", metrics
    ((holdout_date, training_dates, holdout_rows, holdout_conversions),) = warehouse.query(
        "select distinct holdout_score_date, training_score_dates, holdout_rows,"
        " holdout_conversions from rpt_predictive_evaluation"
        " where population = 'open_leads' and scorer = 'predictive'"
        " and holdout_score_date = (select max(holdout_score_date) from rpt_predictive_evaluation)"
    )
    assert holdout_date == date(2026, 7, 31)
    # Only 2026-01-31 .. 2026-04-30 ended their 90-day horizon by 2026-07-31.
    assert training_dates == 4
    leads, conversions = warehouse.query(
        "select count(*), count(case when is_converted then 1 end)"
        " from int_lead_outcomes_observed"
        " where model_id = 'default' and score_date = date '2026-07-31'"
    )[0]
    assert (holdout_rows, holdout_conversions) == (leads, conversions)
    base_rate = float(conversions) / float(leads)
    # The best constant predictor knows the holdout base rate: Brier p (1 - p).
    constant_brier = base_rate * (1 - base_rate)
    auc = metrics[("predictive", "roc_auc")][0]
    brier = metrics[("predictive", "brier_score")][0]
    assert isinstance(auc, float) and isinstance(brier, float)
    assert auc > 0.7
    assert brier < constant_brier
    assert metrics[("rule_score", "roc_auc")][0] > 0.7
    lift = metrics[("predictive", "top_decile_lift")][0]
    assert isinstance(lift, float) and lift > 2


def test_calibration_deciles_add_up_and_stay_near_the_observed_rate(warehouse: Build) -> None:
    rows = warehouse.query(
        "select bucket, metric_name, value, rows from rpt_predictive_evaluation"
        " where scorer = 'predictive' and bucket is not null and population = 'open_leads'"
        " and holdout_score_date = date '2026-07-31' order by bucket"
    )
    predicted = {b: (v, n) for b, m, v, n in rows if m == "decile_mean_predicted"}
    observed = {b: (v, n) for b, m, v, n in rows if m == "decile_observed_rate"}
    assert sorted(predicted) == list(range(1, 11)) == sorted(observed)
    expected = sum(float(v) * int(n) for v, n in predicted.values())
    actual = sum(float(v) * int(n) for v, n in observed.values())
    assert 0.5 < expected / actual < 2
    # The top predicted decile converts more than the bottom half together.
    bottom = sum(float(observed[b][0]) * int(observed[b][1]) for b in range(1, 6))
    assert float(observed[10][0]) * int(observed[10][1]) > bottom


def test_every_current_lead_gets_a_likelihood_and_a_tier(warehouse: Build) -> None:
    leads = _scalar(
        warehouse,
        "select count(*) from fct_lead_scores where model_id = 'default'",
    )
    rows = warehouse.query(
        "select model_status, is_customer, likelihood_to_close_90d, priority_tier,"
        " training_score_dates from fct_lead_close_likelihood"
    )
    assert len(rows) == leads
    assert {row[0] for row in rows} == {"trained"}
    assert {row[4] for row in rows} == {len(HISTORY_DATES)}
    for _, is_customer, likelihood, tier, _ in rows:
        assert (likelihood is None) == bool(is_customer)
        assert (tier is None) == bool(is_customer)
    means = dict(
        warehouse.query(
            "select priority_tier, avg(likelihood_to_close_90d) from fct_lead_close_likelihood"
            " where priority_tier is not null group by 1"
        )
    )
    assert means["very high"] > means["high"] > means["medium"] > means["low"]


def test_without_past_score_dates_the_model_says_why(no_history: Build, tmp_path: Path) -> None:
    rows = no_history.query(
        "select distinct model_status, likelihood_to_close_90d, priority_tier"
        " from fct_lead_close_likelihood"
    )
    assert len(rows) == 1
    status, likelihood, tier = rows[0]
    assert likelihood is None and tier is None
    assert isinstance(status, str) and status.startswith("no_evaluable_score_dates:")
    assert "history_dates" in status
    evaluation = no_history.query(
        "select distinct metric_name, status from rpt_predictive_evaluation"
    )
    assert {row[0] for row in evaluation} == {"status"}
    result = CliRunner().invoke(
        app, ["report", "--database", str(no_history.database), "--out", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 1
    assert "empty" in result.output and "history_dates" in result.output
    assert not (tmp_path / "r.html").exists()


# --------------------------------------------------------------------------- commands


def test_report_is_one_html_file_with_its_charts(warehouse: Build, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "scoring_report.html"
    result = CliRunner().invoke(
        app, ["report", "--database", str(warehouse.database), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    images = re.findall(
        r"<img alt=\"([^\"]+)\" src=\"data:image/png;base64,[A-Za-z0-9+/=]{1000,}\">", html
    )
    assert images == [
        "Conversion rate and lift by score decile",
        "Conversion rate by grade",
        "Funnel",
        "Precision, recall and F1 by threshold",
        "Calibration of the predictive model",
        "Current versus suggested rule points",
    ]
    for title in (
        "Key figures",
        "Conversion by score decile",
        "Conversion by grade",
        "Funnel",
        "MQL threshold",
        "Calibration of the predictive model",
        "Rule lift and suggested points",
        "ROC AUC",
        "Top-decile lift (holdout)",
    ):
        assert f">{title}<" in html, title
    # Self-contained: nothing to fetch.
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html


def test_suggest_weights_changes_only_points_and_threshold_and_appends_rules(
    warehouse: Build, tmp_path: Path
) -> None:
    out = tmp_path / "suggested"
    result = CliRunner().invoke(
        app,
        [
            "suggest-weights",
            "--database",
            str(warehouse.database),
            "--seeds-dir",
            str(SEEDS),
            "--out",
            str(out),
            "--population",
            "open_leads",
            "--train-start",
            "2026-01-31",
            "--train-end",
            "2026-06-30",
            "--holdout-start",
            "2026-07-31",
            "--holdout-end",
            "2026-07-31",
        ],
    )
    assert result.exit_code == 0, result.output
    changed = 0
    for name, key, field in (
        ("fit_rules.csv", "rule_id", "points"),
        ("engagement_rules.csv", "rule_id", "points"),
        ("scoring_models.csv", "model_id", "mql_threshold"),
    ):
        before = (SEEDS / name).read_text(encoding="utf-8").splitlines()
        after = (out / name).read_text(encoding="utf-8").splitlines()
        # the current rows, then any proposed new rules
        assert len(after) >= len(before)
        assert before[0] == after[0]
        header = next(csv.reader([before[0]]))
        column = header.index(field)
        for old_line, new_line in zip(before[1:], after[1 : len(before)], strict=True):
            old = next(csv.reader([old_line]))
            new = next(csv.reader([new_line]))
            assert old[:column] + old[column + 1 :] == new[:column] + new[column + 1 :]
            if old[0] != "default":
                assert new_line == old_line
            changed += old_line != new_line
        for line in after[len(before) :]:
            row = dict(zip(header, next(csv.reader([line])), strict=True))
            assert row["model_id"] == "default" and row[key].startswith(("fit_", "eng_"))
    assert changed > 0
    text = " ".join(result.output.split())
    assert f"{changed} field(s) changed" in text
    assert "MQL threshold 75 ->" in text and "holdout 2026-07-31..2026-07-31" in text
    # The candidates are valid seeds.
    seeds = shutil.copytree(SEEDS, tmp_path / "seeds")
    for name in ("fit_rules.csv", "engagement_rules.csv", "scoring_models.csv"):
        shutil.copy2(out / name, seeds / name)
    validation = validate_seeds(seeds, warehouse.raw_dir, default_raw_format())
    assert validation.ok, validation.problems


def test_evaluate_baseline_scores_the_same_holdout_lead_dates(warehouse: Build) -> None:
    from leadscore.evaluation.holdout_evaluation import (
        baseline_results,
        to_markdown,
        warehouse_results,
    )

    mine = warehouse_results(warehouse.database, "default")
    baseline = baseline_results(
        warehouse.database, warehouse.raw_dir, default_raw_format(), "default", 90
    )
    predictive = {
        (r.population, r.holdout_date): r
        for r in mine
        if r.scorer == "predictive" and r.status == "evaluated"
    }
    dated = [r for r in baseline if r.holdout_date is not None]
    assert dated and {(r.population, r.holdout_date) for r in dated} == set(predictive)
    for result in dated:
        # the same lead-dates, read from the raw files instead of the warehouse's features
        assert result.rows == predictive[(result.population, result.holdout_date)].rows
        assert result.roc_auc is not None and result.roc_auc > 0.6
    table = to_markdown([*mine, *baseline], "demo")
    assert "| open_leads | baseline_logistic |" in table
    assert "| open_leads | predictive |" in table
