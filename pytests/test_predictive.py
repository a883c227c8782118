"""The likelihood-to-close model's pure parts on hand-made rows: the leakage-free
rolling-origin splits, populations, point-in-time features (every activity type, custom
attributes, excluded columns), deciles, tiers, reasons, graceful degradation and
determinism; and the candidate seed rewrite of `suggest-weights`. No dbt build."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from leadscore.evaluation.predictive import (
    TIERS,
    TRAINED,
    Inputs,
    Settings,
    evaluate_rolling_origin,
    feature_spec,
    load_dataset,
    ntile_deciles,
    predict_close_likelihood,
    priority_tier,
    rolling_origin_splits,
)
from leadscore.evaluation.report import month_ends_before
from leadscore.evaluation.suggest_weights import field_span, format_points, rewrite_points

CURRENT = date(2026, 10, 31)
PAST = (date(2026, 3, 31), date(2026, 4, 30), date(2026, 7, 31))

OUTCOME_TYPES = {
    "score_date": pa.date32(),
    "contact_id": pa.string(),
    "model_id": pa.string(),
    "fit_score": pa.float64(),
    "engagement_score": pa.float64(),
    "negative_score": pa.float64(),
    "decay_points": pa.float64(),
    "total_score": pa.float64(),
    "is_disqualified": pa.bool_(),
    "days_inactive": pa.int64(),
    "is_converted": pa.bool_(),
}
ACTIVITY_TYPES = {
    "score_date": pa.date32(),
    "contact_id": pa.string(),
    "activity_type": pa.string(),
    "activities_7d": pa.int64(),
    "activities_30d": pa.int64(),
    "activities_90d": pa.int64(),
    "activities_total": pa.int64(),
    "days_since_last": pa.int64(),
}


def _table(rows: list[dict[str, Any]], types: dict[str, pa.DataType]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=pa.schema(list(types.items())))


def _score_row(day: date, contact: str, engagement: float, **extra: Any) -> dict[str, Any]:
    return {
        "score_date": day,
        "contact_id": contact,
        "model_id": "default",
        "fit_score": 10.0,
        "engagement_score": engagement,
        "negative_score": 0.0,
        "decay_points": 0.0,
        "total_score": 10.0 + engagement,
        "is_disqualified": False,
        "days_inactive": 5,
        **extra,
    }


def _activity(
    day: date, contact: str, kind: str, count: int, days_since: int = 1
) -> dict[str, Any]:
    return {
        "score_date": day,
        "contact_id": contact,
        "activity_type": kind,
        "activities_7d": count,
        "activities_30d": count,
        "activities_90d": count,
        "activities_total": count,
        "days_since_last": days_since,
    }


def _inputs(
    outcomes: list[dict[str, Any]],
    current: list[dict[str, Any]],
    contributions: list[dict[str, Any]] | None = None,
    customers: set[str] | None = None,
    contacts: dict[str, dict[str, Any]] | None = None,
    activities: list[dict[str, Any]] | None = None,
    new_leads: set[tuple[date, str]] | None = None,
) -> Inputs:
    ids = sorted({row["contact_id"] for row in [*outcomes, *current]})
    score_types = {k: v for k, v in OUTCOME_TYPES.items() if k != "is_converted"}
    dates = sorted({row["score_date"] for row in [*outcomes, *current]} | {CURRENT})
    attributes = contacts or {}
    extra_columns = sorted({name for values in attributes.values() for name in values})
    contact_rows = [
        {
            "contact_id": contact,
            "email": f"{contact}@example.com",
            "created_date": date(2025, 1, 1),
            "lifecycle_stage": "lead",
            "seniority": "manager",
            **{name: attributes.get(contact, {}).get(name) for name in extra_columns},
        }
        for contact in ids
    ]
    contact_types: dict[str, pa.DataType] = {
        "contact_id": pa.string(),
        "email": pa.string(),
        "created_date": pa.date32(),
        "lifecycle_stage": pa.string(),
        "seniority": pa.string(),
    }
    for name in extra_columns:
        contact_types.setdefault(name, pa.string())
    population_rows = [
        {
            "score_date": row["score_date"],
            "contact_id": row["contact_id"],
            "contact_age_days": 30,
            "is_customer": row["score_date"] == CURRENT
            and row["contact_id"] in (customers or set()),
            "is_new_lead": (row["score_date"], row["contact_id"]) in (new_leads or set()),
        }
        for row in [*outcomes, *current]
    ]
    return Inputs(
        outcomes=_table(outcomes, OUTCOME_TYPES),
        scores=_table([*current], score_types),
        contributions=_table(
            contributions or [],
            {
                "score_date": pa.date32(),
                "contact_id": pa.string(),
                "model_id": pa.string(),
                "rule_id": pa.string(),
                "points": pa.float64(),
            },
        ),
        contacts=_table(contact_rows, contact_types),
        activities=_table(activities or [], ACTIVITY_TYPES),
        populations=_table(
            population_rows,
            {
                "score_date": pa.date32(),
                "contact_id": pa.string(),
                "contact_age_days": pa.int64(),
                "is_customer": pa.bool_(),
                "is_new_lead": pa.bool_(),
            },
        ),
        score_dates=_table(
            [{"score_date": d, "is_current_score_date": d == CURRENT} for d in dates],
            {"score_date": pa.date32(), "is_current_score_date": pa.bool_()},
        ),
    )


def _synthetic(
    n_per_date: int = 400, seed: int = 1
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Past lead-dates whose conversion odds rise with engagement, and current leads."""
    rng = np.random.default_rng(seed)
    outcomes = []
    for day in PAST:
        for i in range(n_per_date):
            engagement = float(rng.uniform(0, 100))
            probability = 1 / (1 + math.exp(-(-5.5 + 0.06 * engagement)))
            outcomes.append(
                _score_row(
                    day, f"c{i:04d}", engagement, is_converted=bool(rng.random() < probability)
                )
            )
    current = [_score_row(CURRENT, f"c{i:04d}", float(i % 100)) for i in range(200)]
    return outcomes, current


# ------------------------------------------------------------------------ time split


def test_rolling_origin_trains_each_holdout_only_on_dates_whose_horizon_ended() -> None:
    dates = [date(2026, 1, 31), date(2026, 5, 2), date(2026, 5, 3), date(2026, 7, 31)]
    latest, previous, earliest = rolling_origin_splits(dates, 90, 3)
    assert latest.problem is None
    assert latest.holdout_date == date(2026, 7, 31)
    # 2026-05-02 + 90 days = 2026-07-31: its outcomes were all known on the holdout date;
    # 2026-05-03's horizon reaches past it, so it would leak holdout-period conversions.
    assert latest.training_dates == (date(2026, 1, 31), date(2026, 5, 2))
    assert previous.holdout_date == date(2026, 5, 3)
    assert previous.training_dates == (date(2026, 1, 31),)
    assert earliest.holdout_date == date(2026, 5, 2)
    assert earliest.training_dates == (date(2026, 1, 31),)
    assert len(rolling_origin_splits(dates, 90, 10)) == 4


def test_a_holdout_without_an_earlier_complete_date_says_what_to_build() -> None:
    (split, _) = rolling_origin_splits([date(2026, 6, 30), date(2026, 7, 31)], 90, 2)
    assert split.holdout_date == date(2026, 7, 31)
    assert split.training_dates == ()
    assert split.problem is not None
    assert split.problem.startswith("no_training_dates:")
    assert "2026-05-02" in split.problem
    assert rolling_origin_splits([], 90, 3)[0].problem is not None


def test_evaluation_trains_on_the_allowed_dates_only_and_averages_the_holdouts() -> None:
    outcomes, current = _synthetic()
    table = evaluate_rolling_origin(
        _inputs(outcomes, current), Settings(evaluation_dates=2)
    ).to_pylist()
    open_rows = [row for row in table if row["population"] == "open_leads"]
    latest = [row for row in open_rows if row["holdout_score_date"] == PAST[2]]
    allowed = [row for row in outcomes if row["score_date"] in PAST[:2]]
    assert {row["training_score_dates"] for row in latest} == {2}
    assert {row["training_rows"] for row in latest} == {len(allowed)}
    assert {row["training_conversions"] for row in latest} == {
        sum(row["is_converted"] for row in allowed)
    }
    metrics = {(row["scorer"], row["metric_name"], row["bucket"]): row for row in latest}
    assert {row["status"] for row in latest} == {"evaluated"}
    assert metrics[("predictive", "roc_auc", None)]["value"] > 0.7
    assert metrics[("rule_score", "roc_auc", None)]["value"] > 0.7
    holdout = [row for row in outcomes if row["score_date"] == PAST[2]]
    observed = [metrics[("predictive", "decile_observed_rate", b)] for b in range(1, 11)]
    assert sum(row["rows"] for row in observed) == len(holdout)
    assert sum(row["value"] * row["rows"] for row in observed) == pytest.approx(
        sum(row["is_converted"] for row in holdout)
    )
    # 2026-04-30 has no earlier date 90 days before it: only 2026-07-31 is averaged
    earlier = [row for row in open_rows if row["holdout_score_date"] == PAST[1]]
    assert {row["status"].split(":")[0] for row in earlier if row["scorer"] == "predictive"} == {
        "no_training_dates"
    }
    means = {
        (row["scorer"], row["metric_name"]): row
        for row in open_rows
        if row["holdout_score_date"] is None
    }
    assert means[("predictive", "roc_auc")]["status"] == "mean_over_dates: 1"
    assert means[("predictive", "roc_auc")]["value"] == pytest.approx(
        metrics[("predictive", "roc_auc", None)]["value"]
    )
    # no new leads in these rows: that population is reported as not evaluable
    new_rows = [row for row in table if row["population"] == "new_leads"]
    assert new_rows and {row["metric_name"] for row in new_rows} == {"status"}


def test_a_mean_is_over_every_evaluated_holdout_date() -> None:
    outcomes, current = _synthetic()
    extra_day = date(2026, 8, 31)
    rng = np.random.default_rng(7)
    for i in range(400):
        engagement = float(rng.uniform(0, 100))
        probability = 1 / (1 + math.exp(-(-5.5 + 0.06 * engagement)))
        converted = bool(rng.random() < probability)
        outcomes.append(_score_row(extra_day, f"c{i:04d}", engagement, is_converted=converted))
    table = evaluate_rolling_origin(_inputs(outcomes, current), Settings()).to_pylist()
    aucs = [
        row["value"]
        for row in table
        if row["population"] == "open_leads"
        and row["scorer"] == "rule_score"
        and row["metric_name"] == "roc_auc"
        and row["holdout_score_date"] in (PAST[2], extra_day)
    ]
    (mean,) = [
        row
        for row in table
        if row["population"] == "open_leads"
        and row["scorer"] == "rule_score"
        and row["metric_name"] == "roc_auc"
        and row["holdout_score_date"] is None
    ]
    assert len(aucs) == 2
    assert mean["status"] == "mean_over_dates: 2"
    assert mean["value"] == pytest.approx(sum(aucs) / 2)


# ------------------------------------------------------------------------- features


def test_rule_points_are_those_of_each_rows_own_score_date() -> None:
    outcomes = [
        _score_row(PAST[0], "a", 0.0, is_converted=False),
        _score_row(PAST[1], "a", 0.0, is_converted=True),
    ]
    contributions = [
        {
            "score_date": PAST[0],
            "contact_id": "a",
            "model_id": "default",
            "rule_id": "demo",
            "points": 0.0,
        },
        {
            "score_date": PAST[1],
            "contact_id": "a",
            "model_id": "default",
            "rule_id": "demo",
            "points": 20.0,
        },
        # scored later: must not reach the rows of earlier dates
        {
            "score_date": CURRENT,
            "contact_id": "a",
            "model_id": "default",
            "rule_id": "trial",
            "points": 25.0,
        },
    ]
    dataset = load_dataset(
        _inputs(outcomes, [_score_row(CURRENT, "a", 0.0)], contributions), Settings()
    )
    training = dataset.training.frame
    assert list(training["score_date"]) == [PAST[0], PAST[1]]
    assert training["rule:demo"].tolist() == [0.0, 20.0]
    assert "rule:trial" not in training.columns
    assert dataset.current.frame["rule:trial"].tolist() == [25.0]


def test_every_activity_type_and_custom_attribute_is_a_feature_but_not_leaks() -> None:
    outcomes = [
        _score_row(PAST[i % 3], f"c{i:03d}", 1.0, is_converted=i % 5 == 0) for i in range(300)
    ]
    contacts = {
        f"c{i:03d}": {
            "budget_band": ["small", "mid", "large"][i % 3],
            "visits": str(i % 7),
            "lead_status": "won" if i % 5 == 0 else "open",
            "nickname": f"person {i}",
            "updated_at": "2026-11-01",
        }
        for i in range(300)
    }
    activities = [
        _activity(PAST[i % 3], f"c{i:03d}", "podcast_listen", i % 4, i % 9)
        for i in range(300)
        if i % 4
    ]
    inputs = _inputs(outcomes, [], contacts=contacts, activities=activities)
    settings = Settings(excluded_columns=("lead_status",))
    training = load_dataset(inputs, settings).training
    spec = feature_spec(training, rules_available=True, settings=settings)
    assert "attribute:budget_band" in spec.categorical
    assert "attribute:visits" in spec.numeric  # numbers written as text are numbers
    assert "activity:podcast_listen:activities_30d" in spec.numeric  # no rule scores it
    assert "activity:podcast_listen:days_since_last" in spec.numeric
    leaks_and_ids = {"lead_status", "nickname", "updated_at", "email", "lifecycle_stage"}
    assert not {f"attribute:{name}" for name in leaks_and_ids} & set(spec.columns)
    assert spec.feature_set == "scores+activity+contact"


def test_customers_on_the_score_date_get_no_probability() -> None:
    outcomes, current = _synthetic()
    rows = predict_close_likelihood(
        _inputs(outcomes, current, customers={"c0001"}), Settings()
    ).to_pylist()
    by_contact = {row["contact_id"]: row for row in rows}
    assert by_contact["c0001"]["is_customer"] is True
    assert by_contact["c0001"]["likelihood_to_close"] is None
    assert by_contact["c0001"]["population"] is None
    assert by_contact["c0002"]["is_customer"] is False
    assert by_contact["c0002"]["likelihood_to_close"] is not None


def test_new_leads_get_a_model_of_their_own_when_they_have_enough_conversions() -> None:
    # Old open leads convert with engagement, new ones only with a custom attribute.
    rng = np.random.default_rng(3)
    outcomes = []
    contacts: dict[str, dict[str, Any]] = {}
    new_leads: set[tuple[date, str]] = set()
    for day in PAST:
        for i in range(600):
            contact = f"{day:%m}-{i:04d}"
            is_new = i < 300
            signal = str(rng.integers(0, 2))
            engagement = float(rng.uniform(0, 100))
            logit = (-1.5 + 2.5 * int(signal)) if is_new else (-5.5 + 0.06 * engagement)
            converted = bool(rng.random() < 1 / (1 + math.exp(-logit)))
            contacts[contact] = {"plan": "pro" if signal == "1" else "free"}
            outcomes.append(_score_row(day, contact, engagement, is_converted=converted))
            if is_new:
                new_leads.add((day, contact))
    current = [_score_row(CURRENT, f"n{i}", 50.0) for i in range(4)]
    for i in range(4):
        contacts[f"n{i}"] = {"plan": "pro" if i % 2 else "free"}
    new_leads |= {(CURRENT, f"n{i}") for i in range(2)}
    rows = predict_close_likelihood(
        _inputs(outcomes, current, contacts=contacts, new_leads=new_leads), Settings()
    ).to_pylist()
    by_contact = {row["contact_id"]: row for row in rows}
    assert [by_contact[f"n{i}"]["population"] for i in range(4)] == [
        "new_leads",
        "new_leads",
        "open_leads",
        "open_leads",
    ]
    assert by_contact["n0"]["training_rows"] == 900
    # the new-lead model learned that the plan matters: pro converts more, and says why
    assert by_contact["n1"]["likelihood_to_close"] > 2 * by_contact["n0"]["likelihood_to_close"]
    assert "plan" in (by_contact["n1"]["top_reasons"] or "")


def test_from_relations_filters_the_model_and_reads_every_contact_column() -> None:
    con = duckdb.connect()
    outcomes, current = _synthetic(50)
    inputs = _inputs(outcomes, current, contacts={"c0000": {"custom_tier": "gold"}})
    other = inputs.outcomes.set_column(
        2, "model_id", pa.array(["other"] * inputs.outcomes.num_rows)
    )
    fetched = Inputs.from_relations(
        outcomes=con.from_arrow(pa.concat_tables([inputs.outcomes, other])),
        scores=con.from_arrow(inputs.scores),
        contributions=con.sql(
            "select date '2026-03-31' as score_date, 'c0000' as contact_id, 'default' as model_id,"
            " 'r' as rule_id, 'x' as component_model_id, 5.0 as points"
        ),
        contacts=con.from_arrow(inputs.contacts),
        activities=con.from_arrow(inputs.activities),
        populations=con.from_arrow(inputs.populations),
        score_dates=con.from_arrow(inputs.score_dates),
        model_id="default",
    )
    assert fetched.outcomes.num_rows == inputs.outcomes.num_rows
    assert fetched.contributions.num_rows == 0  # composite component rows are not the model's
    assert "custom_tier" in fetched.contacts.column_names


# --------------------------------------------------------------- model and outputs


def test_trained_model_ranks_by_the_signal_and_is_deterministic() -> None:
    outcomes, current = _synthetic()
    inputs = _inputs(outcomes, current)
    first = predict_close_likelihood(inputs, Settings())
    assert first.equals(predict_close_likelihood(inputs, Settings()))
    rows = first.to_pylist()
    assert {row["model_status"] for row in rows} == {TRAINED}
    assert {row["priority_tier"] for row in rows} <= set(TIERS)
    by_engagement = sorted(rows, key=lambda row: row["contact_id"])[:100]
    likelihoods = [row["likelihood_to_close"] for row in by_engagement]
    # engagement 0..99 in contact order: the model's ranking follows it
    assert np.corrcoef(likelihoods, range(100))[0, 1] > 0.9
    assert likelihoods[-1] > 3 * likelihoods[0]
    base = rows[0]["training_base_rate"]
    assert rows[0]["training_conversions"] == sum(row["is_converted"] for row in outcomes)
    for row in rows:
        assert row["lift_over_base_rate"] == pytest.approx(row["likelihood_to_close"] / base)
        assert row["priority_tier"] == priority_tier(row["likelihood_to_close"], base)
        assert row["estimator"] and row["population"] == "open_leads"
    top = max(rows, key=lambda row: row["likelihood_to_close"])
    assert "engagement_score" in top["top_reasons"] or "total_score" in top["top_reasons"]


def test_too_few_conversions_give_null_probabilities_and_the_reason() -> None:
    outcomes = [_score_row(PAST[i % 2], f"c{i:03d}", 50.0, is_converted=i < 4) for i in range(100)]
    current = [_score_row(CURRENT, "c000", 50.0), _score_row(CURRENT, "c001", 10.0)]
    rows = predict_close_likelihood(_inputs(outcomes, current), Settings()).to_pylist()
    assert len(rows) == 2
    assert {row["model_status"] for row in rows} == {
        "insufficient_outcomes: 4 conversions in 2 evaluable score dates, need at least 20"
    }
    assert all(row["likelihood_to_close"] is None and row["priority_tier"] is None for row in rows)
    evaluation = evaluate_rolling_origin(_inputs(outcomes, current), Settings()).to_pylist()
    assert {row["metric_name"] for row in evaluation} == {"status"}
    assert all(row["value"] is None for row in evaluation)


def test_no_history_says_which_history_dates_to_build() -> None:
    rows = predict_close_likelihood(
        _inputs([], [_score_row(CURRENT, "a", 1.0)]), Settings()
    ).to_pylist()
    (row,) = rows
    assert row["likelihood_to_close"] is None
    assert row["model_status"].startswith("no_evaluable_score_dates:")
    assert "history_dates: [2026-08-02]" in row["model_status"]
    evaluation = evaluate_rolling_origin(_inputs([], [_score_row(CURRENT, "a", 1.0)]), Settings())
    # one status row per scorer and population
    assert evaluation.num_rows == 4
    assert set(evaluation.column("metric_name").to_pylist()) == {"status"}


def test_priority_tiers_are_cut_on_the_lift_over_the_base_rate() -> None:
    base = 0.01
    assert priority_tier(0.04, base) == "very high"
    assert priority_tier(0.0399, base) == "high"
    assert priority_tier(0.02, base) == "high"
    assert priority_tier(0.0101, base) == "medium"
    assert priority_tier(0.0099, base) == "low"


def test_deciles_follow_sql_ntile_with_ties_broken_by_contact_id() -> None:
    # ntile(10) over 23 rows: the first 3 groups get 3 rows, the other 7 get 2.
    scores = np.array([1.0] * 23)
    contacts = [f"c{i:02d}" for i in range(23)][::-1]
    deciles = ntile_deciles(scores, contacts)
    by_contact = dict(zip(contacts, deciles.tolist(), strict=True))
    assert [by_contact[f"c{i:02d}"] for i in range(23)] == [
        1,
        1,
        1,
        2,
        2,
        2,
        3,
        3,
        3,
        4,
        4,
        5,
        5,
        6,
        6,
        7,
        7,
        8,
        8,
        9,
        9,
        10,
        10,
    ]
    assert ntile_deciles(np.array([3.0, 1.0, 2.0]), ["a", "b", "c"]).tolist() == [3, 1, 2]


# ---------------------------------------------------------------- suggest-weights


def test_rewrite_changes_only_the_points_field_of_the_models_rules() -> None:
    text = (
        "model_id,rule_id,points,description\r\n"
        'default,r1,10,"Quoted, with a comma"\r\n'
        'upsell,r1,10,"Same id, other model"\r\n'
        "default,r2,5,plain\r\n"
        "default,r3,-0,unsupported\r\n"
    )
    rewritten, changes = rewrite_points(text, "default", {"r1": 17.0, "r2": 5.0}, "x.csv")
    assert rewritten == text.replace('default,r1,10,"Quoted', 'default,r1,17,"Quoted')
    assert changes == [(2, "r1", "10", "17")]


def test_points_are_written_as_seed_numbers() -> None:
    assert format_points(12.0) == "12"
    assert format_points(-0.0) == "0"
    assert format_points(-7.0) == "-7"
    assert format_points(2.5) == "2.5"
    assert field_span('a,"b,c",d\n', 2) == (8, 9)


def test_month_ends_before() -> None:
    assert month_ends_before(date(2026, 8, 2), 3) == [
        date(2026, 5, 31),
        date(2026, 6, 30),
        date(2026, 7, 31),
    ]
    assert month_ends_before(date(2026, 2, 28), 1) == [date(2026, 2, 28)]
    assert month_ends_before(date(2026, 3, 1) - timedelta(days=1), 1) == [date(2026, 2, 28)]
