"""`leadscore report`: one self-contained HTML page on how well the scores predict.

Reads the evaluation marts of a built warehouse (rpt_score_band_conversion, rpt_funnel,
rpt_threshold_evaluation, rpt_rule_lift, rpt_predictive_evaluation) and renders them with
matplotlib as PNGs embedded in base64, so the file can be mailed or attached to a pull
request and opens anywhere without a network.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import jinja2

REPORT_TABLES = (
    "rpt_score_band_conversion",
    "rpt_funnel",
    "rpt_threshold_evaluation",
    "rpt_rule_lift",
    "rpt_predictive_evaluation",
)
FUNNEL_STAGES = (
    ("leads", "Leads"),
    ("mqls", "MQLs"),
    ("sqls", "SQLs"),
    ("opportunities", "Opportunities"),
    ("won", "Won"),
)
DEFAULT_HORIZON_DAYS = 90

Row = dict[str, Any]


class ReportError(Exception):
    """The warehouse cannot give a report (missing, not built, or nothing evaluable)."""


@dataclass(frozen=True)
class ReportData:
    database: Path
    model_id: str
    score_date: date | None
    population: str
    evaluated_dates: list[date]
    bands: list[Row]
    funnel: list[Row]
    thresholds: list[Row]
    rule_lift: list[Row]
    evaluation: list[Row]
    evaluation_means: list[Row]
    # the configuration versions that scored the model's leads at the score date
    config_versions: list[str]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Row]:
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description or []]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def load_report_data(
    database: Path, model_id: str = "default", population: str = "open_leads"
) -> ReportData:
    """Read the evaluation marts of one population; ReportError when there is nothing
    to report on. The predictive figures are those of the latest holdout date, with the
    means over every rolling holdout date beside them."""
    if not database.exists():
        raise ReportError(f"no warehouse at {database}: build it first (make build)")
    with duckdb.connect(str(database), read_only=True) as con:
        present = {
            row[0]
            for row in con.execute("select table_name from information_schema.tables").fetchall()
        }
        missing = [name for name in REPORT_TABLES if name not in present]
        if missing:
            raise ReportError(
                f"{database} has no {', '.join(missing)}: build the warehouse with this "
                "version of the project (dbt build)"
            )
        score_date = con.execute("select max(score_date) from fct_lead_scores").fetchone()
        current = score_date[0] if score_date else None
        dates = [
            row[0]
            for row in con.execute(
                "select distinct score_date from rpt_score_band_conversion"
                " where population = ? order by 1",
                [population],
            ).fetchall()
        ]
        if not dates:
            raise ReportError(_empty_message(database, current, _horizon(con)))
        versions = [
            str(row[0])
            for row in con.execute(
                "select distinct scoring_config_version from fct_lead_scores"
                " where model_id = ? order by 1",
                [model_id],
            ).fetchall()
        ]
        models = sorted(
            str(row[0])
            for row in con.execute(
                "select distinct model_id from rpt_score_band_conversion"
            ).fetchall()
        )
        if model_id not in models:
            raise ReportError(f"no model {model_id!r} in the reports (models: {', '.join(models)})")
        return ReportData(
            database=database,
            model_id=model_id,
            score_date=current,
            population=population,
            evaluated_dates=dates,
            bands=_rows(
                con,
                """
                select
                    model_id,
                    band_type,
                    band,
                    sum(leads) as leads,
                    sum(conversions) as conversions,
                    sum(conversions) / sum(leads) as conversion_rate,
                    (sum(conversions) / sum(leads)) / nullif(
                        sum(sum(conversions)) over (partition by model_id, band_type)
                        / sum(sum(leads)) over (partition by model_id, band_type), 0
                    ) as lift
                from rpt_score_band_conversion
                where population = ?
                group by model_id, band_type, band
                order by model_id, band_type, band
                """,
                [population],
            ),
            funnel=_rows(
                con,
                """
                select model_id, sum(leads) as leads, sum(mqls) as mqls, sum(sqls) as sqls,
                    sum(mql_sqls) as mql_sqls, sum(opportunities) as opportunities,
                    sum(sql_opportunities) as sql_opportunities, sum(won) as won
                from rpt_funnel
                group by model_id
                order by model_id
                """,
            ),
            thresholds=_rows(
                con,
                "select * from rpt_threshold_evaluation where population = ?"
                " order by model_id, threshold",
                [population],
            ),
            rule_lift=_rows(
                con,
                "select * from rpt_rule_lift where population = ? order by model_id, rule_id",
                [population],
            ),
            evaluation=_rows(
                con,
                """
                select * from rpt_predictive_evaluation
                where
                    population = ?
                    and holdout_score_date is not distinct from (
                        select max(holdout_score_date) from rpt_predictive_evaluation
                        where population = ? and scorer = 'predictive' and status = 'evaluated'
                    )
                order by model_id, scorer, metric_name, bucket
                """,
                [population, population],
            ),
            evaluation_means=_rows(
                con,
                "select * from rpt_predictive_evaluation where population = ?"
                " and holdout_score_date is null and metric_name != 'status'"
                " order by model_id, scorer, metric_name",
                [population],
            ),
            config_versions=versions,
        )


def _horizon(con: duckdb.DuckDBPyConnection) -> int:
    try:
        row = con.execute("select max(horizon_days) from fct_lead_close_likelihood").fetchone()
    except duckdb.Error:
        return DEFAULT_HORIZON_DAYS
    return int(row[0]) if row and row[0] is not None else DEFAULT_HORIZON_DAYS


def month_ends_before(last: date, count: int) -> list[date]:
    """The `count` month ends on or before `last`, oldest first."""
    ends: list[date] = []
    month_end = date(last.year, last.month, 1) + timedelta(days=32)
    month_end = date(month_end.year, month_end.month, 1) - timedelta(days=1)
    while len(ends) < count:
        if month_end <= last:
            ends.append(month_end)
        month_end = date(month_end.year, month_end.month, 1) - timedelta(days=1)
    return sorted(ends)


def _empty_message(database: Path, score_date: date | None, horizon: int) -> str:
    current = score_date or date.today()
    suggested = ", ".join(
        d.isoformat() for d in month_ends_before(current - timedelta(days=horizon), 5)
    )
    return (
        f"The evaluation reports in {database} are empty: no score date in the history has "
        f"its {horizon}-day outcome window complete by the score date {current}. Build past "
        f"score dates (at least {horizon} days before it) into the history, e.g.\n"
        f"  dbt build --vars '{{score_date: {current}, history_dates: [{suggested}]}}'"
    )


# ----------------------------------------------------------------------------- charts


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    # No software/date metadata: the same data gives the same bytes.
    figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# The uncertainty drawn on every rate: a 95% Wilson score interval of the binomial share.
Z_95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of successes / trials (0..1); (0, 1) when trials is 0.
    Unlike the normal approximation it stays inside [0, 1] and is honest at 0 or n."""
    if trials <= 0:
        return (0.0, 1.0)
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def _error_bars(rates: list[float], intervals: list[tuple[float, float]]) -> list[list[float]]:
    """matplotlib's yerr (below, above) of rates in %; the interval holds the rate, but
    floating point can put it a hair outside, and matplotlib rejects a negative error."""
    return [
        [max(0.0, rate - 100 * low) for rate, (low, _) in zip(rates, intervals, strict=True)],
        [max(0.0, 100 * high - rate) for rate, (_, high) in zip(rates, intervals, strict=True)],
    ]


def _rate_bars(
    axis: Any,
    positions: list[float] | list[str],
    successes: list[int],
    trials: list[int],
    width: float = 0.8,
    label: str | None = None,
) -> None:
    """Bars of conversion rates (%) with their 95% interval and `converted/leads` on
    each, so that no rate is shown without the count it rests on."""
    rates = [100 * s / n if n else 0.0 for s, n in zip(successes, trials, strict=True)]
    intervals = [wilson_interval(s, n) for s, n in zip(successes, trials, strict=True)]
    errors = _error_bars(rates, intervals)
    bars = axis.bar(positions, rates, width, yerr=errors, capsize=2, label=label)
    axis.bar_label(
        bars,
        labels=[f"{s:,}/{n:,}" for s, n in zip(successes, trials, strict=True)],
        fontsize=6,
        rotation=90,
        padding=3,
    )
    axis.margins(y=0.25)


def _figure(width: float = 9.0, height: float = 4.0) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _band_chart(data: ReportData) -> str:
    deciles = [row for row in data.bands if row["band_type"] == "score_decile"]
    models = sorted({row["model_id"] for row in deciles})
    figure = _figure()
    rate_axis, lift_axis = figure.subplots(1, 2)
    width = 0.8 / max(len(models), 1)
    for i, model in enumerate(models):
        rows = [row for row in deciles if row["model_id"] == model]
        positions = [int(row["band"]) + (i - (len(models) - 1) / 2) * width for row in rows]
        _rate_bars(
            rate_axis,
            positions,
            [int(row["conversions"]) for row in rows],
            [int(row["leads"]) for row in rows],
            width,
            model,
        )
        lift_axis.plot(
            [int(row["band"]) for row in rows],
            [row["lift"] or 0 for row in rows],
            marker="o",
            label=model,
        )
    rate_axis.set(
        title="Conversion rate by score decile",
        xlabel="score decile (10 = highest)",
        ylabel="converted within horizon (%)",
        xticks=range(1, 11),
    )
    lift_axis.axhline(1.0, color="grey", linestyle="--", linewidth=1)
    lift_axis.set(
        title="Lift by score decile", xlabel="score decile", ylabel="lift", xticks=range(1, 11)
    )
    rate_axis.legend(title="model")
    return _png(figure)


def _grade_chart(data: ReportData) -> str:
    figure = _figure(10, 3.8)
    axes = figure.subplots(1, 3, width_ratios=[1, 1, 2.4])
    for axis, band_type in zip(axes, ("fit_grade", "engagement_grade", "lead_grade"), strict=True):
        rows = [
            row
            for row in data.bands
            if row["band_type"] == band_type and row["model_id"] == data.model_id
        ]
        _rate_bars(
            axis,
            [str(row["band"]) for row in rows],
            [int(row["conversions"]) for row in rows],
            [int(row["leads"]) for row in rows],
        )
        axis.set(title=f"{band_type.replace('_', ' ')} ({data.model_id})", ylabel="converted (%)")
        axis.tick_params(axis="x", labelrotation=90 if band_type == "lead_grade" else 0)
    return _png(figure)


def _funnel_chart(data: ReportData) -> str:
    rows = [row for row in data.funnel if row["model_id"] == data.model_id] or data.funnel[:1]
    figure = _figure(9, 3.2)
    axis = figure.subplots()
    if rows:
        row = rows[0]
        counts = [int(row[key] or 0) for key, _ in FUNNEL_STAGES]
        labels = [label for _, label in FUNNEL_STAGES]
        axis.barh(labels[::-1], counts[::-1], color="#4c72b0")
        # each step over the contacts of the previous stage that reached the next one
        reached = [None, row["mqls"], row["mql_sqls"], row["sql_opportunities"], row["won"]]
        for position, (count, step, previous) in enumerate(
            zip(counts, reached, [None, *counts[:-1]], strict=True)
        ):
            share = (
                f" ({int(step):,} of {previous:,} = {int(step) / previous:.0%} of the previous)"
                if previous and step is not None
                else ""
            )
            axis.text(count, len(counts) - 1 - position, f" {count:,}{share}", va="center")
        axis.set(title=f"Funnel, all cohorts ({row['model_id']})", xlabel="contacts")
        axis.set_xlim(0, max(counts) * 1.9 if max(counts) else 1)
    return _png(figure)


def _threshold_chart(data: ReportData) -> str:
    rows = [row for row in data.thresholds if row["model_id"] == data.model_id]
    figure = _figure(9, 4)
    axis = figure.subplots()
    thresholds = [float(row["threshold"]) for row in rows]
    for key, label in (("precision", "precision"), ("recall", "recall"), ("f1_score", "F1")):
        axis.plot(
            thresholds,
            [row[key] if row[key] is not None else float("nan") for row in rows],
            label=label,
        )
    for row in rows:
        if row["is_configured_threshold"]:
            axis.axvline(
                float(row["threshold"]),
                color="black",
                linestyle="--",
                label=f"configured ({float(row['threshold']):g})",
            )
        if row["is_best_threshold"]:
            axis.axvline(
                float(row["threshold"]),
                color="red",
                linestyle=":",
                label=f"best F1 ({float(row['threshold']):g})",
            )
    axis.set(
        title=f"MQL threshold trade-off ({data.model_id})",
        xlabel="MQL threshold (total score)",
        ylabel="share",
        ylim=(0, 1.02),
    )
    axis.legend()
    return _png(figure)


def evaluation_metric(data: ReportData, scorer: str, metric: str) -> float | None:
    for row in data.evaluation:
        if row["scorer"] == scorer and row["metric_name"] == metric and row["bucket"] is None:
            return float(row["value"]) if row["value"] is not None else None
    return None


def _decile_values(data: ReportData, scorer: str, metric: str) -> dict[int, float]:
    return {
        int(row["bucket"]): float(row["value"])
        for row in data.evaluation
        if row["scorer"] == scorer
        and row["metric_name"] == metric
        and row["bucket"] is not None
        and row["value"] is not None
    }


def _decile_counts(data: ReportData, scorer: str) -> dict[int, tuple[int, int]]:
    """(converted, leads) of each holdout decile of a scorer."""
    counts: dict[int, tuple[int, int]] = {}
    for row in data.evaluation:
        if (
            row["scorer"] == scorer
            and row["metric_name"] == "decile_observed_rate"
            and row["bucket"] is not None
            and row["value"] is not None
        ):
            leads = int(row["rows"])
            counts[int(row["bucket"])] = (round(float(row["value"]) * leads), leads)
    return counts


def _calibration_chart(data: ReportData) -> str | None:
    """Calibration on quantile bins: the holdout's ten deciles of predicted likelihood
    (equal lead counts, so every point rests on as many leads), with 95% intervals."""
    predicted = _decile_values(data, "predictive", "decile_mean_predicted")
    counts = _decile_counts(data, "predictive")
    rule_counts = _decile_counts(data, "rule_score")
    if not predicted:
        return None
    figure = _figure()
    calibration, deciles = figure.subplots(1, 2)
    buckets = sorted(b for b in predicted if b in counts)
    xs = [predicted[b] * 100 for b in buckets]
    ys = [100 * counts[b][0] / counts[b][1] for b in buckets]
    intervals = [wilson_interval(*counts[b]) for b in buckets]
    top = max([*xs, *(100 * high for _, high in intervals), 1.0]) * 1.05
    calibration.plot(
        [0, top], [0, top], color="grey", linestyle="--", linewidth=1, label="perfect calibration"
    )
    calibration.errorbar(
        xs,
        ys,
        yerr=_error_bars(ys, intervals),
        marker="o",
        capsize=2,
        label="predictive model (95% interval)",
    )
    calibration.set(
        title="Calibration on the holdout (ten quantile bins)",
        xlabel="mean predicted likelihood (%)",
        ylabel="observed conversion rate (%)",
    )
    calibration.legend()
    width = 0.4
    _rate_bars(
        deciles,
        [b - width / 2 for b in buckets],
        [counts[b][0] for b in buckets],
        [counts[b][1] for b in buckets],
        width,
        "predictive",
    )
    rule_buckets = sorted(rule_counts)
    _rate_bars(
        deciles,
        [b + width / 2 for b in rule_buckets],
        [rule_counts[b][0] for b in rule_buckets],
        [rule_counts[b][1] for b in rule_buckets],
        width,
        "rule score",
    )
    deciles.set(
        title="Holdout conversion by decile",
        xlabel="decile (10 = highest)",
        ylabel="converted (%)",
        xticks=range(1, 11),
    )
    deciles.legend()
    return _png(figure)


def _rule_chart(data: ReportData) -> str | None:
    rows = sorted(
        (
            row
            for row in data.rule_lift
            if row["model_id"] == data.model_id and row["suggested_points"] is not None
        ),
        key=lambda row: (float(row["suggested_points"]), row["rule_id"]),
    )
    if not rows:
        return None
    figure = _figure(9, max(3.0, 0.28 * len(rows) + 1))
    axis = figure.subplots()
    positions = range(len(rows))
    axis.barh(
        [p + 0.2 for p in positions],
        [float(row["current_points"]) for row in rows],
        0.4,
        label="current points",
    )
    axis.barh(
        [p - 0.2 for p in positions],
        [float(row["suggested_points"]) for row in rows],
        0.4,
        label="suggested points",
    )
    axis.set_yticks(list(positions), [str(row["rule_id"]) for row in rows], fontsize=8)
    axis.axvline(0, color="grey", linewidth=1)
    axis.set(title=f"Rule points: current vs data-suggested ({data.model_id})", xlabel="points")
    axis.legend(loc="lower right")
    return _png(figure)


# ------------------------------------------------------------------------------- html


def _format(value: float | None, kind: str = "ratio") -> str:
    if value is None:
        return "n/a"
    if kind == "percent":
        return f"{value:.2%}"
    return f"{value:.3f}"


def _pooled_top_decile_lift(data: ReportData, model_id: str) -> float | None:
    for row in data.bands:
        if (
            row["model_id"] == model_id
            and row["band_type"] == "score_decile"
            and row["band"] == "10"
        ):
            return float(row["lift"]) if row["lift"] is not None else None
    return None


def _key_figures(data: ReportData) -> list[tuple[str, str, str]]:
    first = data.evaluation[0] if data.evaluation else {}
    rows = [
        ("Holdout score date", str(first.get("holdout_score_date") or "n/a"), ""),
        (
            "Training (score dates / lead-dates / conversions)",
            f"{first.get('training_score_dates', 0)} / {first.get('training_rows', 0):,} / "
            f"{first.get('training_conversions', 0):,}",
            f"features: {first.get('feature_set') or 'n/a'}",
        ),
        (
            "Holdout (leads / conversions / base rate)",
            f"{first.get('holdout_rows', 0):,} / {first.get('holdout_conversions', 0):,} / "
            f"{_format(evaluation_metric(data, 'rule_score', 'holdout_base_rate'), 'percent')}",
            "",
        ),
        (
            "ROC AUC",
            _format(evaluation_metric(data, "predictive", "roc_auc")),
            _format(evaluation_metric(data, "rule_score", "roc_auc")),
        ),
        (
            _mean_label(data),
            _format(_mean_metric(data, "predictive", "roc_auc")),
            _format(_mean_metric(data, "rule_score", "roc_auc")),
        ),
        (
            "Top-decile lift (holdout)",
            _format(evaluation_metric(data, "predictive", "top_decile_lift")),
            _format(evaluation_metric(data, "rule_score", "top_decile_lift")),
        ),
        (
            "Top-decile conversion rate (holdout)",
            _format(evaluation_metric(data, "predictive", "top_decile_conversion_rate"), "percent"),
            _format(evaluation_metric(data, "rule_score", "top_decile_conversion_rate"), "percent"),
        ),
        ("Brier score (constant base-rate predictor in brackets)", _brier(data), ""),
        (
            f"Top-decile lift, pooled over {len(data.evaluated_dates)} evaluated score dates",
            "",
            _format(_pooled_top_decile_lift(data, data.model_id)),
        ),
    ]
    return rows


def _mean_metric(data: ReportData, scorer: str, metric: str) -> float | None:
    for row in data.evaluation_means:
        if row["scorer"] == scorer and row["metric_name"] == metric:
            return float(row["value"]) if row["value"] is not None else None
    return None


def _mean_label(data: ReportData) -> str:
    statuses = {str(row["status"]) for row in data.evaluation_means}
    dates = statuses.pop().removeprefix("mean_over_dates: ") if len(statuses) == 1 else "0"
    return f"ROC AUC, mean over {dates} rolling holdout dates"


def _brier(data: ReportData) -> str:
    brier = evaluation_metric(data, "predictive", "brier_score")
    base = evaluation_metric(data, "predictive", "holdout_base_rate")
    if brier is None or base is None:
        return "n/a"
    # The best constant predictor on the holdout predicts its base rate p: Brier p(1 - p).
    return f"{brier:.5f} ({base * (1 - base):.5f})"


def _rule_rows(data: ReportData) -> list[dict[str, str]]:
    rows = [row for row in data.rule_lift if row["model_id"] == data.model_id]
    rows.sort(key=lambda row: -(row["log_odds_ratio"] or 0))
    return [
        {
            "rule_id": str(row["rule_id"]),
            "rule_type": str(row["rule_type"]),
            "current": f"{float(row['current_points']):g}",
            "suggested": _points(row["suggested_points"]),
            "moved": f"{int(row['leads_triggered']):,}",
            "lift": _format(row["lift"]),
        }
        for row in rows
    ]


def _points(value: float | None) -> str:
    if value is None:
        return "no support"
    return f"{float(value) + 0.0:g}"


# Autoescaped: rule ids, model ids and paths come from seeds and the command line.
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("leadscore.evaluation", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def render_html(data: ReportData) -> str:
    """The report as one HTML document with every chart inlined."""
    return _TEMPLATES.get_template("report.html.j2").render(
        database=str(data.database),
        score_date=data.score_date,
        evaluated_dates=[d.isoformat() for d in data.evaluated_dates],
        model_id=data.model_id,
        population=data.population,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        config_versions=data.config_versions,
        key_figures=_key_figures(data),
        statuses=sorted(
            {str(row["status"]) for row in data.evaluation if row["status"] != "evaluated"}
        ),
        charts={
            "bands": _band_chart(data),
            "grades": _grade_chart(data),
            "funnel": _funnel_chart(data),
            "threshold": _threshold_chart(data),
            "calibration": _calibration_chart(data),
            "rules": _rule_chart(data),
        },
        rules=_rule_rows(data),
    )


def write_report(
    database: Path, out: Path, model_id: str = "default", population: str = "open_leads"
) -> ReportData:
    """Render the report of `database` into `out` (directories created)."""
    data = load_report_data(database, model_id, population)
    document = render_html(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(document, encoding="utf-8")
    return data
