"""Likelihood to close: a logistic regression on point-in-time lead features.

The dbt Python models `int_close_likelihood_predicted` and `int_predictive_model_evaluated`
are thin wrappers around `predict_close_likelihood` and `evaluate_holdout`; everything that
decides what the model sees lives here so it can be tested on hand-made rows.

Leakage rules, in one place:

- a training row is a lead (not yet a customer) on a past score date whose whole outcome
  horizon is known (`int_lead_outcomes_observed`), with the scores *of that date*;
- rule features are the per-rule points of that same score date, so they are used only
  when the build scored every date involved (`int_score_contributions_composited` holds
  only the dates of the current build); otherwise the model falls back to the score
  columns the history keeps;
- contact attributes (seniority, department, industry, company size) are the current CRM
  snapshot: they are assumed not to change with time. `lifecycle_stage` is never used, it
  records the outcome;
- the holdout evaluation trains only on score dates whose outcome horizon had ended by
  the holdout date, so no training label was unknown on the day the holdout is scored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

import duckdb
import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

SCORE_FEATURES: Final = ("fit_score", "engagement_score", "negative_score", "decay_points")
CATEGORICAL_FEATURES: Final = ("seniority", "department", "company_industry")
# Inactivity beyond a year tells no more than a year: the decay schedule resets at 180.
MAX_DAYS_INACTIVE: Final = 365.0
# Priority tiers by likelihood relative to the training base rate (the lift): the rule
# stays meaningful when the base rate moves, unlike fixed probability cut-offs, and
# unlike quantiles it does not promise sales a fixed share of "very high" leads.
TIER_LIFTS: Final = (("very high", 4.0), ("high", 2.0), ("medium", 1.0))
LOWEST_TIER: Final = "low"
TIERS: Final = (*(name for name, _ in TIER_LIFTS), LOWEST_TIER)
TRAINED: Final = "trained"
EVALUATED: Final = "evaluated"
DECILES: Final = 10
# L2 strength on standardised features. Conversions are rare (tens per score date on the
# demo), so coefficients are shrunk hard; on the demo holdouts C between 0.03 and 0.1 did
# about equally well, 0.3 and more overfit. The intercept is not penalised (lbfgs), so
# the mean prediction on the training rows still equals their base rate.
DEFAULT_C: Final = 0.05

CLOSE_LIKELIHOOD_SCHEMA: Final = pa.schema(
    [
        ("score_date", pa.date32()),
        ("contact_id", pa.string()),
        ("model_id", pa.string()),
        ("likelihood_to_close", pa.float64()),
        ("lift_over_base_rate", pa.float64()),
        ("priority_tier", pa.string()),
        ("is_customer", pa.bool_()),
        ("model_status", pa.string()),
        ("feature_set", pa.string()),
        ("horizon_days", pa.int64()),
        ("training_score_dates", pa.int64()),
        ("training_rows", pa.int64()),
        ("training_conversions", pa.int64()),
        ("training_base_rate", pa.float64()),
    ]
)

EVALUATION_SCHEMA: Final = pa.schema(
    [
        ("model_id", pa.string()),
        ("scorer", pa.string()),
        ("metric_name", pa.string()),
        ("bucket", pa.int64()),
        ("value", pa.float64()),
        ("rows", pa.int64()),
        ("status", pa.string()),
        ("holdout_score_date", pa.date32()),
        ("training_score_dates", pa.int64()),
        ("training_rows", pa.int64()),
        ("training_conversions", pa.int64()),
        ("holdout_rows", pa.int64()),
        ("holdout_conversions", pa.int64()),
        ("feature_set", pa.string()),
    ]
)


@dataclass(frozen=True)
class Settings:
    """What the dbt project configures (vars, passed through the models' meta)."""

    model_id: str = "default"
    horizon_days: int = 90
    min_conversions: int = 20
    min_holdout_conversions: int = 5
    regularization_c: float = DEFAULT_C

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any] | None) -> Settings:
        """Settings from a model's `meta`; values may arrive as rendered strings."""
        meta = meta or {}
        defaults = cls()
        return cls(
            model_id=str(meta.get("scoring_model_id", defaults.model_id)),
            horizon_days=int(meta.get("evaluation_horizon_days", defaults.horizon_days)),
            min_conversions=int(meta.get("predictive_min_conversions", defaults.min_conversions)),
            min_holdout_conversions=int(
                meta.get("predictive_min_holdout_conversions", defaults.min_holdout_conversions)
            ),
        )


# --------------------------------------------------------------------------- inputs


_INPUT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "outcomes": (
        "score_date",
        "contact_id",
        "model_id",
        *SCORE_FEATURES,
        "total_score",
        "is_disqualified",
        "days_inactive",
        "is_converted",
    ),
    "scores": (
        "score_date",
        "contact_id",
        "model_id",
        *SCORE_FEATURES,
        "total_score",
        "is_disqualified",
        "days_inactive",
    ),
    "contributions": ("score_date", "contact_id", "model_id", "rule_id", "points"),
    "contacts": (
        "contact_id",
        "created_date",
        "seniority",
        "department",
        "company_industry",
        "company_employee_count",
        "has_known_company",
    ),
    "deals": ("contact_id", "closed_at", "is_won"),
    "score_dates": ("score_date", "is_current_score_date"),
}


@dataclass(frozen=True)
class Inputs:
    """The warehouse tables the model reads, as Arrow tables (hand-made in tests)."""

    outcomes: pa.Table
    scores: pa.Table
    contributions: pa.Table
    contacts: pa.Table
    deals: pa.Table
    score_dates: pa.Table

    @classmethod
    def from_relations(
        cls,
        *,
        outcomes: duckdb.DuckDBPyRelation,
        scores: duckdb.DuckDBPyRelation,
        contributions: duckdb.DuckDBPyRelation,
        contacts: duckdb.DuckDBPyRelation,
        deals: duckdb.DuckDBPyRelation,
        score_dates: duckdb.DuckDBPyRelation,
        model_id: str,
    ) -> Inputs:
        """Fetch the relations, filtered to one scoring model in the warehouse first."""
        quoted = _sql_literal(model_id)
        return cls(
            outcomes=_fetch(outcomes.filter(f"model_id = {quoted}"), "outcomes"),
            scores=_fetch(scores.filter(f"model_id = {quoted}"), "scores"),
            contributions=_fetch(
                contributions.filter(f"model_id = {quoted} and component_model_id is null"),
                "contributions",
            ),
            contacts=_fetch(contacts, "contacts"),
            deals=_fetch(deals, "deals"),
            score_dates=_fetch(score_dates, "score_dates"),
        )


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fetch(relation: duckdb.DuckDBPyRelation, name: str) -> pa.Table:
    # A contact column the raw export lacks (e.g. no industry) becomes a null column:
    # the model then simply has no feature from it.
    present = set(relation.columns)
    expressions = [
        f'"{column}"' if column in present else f'null as "{column}"'
        for column in _INPUT_COLUMNS[name]
    ]
    return relation.project(", ".join(expressions)).to_arrow_table()


# ------------------------------------------------------------------------- lead rows


@dataclass(frozen=True)
class LeadRows:
    """Leads on score dates with their raw point-in-time features, sorted by date, id."""

    score_dates: list[date]
    contact_ids: list[str]
    numeric: dict[str, FloatArray]
    categorical: dict[str, list[str]]
    rule_points: dict[str, FloatArray]
    total_score: FloatArray
    labels: BoolArray
    is_customer: BoolArray

    def __len__(self) -> int:
        return len(self.contact_ids)

    def subset(self, mask: BoolArray) -> LeadRows:
        index = np.flatnonzero(mask)
        return LeadRows(
            score_dates=[self.score_dates[i] for i in index],
            contact_ids=[self.contact_ids[i] for i in index],
            numeric={k: v[index] for k, v in self.numeric.items()},
            categorical={k: [v[i] for i in index] for k, v in self.categorical.items()},
            rule_points={k: v[index] for k, v in self.rule_points.items()},
            total_score=self.total_score[index],
            labels=self.labels[index],
            is_customer=self.is_customer[index],
        )

    def on_dates(self, dates: Sequence[date]) -> LeadRows:
        wanted = set(dates)
        return self.subset(np.array([d in wanted for d in self.score_dates], dtype=np.bool_))


@dataclass(frozen=True)
class Dataset:
    """Training rows (every evaluable score date) and the leads to predict."""

    training: LeadRows
    current: LeadRows
    current_score_date: date | None
    contribution_dates: frozenset[date]


_ROWS_SQL: Final = """
select
    row_number() over (order by rows.score_date, rows.contact_id) - 1 as row_index,
    rows.score_date,
    rows.contact_id,
    {label} as is_converted,
    {customer} as is_customer,
    cast(rows.total_score as double) as total_score,
    {score_columns},
    cast(rows.is_disqualified as double) as is_disqualified,
    cast(rows.days_inactive as double) as days_inactive,
    cast(date_diff('day', cast(contacts.created_date as date), rows.score_date) as double)
        as contact_age_days,
    cast(contacts.company_employee_count as double) as employee_count,
    cast(coalesce(contacts.has_known_company, false) as double) as has_known_company,
    {categorical_columns}
from {source} as rows
left join contacts
    on rows.contact_id = contacts.contact_id
where {where}
order by rows.score_date, rows.contact_id
"""

_CUSTOMER_SQL: Final = """exists (
        select 1
        from deals
        where
            deals.contact_id = rows.contact_id
            and deals.is_won
            and cast(deals.closed_at as date) <= rows.score_date
    )"""


def load_dataset(inputs: Inputs) -> Dataset:
    """Training rows and current rows with the same raw features (inputs pre-filtered)."""
    con = duckdb.connect()
    try:
        for name in _INPUT_COLUMNS:
            con.register(name, getattr(inputs, name))
        current = con.execute(
            "select max(score_date) from score_dates where is_current_score_date"
        ).fetchone()
        current_date = current[0] if current else None
        training = _lead_rows(con, "outcomes", "true", "cast(rows.is_converted as boolean)")
        current_rows = _lead_rows(
            con,
            "scores",
            "rows.score_date = $current_date",
            "false",
            params={"current_date": current_date},
        )
        dates = con.execute("select distinct score_date from contributions").fetchall()
    finally:
        con.close()
    return Dataset(
        training=training,
        current=current_rows,
        current_score_date=current_date,
        contribution_dates=frozenset(row[0] for row in dates),
    )


def _lead_rows(
    con: duckdb.DuckDBPyConnection,
    source: str,
    where: str,
    label: str,
    params: dict[str, object] | None = None,
) -> LeadRows:
    sql = _ROWS_SQL.format(
        label=label,
        customer=_CUSTOMER_SQL if source == "scores" else "false",
        score_columns=",\n    ".join(
            f"cast(rows.{column} as double) as {column}" for column in SCORE_FEATURES
        ),
        categorical_columns=",\n    ".join(
            f"coalesce(nullif(lower(trim(contacts.{column})), ''), 'unknown') as {column}"
            for column in CATEGORICAL_FEATURES
        ),
        source=source,
        where=where,
    )
    con.execute(f"create or replace temp table lead_rows as {sql}", params or {})
    table = con.sql("select * from lead_rows order by row_index").to_arrow_table()
    n = table.num_rows
    points = con.execute(
        """
        select lead_rows.row_index, contributions.rule_id, sum(cast(contributions.points as double))
        from lead_rows
        inner join contributions
            on
                lead_rows.score_date = contributions.score_date
                and lead_rows.contact_id = contributions.contact_id
        where contributions.rule_id != '_decay'
        group by all
        """
    ).fetchall()
    rule_points: dict[str, FloatArray] = {}
    for row_index, rule_id, value in points:
        column = rule_points.setdefault(str(rule_id), np.zeros(n, dtype=np.float64))
        column[int(row_index)] = float(value or 0.0)

    def floats(name: str) -> FloatArray:
        return np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype=np.float64)

    numeric_names = (
        *SCORE_FEATURES,
        "is_disqualified",
        "days_inactive",
        "contact_age_days",
        "employee_count",
        "has_known_company",
    )
    return LeadRows(
        score_dates=list(table.column("score_date").to_pylist()),
        contact_ids=[str(v) for v in table.column("contact_id").to_pylist()],
        numeric={name: floats(name) for name in numeric_names},
        categorical={
            name: [str(v) for v in table.column(name).to_pylist()] for name in CATEGORICAL_FEATURES
        },
        rule_points=rule_points,
        total_score=floats("total_score"),
        labels=np.array([bool(v) for v in table.column("is_converted").to_pylist()], np.bool_),
        is_customer=np.array([bool(v) for v in table.column("is_customer").to_pylist()], np.bool_),
    )


# -------------------------------------------------------------------------- features


SCORES_GROUP: Final = "scores"
RULES_GROUP: Final = "rules"
CONTACT_GROUP: Final = "contact"
# Conversions needed per feature before a feature group joins the model. Conversions are
# what limits a logistic regression, not rows: on the demo's holdouts, ~30 training
# conversions did best with the score columns alone, ~200 gained from the per-rule points
# and the contact attributes (AUC 0.85 -> 0.87). Two per feature, with the L2 penalty,
# separates the two regimes; the classic ten per feature is for unpenalised fits.
EVENTS_PER_FEATURE: Final = 2
_SCORE_GROUP_FEATURES: Final = (
    *SCORE_FEATURES,
    "total_score",
    "is_disqualified",
    "never_engaged",
    "log_days_inactive",
)
_CONTACT_NUMERIC_FEATURES: Final = (
    "log_contact_age_days",
    "has_known_company",
    "log_employees",
    "log_employees_squared",
)


@dataclass(frozen=True)
class Encoder:
    """Turns raw lead rows into a feature matrix. The feature groups, categories and rules
    are fixed on the training rows, so current rows get exactly the training columns."""

    groups: tuple[str, ...]
    categories: dict[str, tuple[str, ...]]
    rule_ids: tuple[str, ...]

    @classmethod
    def fit(cls, rows: LeadRows, rules_available: bool) -> Encoder:
        conversions = int(rows.labels.sum())
        categories = {name: tuple(sorted(set(values))) for name, values in rows.categorical.items()}
        rule_ids = tuple(sorted(rows.rule_points)) if rules_available else ()
        candidates = (
            (RULES_GROUP, len(rule_ids)),
            (CONTACT_GROUP, len(_CONTACT_NUMERIC_FEATURES) + sum(map(len, categories.values()))),
        )
        groups = [SCORES_GROUP]
        features = len(_SCORE_GROUP_FEATURES)
        for group, count in candidates:
            if count and conversions >= EVENTS_PER_FEATURE * (features + count):
                groups.append(group)
                features += count
        return cls(
            groups=tuple(groups),
            categories=categories if CONTACT_GROUP in groups else {},
            rule_ids=rule_ids if RULES_GROUP in groups else (),
        )

    @property
    def feature_set(self) -> str:
        return "+".join(self.groups)

    def feature_names(self) -> list[str]:
        names = list(_SCORE_GROUP_FEATURES)
        names.extend(f"rule:{rule_id}" for rule_id in self.rule_ids)
        if CONTACT_GROUP in self.groups:
            names.extend(_CONTACT_NUMERIC_FEATURES)
            for name, values in self.categories.items():
                names.extend(f"{name}={value}" for value in values)
        return names

    def transform(self, rows: LeadRows) -> FloatArray:
        n = len(rows)
        numeric = rows.numeric
        days = numeric["days_inactive"]
        never = np.isnan(days)
        columns: list[FloatArray] = [
            np.nan_to_num(numeric[name], nan=0.0) for name in SCORE_FEATURES
        ]
        columns += [
            rows.total_score,
            np.nan_to_num(numeric["is_disqualified"], nan=0.0),
            never.astype(np.float64),
            np.log1p(np.where(never, MAX_DAYS_INACTIVE, np.clip(days, 0, MAX_DAYS_INACTIVE))),
        ]
        zeros = np.zeros(n, dtype=np.float64)
        columns.extend(rows.rule_points.get(rule_id, zeros) for rule_id in self.rule_ids)
        if CONTACT_GROUP in self.groups:
            age = np.nan_to_num(numeric["contact_age_days"], nan=0.0)
            employees = numeric["employee_count"]
            # Company size acts on the log scale and not monotonically (mid-market buys
            # most), hence the centred log and its square; no company means 0 for both.
            known_size = ~np.isnan(employees) & (employees > 0)
            log_employees = np.where(
                known_size, np.log10(np.where(known_size, employees, 1)) - 3, 0
            )
            columns += [
                np.log1p(np.maximum(age, 0.0)),
                np.nan_to_num(numeric["has_known_company"], nan=0.0),
                log_employees,
                log_employees**2,
            ]
            for name, values in self.categories.items():
                observed = rows.categorical[name]
                columns.extend(
                    np.array([v == value for v in observed], dtype=np.float64) for value in values
                )
        if n == 0:
            return np.zeros((0, len(columns)), dtype=np.float64)
        return np.column_stack(columns)


# ----------------------------------------------------------------------------- model


@dataclass(frozen=True)
class TrainingSummary:
    score_dates: int
    rows: int
    conversions: int

    @property
    def base_rate(self) -> float | None:
        return self.conversions / self.rows if self.rows else None


@dataclass(frozen=True)
class TrainedModel:
    encoder: Encoder
    pipeline: Any
    summary: TrainingSummary

    def predict(self, rows: LeadRows) -> FloatArray:
        if len(rows) == 0:
            return np.zeros(0, dtype=np.float64)
        features = self.encoder.transform(rows)
        with _single_thread():
            probabilities = self.pipeline.predict_proba(features)[:, 1]
        return np.asarray(probabilities, dtype=np.float64)


def _single_thread() -> Any:
    # One BLAS thread: the same sums in the same order on every machine (determinism),
    # and the build's other dbt thread keeps its core.
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def training_problem(rows: LeadRows, settings: Settings, purpose: str = "") -> str | None:
    """Why these rows cannot train a model (None when they can)."""
    dates = len(set(rows.score_dates))
    conversions = int(rows.labels.sum())
    non_conversions = len(rows) - conversions
    scope = f" {purpose}" if purpose else ""
    if dates == 0:
        return f"no_evaluable_score_dates:{scope} no score date with a complete outcome window"
    if conversions < settings.min_conversions:
        return (
            f"insufficient_outcomes: {conversions} conversions in {dates} evaluable score "
            f"date{'s' if dates != 1 else ''}{scope}, need at least {settings.min_conversions}"
        )
    if non_conversions < settings.min_conversions:
        return (
            f"insufficient_outcomes: {non_conversions} non-converted leads in {dates} "
            f"evaluable score dates{scope}, need at least {settings.min_conversions}"
        )
    return None


def train(rows: LeadRows, settings: Settings, rules_available: bool) -> TrainedModel:
    """Fit the standardised, L2-regularised logistic regression on the rows.

    Logistic regression rather than boosted trees inside CalibratedClassifierCV: it
    minimises log loss, so its probabilities are calibrated by construction (no class
    weights, which would shift them), and with tens of conversions there is no data to
    spare for a separate calibration fold. The holdout calibration table checks it."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    encoder = Encoder.fit(rows, rules_available)
    features = encoder.transform(rows)
    pipeline = make_pipeline(
        StandardScaler(),
        LogisticRegression(C=settings.regularization_c, max_iter=5000, random_state=0),
    )
    with _single_thread():
        pipeline.fit(features, rows.labels.astype(np.int64))
    summary = TrainingSummary(
        score_dates=len(set(rows.score_dates)), rows=len(rows), conversions=int(rows.labels.sum())
    )
    return TrainedModel(encoder=encoder, pipeline=pipeline, summary=summary)


def priority_tier(likelihood: float, base_rate: float) -> str:
    """'very high' at 4x the base rate or more, 'high' 2x, 'medium' 1x, else 'low'."""
    lift = likelihood / base_rate if base_rate > 0 else math.inf
    for name, min_lift in TIER_LIFTS:
        if lift >= min_lift:
            return name
    return LOWEST_TIER


def no_history_message(current_score_date: date | None, horizon_days: int) -> str:
    latest = (
        (current_score_date - timedelta(days=horizon_days)).isoformat()
        if current_score_date
        else "score_date - horizon"
    )
    return (
        f"no_evaluable_score_dates: no history score date has its {horizon_days}-day outcome "
        f"window complete by the score date {current_score_date}; build past score dates "
        f"on or before {latest}, e.g. --vars '{{score_date: {current_score_date}, "
        f"history_dates: [{latest}]}}'"
    )


def uses_rule_features(dataset: Dataset, dates: Sequence[date]) -> bool:
    """Rule points exist for every date involved (the build scored them all)."""
    return bool(dates) and set(dates) <= dataset.contribution_dates


# ------------------------------------------------------------------ close likelihood


def predict_close_likelihood(inputs: Inputs, settings: Settings) -> pa.Table:
    """One row per lead scored at the current score date, with its likelihood to close."""
    dataset = load_dataset(inputs)
    training = dataset.training
    current = dataset.current
    training_dates = sorted(set(training.score_dates))
    problem = (
        training_problem(training, settings)
        if training_dates
        else no_history_message(dataset.current_score_date, settings.horizon_days)
    )
    n = len(current)
    likelihood: list[float | None] = [None] * n
    lifts: list[float | None] = [None] * n
    tiers: list[str | None] = [None] * n
    feature_set: str | None = None
    base_rate: float | None = training.labels.mean() if len(training) else None
    if problem is None and dataset.current_score_date is not None:
        use_rules = uses_rule_features(dataset, [*training_dates, dataset.current_score_date])
        model = train(training, settings, use_rules)
        feature_set = model.encoder.feature_set
        base = float(model.summary.base_rate or 0.0)
        for i, probability in enumerate(model.predict(current)):
            if current.is_customer[i]:
                continue
            likelihood[i] = float(probability)
            lifts[i] = float(probability) / base if base > 0 else None
            tiers[i] = priority_tier(float(probability), base)
    status = problem or TRAINED
    return pa.Table.from_pydict(
        {
            "score_date": current.score_dates,
            "contact_id": current.contact_ids,
            "model_id": [settings.model_id] * n,
            "likelihood_to_close": likelihood,
            "lift_over_base_rate": lifts,
            "priority_tier": tiers,
            "is_customer": current.is_customer.tolist(),
            "model_status": [status] * n,
            "feature_set": [feature_set] * n,
            "horizon_days": [settings.horizon_days] * n,
            "training_score_dates": [len(training_dates)] * n,
            "training_rows": [len(training)] * n,
            "training_conversions": [int(training.labels.sum())] * n,
            "training_base_rate": [float(base_rate) if base_rate is not None else None] * n,
        },
        schema=CLOSE_LIKELIHOOD_SCHEMA,
    )


# ------------------------------------------------------------------------ evaluation


@dataclass(frozen=True)
class HoldoutSplit:
    """Score dates of an honest time split (no training label unknown at the holdout)."""

    holdout_date: date | None
    training_dates: tuple[date, ...]
    problem: str | None


def holdout_split(evaluable_dates: Sequence[date], horizon_days: int) -> HoldoutSplit:
    """Test on the latest evaluable date; train on the dates whose outcome horizon had
    ended by then. A date inside that horizon would teach the model conversions that
    happen after the holdout date, the very outcomes it is tested on."""
    dates = sorted(set(evaluable_dates))
    if not dates:
        return HoldoutSplit(
            None,
            (),
            "no_evaluable_score_dates: no history score date has a complete "
            f"{horizon_days}-day outcome window; build history_dates",
        )
    holdout = dates[-1]
    cutoff = holdout - timedelta(days=horizon_days)
    training = tuple(d for d in dates if d <= cutoff)
    if not training:
        return HoldoutSplit(
            holdout,
            (),
            f"no_training_dates: the holdout is {holdout} and no evaluable score date is on or "
            f"before {cutoff} (its {horizon_days}-day horizon must end by the holdout date); "
            f"add history_dates on or before {cutoff}",
        )
    return HoldoutSplit(holdout, training, None)


def ntile_deciles(scores: FloatArray, contact_ids: Sequence[str]) -> NDArray[np.int64]:
    """Deciles 1..10 (10 = highest) as SQL ntile(10) over (order by score, contact_id)."""
    n = len(scores)
    order = np.lexsort((np.array(contact_ids, dtype=object), scores))
    deciles = np.zeros(n, dtype=np.int64)
    size, extra = divmod(n, DECILES)
    position = 0
    for decile in range(1, DECILES + 1):
        count = size + (1 if decile <= extra else 0)
        deciles[order[position : position + count]] = decile
        position += count
    return deciles


@dataclass(frozen=True)
class _Metric:
    scorer: str
    metric_name: str
    bucket: int | None
    value: float | None
    rows: int
    status: str = EVALUATED


def score_metrics(
    scorer: str, scores: FloatArray, labels: BoolArray, contact_ids: Sequence[str]
) -> list[_Metric]:
    """AUC, top-decile lift and per-decile rates of one scorer on the holdout rows."""
    from sklearn.metrics import roc_auc_score

    n = len(labels)
    y = labels.astype(np.float64)
    base_rate = float(y.mean())
    deciles = ntile_deciles(scores, contact_ids)
    metrics = [
        _Metric(scorer, "roc_auc", None, float(roc_auc_score(y, scores)), n),
        _Metric(scorer, "holdout_base_rate", None, base_rate, n),
    ]
    for decile in range(1, DECILES + 1):
        in_decile = deciles == decile
        count = int(in_decile.sum())
        if count == 0:
            continue
        rate = float(y[in_decile].mean())
        metrics.append(_Metric(scorer, "decile_observed_rate", decile, rate, count))
        mean_name = "decile_mean_predicted" if scorer == "predictive" else "decile_mean_score"
        metrics.append(_Metric(scorer, mean_name, decile, float(scores[in_decile].mean()), count))
        if decile == DECILES:
            metrics.append(_Metric(scorer, "top_decile_conversion_rate", None, rate, count))
            lift = rate / base_rate if base_rate > 0 else None
            metrics.append(_Metric(scorer, "top_decile_lift", None, lift, count))
    return metrics


def evaluate_holdout(inputs: Inputs, settings: Settings) -> pa.Table:
    """Predictive model versus the rule score on the latest evaluable score date."""
    from sklearn.metrics import brier_score_loss, log_loss

    dataset = load_dataset(inputs)
    split = holdout_split(dataset.training.score_dates, settings.horizon_days)
    if split.holdout_date is None:
        split = HoldoutSplit(
            None,
            (),
            no_history_message(dataset.current_score_date, settings.horizon_days)
            + f" (the holdout needs two: one to test on, one {settings.horizon_days} days "
            "or more before it to train on)",
        )
    holdout = dataset.training.on_dates([split.holdout_date] if split.holdout_date else [])
    training = dataset.training.on_dates(split.training_dates)
    holdout_conversions = int(holdout.labels.sum())
    holdout_problem: str | None = None
    if split.holdout_date is not None and (
        holdout_conversions < settings.min_holdout_conversions
        or len(holdout) - holdout_conversions < settings.min_holdout_conversions
    ):
        holdout_problem = (
            f"insufficient_holdout_outcomes: {holdout_conversions} conversions among "
            f"{len(holdout)} leads on the holdout date {split.holdout_date}, need at least "
            f"{settings.min_holdout_conversions} (and as many non-conversions)"
        )
    problem = (
        split.problem
        or holdout_problem
        or training_problem(training, settings, "before the holdout")
    )
    metrics: list[_Metric] = []
    feature_set: str | None = None
    rule_problem = split.problem if split.holdout_date is None else holdout_problem
    if rule_problem is None:
        metrics += score_metrics(
            "rule_score", holdout.total_score, holdout.labels, holdout.contact_ids
        )
    else:
        metrics.append(_Metric("rule_score", "status", None, None, len(holdout), rule_problem))
    if problem is None and split.holdout_date is not None:
        use_rules = uses_rule_features(dataset, [*split.training_dates, split.holdout_date])
        model = train(training, settings, use_rules)
        feature_set = model.encoder.feature_set
        predicted = model.predict(holdout)
        y = holdout.labels.astype(np.float64)
        metrics += score_metrics("predictive", predicted, holdout.labels, holdout.contact_ids)
        metrics.append(
            _Metric(
                "predictive", "brier_score", None, float(brier_score_loss(y, predicted)), len(y)
            )
        )
        metrics.append(
            _Metric(
                "predictive",
                "log_loss",
                None,
                float(log_loss(y, predicted, labels=[0.0, 1.0])),
                len(y),
            )
        )
        metrics.append(
            _Metric("predictive", "mean_predicted", None, float(predicted.mean()), len(y))
        )
    else:
        reason = problem or "not_evaluated"
        metrics.append(_Metric("predictive", "status", None, None, len(holdout), reason))
    return pa.Table.from_pylist(
        [
            {
                "model_id": settings.model_id,
                "scorer": metric.scorer,
                "metric_name": metric.metric_name,
                "bucket": metric.bucket,
                "value": metric.value,
                "rows": metric.rows,
                "status": metric.status,
                "holdout_score_date": split.holdout_date,
                "training_score_dates": len(split.training_dates),
                "training_rows": len(training),
                "training_conversions": int(training.labels.sum()),
                "holdout_rows": len(holdout),
                "holdout_conversions": holdout_conversions,
                "feature_set": feature_set,
            }
            for metric in metrics
        ],
        schema=EVALUATION_SCHEMA,
    )
