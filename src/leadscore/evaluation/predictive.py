"""Likelihood to close: a model that learns from everything the warehouse knows at a
score date, and its rolling-origin evaluation.

The dbt Python models `int_close_likelihood_predicted` and `int_predictive_model_evaluated`
are thin wrappers around `predict_close_likelihood` and `evaluate_rolling_origin`;
everything that decides what the model sees lives here so it can be tested on hand-made
rows.

What a lead-date row holds (all as of its own score date):

- the score columns of that date (fit, engagement, negative, decay, total,
  disqualified, days inactive) and the per-rule points of that date, when this build
  scored every date involved (`int_score_contributions_composited` holds only this
  build's dates);
- per activity type, every type including those no rule scores, the counts in the last
  7, 30 and 90 days and in all history and the days since the last one
  (`int_lead_activity_features_counted`: activities on or before the score date only);
- the contact's age and every contact and company attribute of the CRM export, custom
  raw columns included: numbers as numbers, anything else as categories (infrequent ones
  pooled), missing values kept as missing.

Leakage rules, in one place:

- training rows are open leads on past score dates whose whole outcome horizon is known
  (`int_lead_outcomes_observed`); populations and customers come from
  `int_lead_populations_assigned`, the one home of those rules;
- never used: identifiers and personal data (ids, email, names, phone, company name and
  domain), `lifecycle_stage` (it records the outcome), `updated_at` and every other
  time stamp of the record (they say when the CRM last touched the row, often because
  the lead converted), `is_deleted`, and the columns listed in var
  `predictive_excluded_columns` (a CRM's own outcome fields: lead status, reason lost...).
  Attributes are the export's snapshot: a column the CRM rewrites when a lead converts
  must be listed there;
- an evaluation trains only on score dates whose outcome horizon had ended by the date
  it tests on, and model selection inside training applies the same rule again.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

import duckdb
import numpy as np
import pyarrow as pa
import yaml  # type: ignore[import-untyped, unused-ignore]  # PyYAML, as dbt reads it
from numpy.typing import NDArray

if TYPE_CHECKING:
    import pandas as pd

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

SCORE_FEATURES: Final = ("fit_score", "engagement_score", "negative_score", "decay_points")
SCORE_COLUMNS: Final = (*SCORE_FEATURES, "total_score", "is_disqualified", "days_inactive")
ACTIVITY_MEASURES: Final = (
    "activities_7d",
    "activities_30d",
    "activities_90d",
    "activities_total",
    "days_since_last",
)
# Never features (see the module docstring). Matched on the column name as
# int_contacts_enriched spells it, company columns with their company_ prefix.
ALWAYS_EXCLUDED: Final = frozenset(
    {
        "contact_id",
        "email",
        "first_name",
        "last_name",
        "phone",
        "company_id",
        "company_name",
        "company_domain",
        "lifecycle_stage",
        "is_deleted",
        "created_at",
        "created_date",
        "updated_at",
        "company_created_at",
    }
)
# A text column with more distinct values than this share of its rows (and at least
# MIN_IDENTIFIER_VALUES) identifies people rather than describing them: not a feature.
IDENTIFIER_SHARE: Final = 0.5
MIN_IDENTIFIER_VALUES: Final = 50
# A category seen in fewer training rows than this is pooled with the other rare ones.
MIN_CATEGORY_ROWS: Final = 20
MAX_CATEGORIES: Final = 60
# Priority tiers by likelihood relative to the training base rate (the lift): the rule
# stays meaningful when the base rate moves, unlike fixed probability cut-offs, and
# unlike quantiles it does not promise sales a fixed share of "very high" leads.
TIER_LIFTS: Final = (("very high", 4.0), ("high", 2.0), ("medium", 1.0))
LOWEST_TIER: Final = "low"
TIERS: Final = (*(name for name, _ in TIER_LIFTS), LOWEST_TIER)
TRAINED: Final = "trained"
EVALUATED: Final = "evaluated"
OPEN_LEADS: Final = "open_leads"
NEW_LEADS: Final = "new_leads"
POPULATIONS: Final = (OPEN_LEADS, NEW_LEADS)
DECILES: Final = 10
TOP_REASONS: Final = 3
# The candidates, tried on a time split of the training dates: two strengths of a
# logistic regression on standardised features (C is the inverse L2 strength) and one
# gradient-boosted model. Without a usable validation date the first is taken: with
# little history the most regularised model is the safe one.
LOGISTIC_CS: Final = (0.05, 0.5)
LOGISTIC: Final = "logistic"
MISSING_NUMBER: Final = -1e12
GRADIENT_BOOSTING: Final = "gradient_boosting"

CLOSE_LIKELIHOOD_SCHEMA: Final = pa.schema(
    [
        ("score_date", pa.date32()),
        ("contact_id", pa.string()),
        ("model_id", pa.string()),
        ("likelihood_to_close", pa.float64()),
        ("lift_over_base_rate", pa.float64()),
        ("priority_tier", pa.string()),
        ("top_reasons", pa.string()),
        ("is_customer", pa.bool_()),
        ("population", pa.string()),
        ("model_status", pa.string()),
        ("estimator", pa.string()),
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
        ("population", pa.string()),
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
        ("estimator", pa.string()),
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
    evaluation_dates: int = 3
    excluded_columns: tuple[str, ...] = ()
    # Rows beyond this are sampled (deterministically) before training: the model's
    # cost then stays flat with the number of contacts and history dates.
    max_training_rows: int = 100_000

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any] | None) -> Settings:
        """Settings from a model's `meta`; values may arrive as rendered strings."""
        meta = meta or {}
        defaults = cls()
        excluded = meta.get("predictive_excluded_columns", [])
        if isinstance(excluded, str):
            excluded = yaml.safe_load(excluded) or []
        return cls(
            model_id=str(meta.get("scoring_model_id", defaults.model_id)),
            horizon_days=int(meta.get("evaluation_horizon_days", defaults.horizon_days)),
            min_conversions=int(meta.get("predictive_min_conversions", defaults.min_conversions)),
            min_holdout_conversions=int(
                meta.get("predictive_min_holdout_conversions", defaults.min_holdout_conversions)
            ),
            evaluation_dates=int(
                meta.get("predictive_evaluation_dates", defaults.evaluation_dates)
            ),
            excluded_columns=tuple(str(name).lower() for name in excluded),
            max_training_rows=int(
                meta.get("predictive_max_training_rows", defaults.max_training_rows)
            ),
        )


# --------------------------------------------------------------------------- inputs


_INPUT_COLUMNS: Final[dict[str, tuple[str, ...] | None]] = {
    "outcomes": (
        "score_date",
        "contact_id",
        "model_id",
        *SCORE_COLUMNS,
        "is_converted",
    ),
    "scores": ("score_date", "contact_id", "model_id", *SCORE_COLUMNS),
    "contributions": ("score_date", "contact_id", "model_id", "rule_id", "points"),
    # every column: custom raw columns are features too
    "contacts": None,
    "activities": ("score_date", "contact_id", "activity_type", *ACTIVITY_MEASURES),
    "populations": (
        "score_date",
        "contact_id",
        "contact_age_days",
        "is_customer",
        "is_new_lead",
    ),
    "score_dates": ("score_date", "is_current_score_date"),
}


@dataclass(frozen=True)
class Inputs:
    """The warehouse tables the model reads, as Arrow tables (hand-made in tests)."""

    outcomes: pa.Table
    scores: pa.Table
    contributions: pa.Table
    contacts: pa.Table
    activities: pa.Table
    populations: pa.Table
    score_dates: pa.Table

    @classmethod
    def from_relations(
        cls,
        *,
        outcomes: duckdb.DuckDBPyRelation,
        scores: duckdb.DuckDBPyRelation,
        contributions: duckdb.DuckDBPyRelation,
        contacts: duckdb.DuckDBPyRelation,
        activities: duckdb.DuckDBPyRelation,
        populations: duckdb.DuckDBPyRelation,
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
            activities=_fetch(activities, "activities"),
            populations=_fetch(populations, "populations"),
            score_dates=_fetch(score_dates, "score_dates"),
        )


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fetch(relation: duckdb.DuckDBPyRelation, name: str) -> pa.Table:
    columns = _INPUT_COLUMNS[name]
    if columns is None:
        return relation.to_arrow_table()
    present = set(relation.columns)
    expressions = [
        f'"{column}"' if column in present else f'null as "{column}"' for column in columns
    ]
    return relation.project(", ".join(expressions)).to_arrow_table()


# ------------------------------------------------------------------------- lead rows


@dataclass(frozen=True)
class LeadFrame:
    """Lead-date rows (sorted by score date, contact) with every candidate feature."""

    frame: pd.DataFrame
    labels: BoolArray
    total_score: FloatArray

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def score_dates(self) -> list[date]:
        return list(self.frame["score_date"])

    @property
    def contact_ids(self) -> list[str]:
        return [str(v) for v in self.frame["contact_id"]]

    def subset(self, mask: BoolArray) -> LeadFrame:
        return LeadFrame(
            frame=self.frame[mask].reset_index(drop=True),
            labels=self.labels[mask],
            total_score=self.total_score[mask],
        )

    def on_dates(self, dates: Iterable[date]) -> LeadFrame:
        wanted = set(dates)
        return self.subset(np.array([d in wanted for d in self.score_dates], dtype=np.bool_))

    def in_population(self, population: str) -> LeadFrame:
        if population == OPEN_LEADS:
            return self
        return self.subset(self.frame["is_new_lead"].to_numpy(dtype=np.bool_))

    def training_sample(self, population: str) -> LeadFrame:
        """The rows of the population's training sample (see _TRAINING_SQL); rows
        without sample flags (the current leads) are never training rows."""
        column = "in_open_sample" if population == OPEN_LEADS else "in_new_sample"
        if column not in self.frame.columns:
            return self.subset(np.zeros(len(self), dtype=np.bool_))
        return self.subset(self.frame[column].fillna(False).to_numpy(dtype=np.bool_))


@dataclass(frozen=True)
class Dataset:
    training: LeadFrame
    current: LeadFrame
    current_score_date: date | None
    contribution_dates: frozenset[date]
    settings: Settings


# The evaluable lead-dates, sampled: every row of the latest holdout dates (an
# evaluation tests on all of them), and for training a uniform sample of at most
# max_rows open-lead rows and one of at most max_rows new-lead rows, each the rows first
# in the order of a hash of (score date, contact): the same rows on every run, and each
# population's model sees its own population unbiased.
_TRAINING_SQL: Final = """
with

rows as (

    select
        outcomes.*,
        coalesce(populations.is_new_lead, false) as is_new_lead,
        false as is_customer,
        populations.contact_age_days,
        hash(outcomes.score_date, outcomes.contact_id) as row_hash
    from outcomes
    left join populations using (score_date, contact_id)

),

ranked as (

    select
        *,
        row_number() over (order by row_hash, contact_id, score_date) as open_rank,
        row_number() over (
            partition by is_new_lead order by row_hash, contact_id, score_date
        ) as population_rank,
        dense_rank() over (order by score_date desc) as date_rank
    from rows

)

select
    * exclude (row_hash, open_rank, population_rank, date_rank),
    open_rank <= $max_rows as in_open_sample,
    is_new_lead and population_rank <= $max_rows as in_new_sample
from ranked
where
    open_rank <= $max_rows
    or (is_new_lead and population_rank <= $max_rows)
    or date_rank <= $holdout_dates
order by score_date, contact_id
"""


def load_dataset(inputs: Inputs, settings: Settings) -> Dataset:
    """Training rows (every evaluable lead-date) and the current leads, same columns."""
    con = duckdb.connect()
    try:
        for name in _INPUT_COLUMNS:
            con.register(name, getattr(inputs, name))
        ((current_date,),) = con.execute(
            "select max(score_date) from score_dates where is_current_score_date"
        ).fetchall()
        training = con.sql(
            _TRAINING_SQL,
            params={
                "max_rows": settings.max_training_rows,
                "holdout_dates": settings.evaluation_dates,
            },
        ).to_arrow_table()
        current_rows = con.sql(
            """
            select
                scores.*,
                false as is_converted,
                coalesce(populations.is_new_lead, false) as is_new_lead,
                coalesce(populations.is_customer, false) as is_customer,
                populations.contact_age_days
            from scores
            left join populations using (score_date, contact_id)
            where scores.score_date = $current_date
            order by scores.contact_id
            """,
            params={"current_date": current_date},
        ).to_arrow_table()
        dates = con.execute("select distinct score_date from contributions").fetchall()
        contribution_dates = frozenset(row[0] for row in dates)
        # only the lead-dates kept above: the feature tables hold every date and lead
        con.register("training_rows", training)
        con.register("current_rows", current_rows)
        con.execute(
            "create temp table wanted as select score_date, contact_id from training_rows"
            " union select score_date, contact_id from current_rows"
        )
        rules = con.sql(
            "select score_date, contact_id, rule_id, sum(cast(points as double)) as points"
            " from contributions semi join wanted using (score_date, contact_id)"
            " where rule_id != '_decay' group by all"
        ).to_arrow_table()
        activities = con.sql(
            "select * from activities semi join wanted using (score_date, contact_id)"
        ).to_arrow_table()
    finally:
        con.close()
    contacts = inputs.contacts.to_pandas()
    return Dataset(
        training=_lead_frame(training, contacts, rules, activities),
        current=_lead_frame(current_rows, contacts, rules, activities),
        current_score_date=current_date,
        contribution_dates=contribution_dates,
        settings=settings,
    )


def _lead_frame(
    rows: pa.Table, contacts: pd.DataFrame, rules: pa.Table, activities: pa.Table
) -> LeadFrame:
    import pandas as pd

    frame = rows.to_pandas()
    keys = ["score_date", "contact_id"]
    for column in SCORE_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["contact_age_days"] = pd.to_numeric(frame["contact_age_days"]).astype("float64")
    wanted = frame[keys]
    rule_wide = _wide(
        rules.to_pandas().merge(wanted, on=keys), ["points"], "rule_id", "rule:{key}", 0.0
    )
    activity_wide = _wide(
        activities.to_pandas().merge(wanted, on=keys),
        list(ACTIVITY_MEASURES),
        "activity_type",
        "activity:{key}:{measure}",
        None,
    )
    attributes = contacts.rename(
        columns={c: f"attribute:{str(c).lower()}" for c in contacts.columns if c != "contact_id"}
    )
    frame = frame.merge(rule_wide, on=keys, how="left")
    frame = frame.merge(activity_wide, on=keys, how="left")
    frame = frame.merge(attributes, on="contact_id", how="left")
    # absent = none of it: no points, no activity of that type (days since: unknown)
    for column in frame.columns:
        if column.startswith("rule:") or (
            column.startswith("activity:") and not column.endswith(":days_since_last")
        ):
            frame[column] = frame[column].fillna(0.0)
    frame = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    return LeadFrame(
        frame=frame,
        labels=frame["is_converted"].fillna(False).to_numpy(dtype=np.bool_),
        total_score=frame["total_score"].fillna(0.0).to_numpy(dtype=np.float64),
    )


def _wide(
    long: pd.DataFrame, measures: list[str], key: str, name: str, fill: float | None
) -> pd.DataFrame:
    import pandas as pd

    keys = ["score_date", "contact_id"]
    if long.empty:
        return pd.DataFrame({k: pd.Series(dtype=object) for k in keys})
    pivoted = long.pivot_table(index=keys, columns=key, values=measures, aggfunc="sum")
    pivoted.columns = [
        name.format(key=column_key, measure=measure) for measure, column_key in pivoted.columns
    ]
    pivoted = pivoted.astype("float64")
    if fill is not None:
        pivoted = pivoted.fillna(fill)
    return pivoted[sorted(pivoted.columns)].reset_index()


# -------------------------------------------------------------------------- features


@dataclass(frozen=True)
class FeatureSpec:
    """Which columns are features and how, fixed on the training rows: current rows
    then get exactly the training columns (a category or type unseen in training is
    handled by the encoders, a missing column is all-missing)."""

    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    groups: tuple[str, ...]

    @property
    def columns(self) -> list[str]:
        return [*self.numeric, *self.categorical]

    @property
    def feature_set(self) -> str:
        return "+".join(self.groups)

    def matrix(self, rows: LeadFrame) -> pd.DataFrame:
        frame = rows.frame.reindex(columns=self.columns)
        for column in self.numeric:
            frame[column] = _as_numbers(frame[column])
        for column in self.categorical:
            frame[column] = _as_categories(frame[column])
        return frame


def _as_numbers(values: pd.Series) -> pd.Series:
    import pandas as pd

    if values.dtype == object:
        values = values.map(lambda v: v.strip() if isinstance(v, str) else v)
    return pd.to_numeric(values, errors="coerce").astype("float64")


def _as_categories(values: pd.Series) -> pd.Series:
    def text(value: Any) -> Any:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return np.nan
        cleaned = str(value).strip().lower()
        return cleaned or np.nan

    return values.map(text).astype(object)


def feature_spec(training: LeadFrame, rules_available: bool, settings: Settings) -> FeatureSpec:
    """Every usable column of the training rows, typed: see the module docstring."""
    frame = training.frame
    excluded = ALWAYS_EXCLUDED | set(settings.excluded_columns)
    numeric: list[str] = [*SCORE_COLUMNS, "contact_age_days"]
    categorical: list[str] = []
    groups = ["scores"]
    rule_columns = sorted(c for c in frame.columns if c.startswith("rule:"))
    if rules_available and rule_columns:
        numeric += rule_columns
        groups.append("rules")
    activity_columns = sorted(c for c in frame.columns if c.startswith("activity:"))
    if activity_columns:
        numeric += activity_columns
        groups.append("activity")
    attributes = 0
    # a column with the same value (or missing) in every training row tells nothing
    numeric = [c for c in numeric if frame[c].nunique(dropna=False) > 1]
    for column in sorted(c for c in frame.columns if c.startswith("attribute:")):
        name = column.removeprefix("attribute:")
        kind = _attribute_kind(frame[column]) if name not in excluded else None
        if kind == "numeric":
            numeric.append(column)
        elif kind == "categorical":
            categorical.append(column)
        attributes += kind is not None
    if attributes:
        groups.append("contact")
    return FeatureSpec(numeric=tuple(numeric), categorical=tuple(categorical), groups=tuple(groups))


def _attribute_kind(values: pd.Series) -> str | None:
    """'numeric', 'categorical', or None for a column that is no feature (times,
    identifiers, constants)."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(values) or _holds_times(values):
        return None
    present = values.dropna()
    if pd.api.types.is_bool_dtype(values) or present.map(type).eq(bool).all():
        return "categorical" if present.nunique() > 1 else None
    if pd.api.types.is_numeric_dtype(values):
        return "numeric" if present.nunique() > 1 else None
    text = _as_categories(values).dropna()
    distinct = text.nunique()
    if distinct <= 1:
        return None
    numbers = pd.to_numeric(text, errors="coerce")
    if numbers.notna().all() and distinct > 2:
        return "numeric"
    if distinct >= MIN_IDENTIFIER_VALUES and distinct > IDENTIFIER_SHARE * len(text):
        return None
    return "categorical"


def _holds_times(values: pd.Series) -> bool:
    sample = values.dropna().head(50)
    return bool(len(sample)) and all(isinstance(v, date) for v in sample)


def _signed_log(values: FloatArray) -> FloatArray:
    # Counts, amounts and ages are heavy-tailed; a linear model reads them on a log scale.
    return np.sign(values) * np.log1p(np.abs(values))


def candidate_estimators(spec: FeatureSpec) -> list[tuple[str, Any]]:
    """The pipelines tried, simplest first (ties go to the earlier one)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import (
        FunctionTransformer,
        OneHotEncoder,
        OrdinalEncoder,
        StandardScaler,
    )

    numeric = list(spec.numeric)
    categorical = list(spec.categorical)

    def missing_as_category() -> SimpleImputer:
        return SimpleImputer(strategy="constant", fill_value="(missing)")

    def linear_features() -> ColumnTransformer:
        return ColumnTransformer(
            [
                (
                    "numeric",
                    make_pipeline(
                        FunctionTransformer(_signed_log, feature_names_out="one-to-one"),
                        SimpleImputer(strategy="median", add_indicator=True),
                        StandardScaler(),
                    ),
                    numeric,
                ),
                (
                    "categorical",
                    make_pipeline(
                        missing_as_category(),
                        OneHotEncoder(
                            handle_unknown="infrequent_if_exist",
                            min_frequency=MIN_CATEGORY_ROWS,
                            max_categories=MAX_CATEGORIES,
                            sparse_output=False,
                        ),
                    ),
                    categorical,
                ),
            ]
        )

    candidates: list[tuple[str, Any]] = [
        (
            f"{LOGISTIC}(C={c})",
            Pipeline(
                [
                    ("features", linear_features()),
                    ("model", LogisticRegression(C=c, max_iter=5000, random_state=0)),
                ]
            ),
        )
        for c in LOGISTIC_CS
    ]
    trees = ColumnTransformer(
        [
            # the trees read missing values natively, but not a column that is missing
            # in every row of a fit: a sentinel far below any value acts as "missing"
            (
                "numeric",
                SimpleImputer(
                    strategy="constant", fill_value=MISSING_NUMBER, keep_empty_features=True
                ),
                numeric,
            ),
            (
                "categorical",
                make_pipeline(
                    missing_as_category(),
                    # unseen and missing both become -1, which the trees read as missing
                    OrdinalEncoder(
                        handle_unknown="use_encoded_value",
                        unknown_value=-1,
                        min_frequency=MIN_CATEGORY_ROWS,
                        max_categories=MAX_CATEGORIES,
                    ),
                ),
                categorical,
            ),
        ]
    )
    is_category = [False] * len(numeric) + [True] * len(categorical)
    candidates.append(
        (
            GRADIENT_BOOSTING,
            Pipeline(
                [
                    ("features", trees),
                    (
                        "model",
                        HistGradientBoostingClassifier(
                            learning_rate=0.05,
                            max_iter=200,
                            max_leaf_nodes=15,
                            min_samples_leaf=40,
                            l2_regularization=1.0,
                            categorical_features=is_category or None,
                            early_stopping=False,
                            random_state=0,
                        ),
                    ),
                ]
            ),
        )
    )
    return candidates


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
    spec: FeatureSpec
    estimator: str
    pipeline: Any
    summary: TrainingSummary
    references: pd.DataFrame = field(repr=False)

    def predict(self, rows: LeadFrame) -> FloatArray:
        if len(rows) == 0:
            return np.zeros(0, dtype=np.float64)
        return self._predict(self.spec.matrix(rows))

    def _predict(self, matrix: pd.DataFrame) -> FloatArray:
        with _single_thread():
            probabilities = self.pipeline.predict_proba(matrix)[:, 1]
        return np.asarray(probabilities, dtype=np.float64)

    def top_reasons(self, rows: LeadFrame, predicted: FloatArray) -> list[str | None]:
        """Per row, the feature groups that moved its likelihood most: each group is set
        to a typical training lead's value (median, or most frequent category) and the
        change in likelihood is the group's effect, in percentage points."""
        if len(rows) == 0:
            return []
        matrix = self.spec.matrix(rows)
        groups = _reason_groups(self.spec)
        effects = np.zeros((len(rows), len(groups)), dtype=np.float64)
        for index, (_, columns) in enumerate(groups):
            typical = matrix.copy()
            for column in columns:
                typical[column] = self.references[column].iloc[0]
            effects[:, index] = predicted - self._predict(typical)
        reasons: list[str | None] = []
        for row in effects:
            order = sorted(range(len(groups)), key=lambda i: (-abs(row[i]), groups[i][0]))
            parts = [
                f"{groups[i][0]} {row[i] * 100:+.1f}pp"
                for i in order[:TOP_REASONS]
                if abs(row[i]) >= 0.0005
            ]
            reasons.append("; ".join(parts) or None)
        return reasons


def _reason_groups(spec: FeatureSpec) -> list[tuple[str, list[str]]]:
    """Feature columns grouped as a person reads them: one activity type with all its
    windows, one rule, one attribute, one score column."""
    groups: dict[str, list[str]] = {}
    for column in spec.columns:
        if column.startswith("activity:"):
            label = f"{column.split(':')[1]} activity"
        elif column.startswith(("rule:", "attribute:")):
            label = column.split(":", 1)[1]
        else:
            label = column
        groups.setdefault(label, []).append(column)
    return sorted(groups.items())


def _references(spec: FeatureSpec, matrix: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    values: dict[str, list[Any]] = {}
    for column in spec.numeric:
        median = matrix[column].median()
        values[column] = [float(median) if not pd.isna(median) else np.nan]
    for column in spec.categorical:
        counts = matrix[column].value_counts()
        values[column] = [counts.index[0] if len(counts) else np.nan]
    return pd.DataFrame(values)


def _single_thread() -> Any:
    # One BLAS thread: the same sums in the same order on every machine (determinism),
    # and the build's other dbt thread keeps its core.
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def training_problem(rows: LeadFrame, settings: Settings, purpose: str = "") -> str | None:
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


def _auc(labels: BoolArray, scores: FloatArray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels.astype(np.int64), scores))


def _fit(pipeline: Any, matrix: pd.DataFrame, labels: BoolArray) -> Any:
    from sklearn.base import clone

    fitted = clone(pipeline)
    with _single_thread(), warnings.catch_warnings():
        # a feature missing in every row of one fit (a fold, an early time split) is
        # dropped by the imputer, as intended
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        fitted.fit(matrix, labels.astype(np.int64))
    return fitted


def select_estimator(
    rows: LeadFrame, spec: FeatureSpec, settings: Settings
) -> tuple[str, Any, str]:
    """The candidate with the best ROC AUC on the latest training date that has earlier
    training dates whose horizon ended by it; (name, pipeline, how it was chosen)."""
    candidates = candidate_estimators(spec)
    dates = sorted(set(rows.score_dates))
    for validation_date in reversed(dates):
        cutoff = validation_date - timedelta(days=settings.horizon_days)
        fit_rows = rows.subset(np.array([d <= cutoff for d in rows.score_dates], np.bool_))
        check_rows = rows.on_dates([validation_date])
        conversions = int(check_rows.labels.sum())
        if (
            training_problem(fit_rows, settings) is None
            and min(conversions, len(check_rows) - conversions) >= settings.min_holdout_conversions
        ):
            fit_matrix = spec.matrix(fit_rows)
            check_matrix = spec.matrix(check_rows)
            results = []
            for name, pipeline in candidates:
                fitted = _fit(pipeline, fit_matrix, fit_rows.labels)
                with _single_thread():
                    predicted = fitted.predict_proba(check_matrix)[:, 1]
                results.append((_auc(check_rows.labels, predicted), name, pipeline))
            best = max(results, key=lambda result: result[0])
            return best[1], best[2], f"validated on {validation_date}"
    name, pipeline = candidates[0]
    return name, pipeline, "no validation date"


def train(rows: LeadFrame, settings: Settings, rules_available: bool) -> TrainedModel:
    """Choose the estimator on a time split of the training dates, then fit it on every
    training row with sigmoid calibration (cross-validated, one final model)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.model_selection import StratifiedKFold

    spec = feature_spec(rows, rules_available, settings)
    name, pipeline, chosen = select_estimator(rows, spec, settings)
    calibrated = CalibratedClassifierCV(
        pipeline,
        method="sigmoid",
        cv=StratifiedKFold(n_splits=3, shuffle=True, random_state=0),
        ensemble=False,
    )
    matrix = spec.matrix(rows)
    fitted = _fit(calibrated, matrix, rows.labels)
    summary = TrainingSummary(
        score_dates=len(set(rows.score_dates)), rows=len(rows), conversions=int(rows.labels.sum())
    )
    return TrainedModel(
        spec=spec,
        estimator=f"{name}, {chosen}",
        pipeline=fitted,
        summary=summary,
        references=_references(spec, matrix),
    )


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
    """One row per lead scored at the current score date, with its likelihood to close.

    New leads get the likelihood of a model trained on new leads only, when there are
    enough of their conversions: they convert on other signals than leads that have
    been open for months. Every other lead gets the open-leads model's."""
    dataset = load_dataset(inputs, settings)
    training = dataset.training.training_sample(OPEN_LEADS)
    current = dataset.current
    n = len(current)
    columns: dict[str, list[Any]] = {
        name: [None] * n
        for name in (
            "likelihood_to_close",
            "lift_over_base_rate",
            "priority_tier",
            "top_reasons",
            "population",
            "estimator",
            "feature_set",
            "training_score_dates",
            "training_rows",
            "training_conversions",
            "training_base_rate",
        )
    }
    training_dates = sorted(set(training.score_dates))
    problem = (
        training_problem(training, settings)
        if training_dates
        else no_history_message(dataset.current_score_date, settings.horizon_days)
    )
    statuses: list[str] = [problem or TRAINED] * n
    is_customer = current.frame["is_customer"].to_numpy(dtype=np.bool_)
    is_new = current.frame["is_new_lead"].to_numpy(dtype=np.bool_)
    assigned = np.zeros(n, dtype=np.bool_)
    if problem is None and dataset.current_score_date is not None:
        use_rules = uses_rule_features(dataset, [*training_dates, dataset.current_score_date])
        new_training = dataset.training.training_sample(NEW_LEADS)
        plans = []
        if training_problem(new_training, settings) is None:
            plans.append((NEW_LEADS, new_training, is_new & ~is_customer))
        plans.append((OPEN_LEADS, training, ~is_customer))
        for population, rows, wanted in plans:
            mask = wanted & ~assigned
            if not mask.any():
                continue
            model = train(rows, settings, use_rules)
            leads = current.subset(mask)
            predicted = model.predict(leads)
            reasons = model.top_reasons(leads, predicted)
            base = float(model.summary.base_rate or 0.0)
            for position, index in enumerate(np.flatnonzero(mask)):
                probability = float(predicted[position])
                columns["likelihood_to_close"][index] = probability
                columns["lift_over_base_rate"][index] = probability / base if base > 0 else None
                columns["priority_tier"][index] = priority_tier(probability, base)
                columns["top_reasons"][index] = reasons[position]
                columns["population"][index] = population
                columns["estimator"][index] = model.estimator
                columns["feature_set"][index] = model.spec.feature_set
                columns["training_score_dates"][index] = model.summary.score_dates
                columns["training_rows"][index] = model.summary.rows
                columns["training_conversions"][index] = model.summary.conversions
                columns["training_base_rate"][index] = model.summary.base_rate
            assigned |= mask
    for row in range(n):
        if columns["training_rows"][row] is None:
            # customers and untrained rows describe the open-leads training data
            columns["training_score_dates"][row] = len(training_dates)
            columns["training_rows"][row] = len(training)
            columns["training_conversions"][row] = int(training.labels.sum())
            columns["training_base_rate"][row] = (
                float(training.labels.mean()) if len(training) else None
            )
    return pa.Table.from_pydict(
        {
            "score_date": current.score_dates,
            "contact_id": current.contact_ids,
            "model_id": [settings.model_id] * n,
            **{k: columns[k] for k in ("likelihood_to_close", "lift_over_base_rate")},
            "priority_tier": columns["priority_tier"],
            "top_reasons": columns["top_reasons"],
            "is_customer": is_customer.tolist(),
            "population": columns["population"],
            "model_status": statuses,
            "estimator": columns["estimator"],
            "feature_set": columns["feature_set"],
            "horizon_days": [settings.horizon_days] * n,
            "training_score_dates": columns["training_score_dates"],
            "training_rows": columns["training_rows"],
            "training_conversions": columns["training_conversions"],
            "training_base_rate": columns["training_base_rate"],
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


def rolling_origin_splits(
    evaluable_dates: Sequence[date], horizon_days: int, count: int
) -> list[HoldoutSplit]:
    """One split per each of the latest `count` evaluable dates, latest first: test on
    that date, train on the dates whose outcome horizon had ended by it. A date inside
    that horizon would teach the model conversions that happen after the test date, the
    very outcomes it is tested on."""
    dates = sorted(set(evaluable_dates))
    if not dates:
        return [
            HoldoutSplit(
                None,
                (),
                "no_evaluable_score_dates: no history score date has a complete "
                f"{horizon_days}-day outcome window; build history_dates",
            )
        ]
    splits = []
    for holdout in reversed(dates[-count:]):
        cutoff = holdout - timedelta(days=horizon_days)
        training = tuple(d for d in dates if d <= cutoff)
        problem = (
            None
            if training
            else (
                f"no_training_dates: the holdout is {holdout} and no evaluable score date is "
                f"on or before {cutoff} (its {horizon_days}-day horizon must end by the "
                f"holdout date); add history_dates on or before {cutoff}"
            )
        )
        splits.append(HoldoutSplit(holdout, training, problem))
    return splits


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


# Metrics averaged over the evaluated dates into the rows with no holdout date.
MEAN_METRICS: Final = ("roc_auc", "top_decile_lift", "holdout_base_rate", "brier_score", "log_loss")


def score_metrics(
    scorer: str, scores: FloatArray, labels: BoolArray, contact_ids: Sequence[str]
) -> list[_Metric]:
    """AUC, top-decile lift and per-decile rates of one scorer on the holdout rows."""
    n = len(labels)
    y = labels.astype(np.float64)
    base_rate = float(y.mean())
    deciles = ntile_deciles(scores, contact_ids)
    metrics = [
        _Metric(scorer, "roc_auc", None, _auc(labels, scores), n),
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


def _evaluate_split(
    dataset: Dataset, population: str, split: HoldoutSplit
) -> tuple[list[dict[str, Any]], list[_Metric]]:
    from sklearn.metrics import brier_score_loss, log_loss

    settings = dataset.settings
    holdout = dataset.training.in_population(population).on_dates(
        [split.holdout_date] if split.holdout_date else []
    )
    training = dataset.training.training_sample(population).on_dates(split.training_dates)
    holdout_conversions = int(holdout.labels.sum())
    holdout_problem: str | None = None
    if split.holdout_date is not None and (
        holdout_conversions < settings.min_holdout_conversions
        or len(holdout) - holdout_conversions < settings.min_holdout_conversions
    ):
        holdout_problem = (
            f"insufficient_holdout_outcomes: {holdout_conversions} conversions among "
            f"{len(holdout)} {population} on the holdout date {split.holdout_date}, need at "
            f"least {settings.min_holdout_conversions} (and as many non-conversions)"
        )
    problem = (
        split.problem
        or holdout_problem
        or training_problem(training, settings, f"of {population} before the holdout")
    )
    metrics: list[_Metric] = []
    estimator: str | None = None
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
        estimator = model.estimator
        feature_set = model.spec.feature_set
        predicted = model.predict(holdout)
        y = holdout.labels.astype(np.float64)
        metrics += score_metrics("predictive", predicted, holdout.labels, holdout.contact_ids)
        metrics += [
            _Metric("predictive", "brier_score", None, brier_score_loss(y, predicted), len(y)),
            _Metric(
                "predictive",
                "log_loss",
                None,
                float(log_loss(y, predicted, labels=[0.0, 1.0])),
                len(y),
            ),
            _Metric("predictive", "mean_predicted", None, float(predicted.mean()), len(y)),
        ]
    else:
        metrics.append(
            _Metric("predictive", "status", None, None, len(holdout), problem or "not_evaluated")
        )
    context = {
        "model_id": settings.model_id,
        "population": population,
        "holdout_score_date": split.holdout_date,
        "training_score_dates": len(split.training_dates),
        "training_rows": len(training),
        "training_conversions": int(training.labels.sum()),
        "holdout_rows": len(holdout),
        "holdout_conversions": holdout_conversions,
        "estimator": estimator,
        "feature_set": feature_set,
    }
    return [_metric_row(context, metric) for metric in metrics], metrics


def _metric_row(context: Mapping[str, Any], metric: _Metric) -> dict[str, Any]:
    model = {} if metric.scorer == "predictive" else {"estimator": None, "feature_set": None}
    return {
        **context,
        **model,
        "scorer": metric.scorer,
        "metric_name": metric.metric_name,
        "bucket": metric.bucket,
        "value": metric.value,
        "rows": metric.rows,
        "status": metric.status,
    }


def evaluate_rolling_origin(inputs: Inputs, settings: Settings) -> pa.Table:
    """Predictive model versus the rule score, per population, on each of the latest
    `settings.evaluation_dates` evaluable score dates (each trained only on the dates
    whose horizon ended by it), plus the mean over the evaluated dates (rows with no
    holdout_score_date)."""
    dataset = load_dataset(inputs, settings)
    splits = rolling_origin_splits(
        dataset.training.score_dates, settings.horizon_days, settings.evaluation_dates
    )
    if splits[0].holdout_date is None:
        splits = [
            HoldoutSplit(
                None,
                (),
                no_history_message(dataset.current_score_date, settings.horizon_days)
                + f" (an evaluation needs two: one to test on, one {settings.horizon_days} "
                "days or more before it to train on)",
            )
        ]
    rows: list[dict[str, Any]] = []
    for population in POPULATIONS:
        evaluated: list[list[_Metric]] = []
        for split in splits:
            split_rows, metrics = _evaluate_split(dataset, population, split)
            rows += split_rows
            evaluated.append(metrics)
        rows += _mean_rows(settings.model_id, population, evaluated)
    return pa.Table.from_pylist(rows, schema=EVALUATION_SCHEMA)


def _mean_rows(
    model_id: str, population: str, evaluated: list[list[_Metric]]
) -> list[dict[str, Any]]:
    """Per scorer and metric of MEAN_METRICS, the mean over the dates where both scorers
    were evaluated (so the two means compare the same dates)."""
    both = [
        metrics
        for metrics in evaluated
        if {m.scorer for m in metrics if m.metric_name == "roc_auc"} == {"predictive", "rule_score"}
    ]
    if not both:
        return []
    context = {
        "model_id": model_id,
        "population": population,
        "holdout_score_date": None,
        "training_score_dates": None,
        "training_rows": None,
        "training_conversions": None,
        "holdout_rows": None,
        "holdout_conversions": None,
        "estimator": None,
        "feature_set": None,
    }
    rows = []
    for scorer in ("rule_score", "predictive"):
        for name in MEAN_METRICS:
            values = [
                (m.value, m.rows)
                for metrics in both
                for m in metrics
                if m.scorer == scorer and m.metric_name == name and m.bucket is None
            ]
            if len(values) != len(both) or any(v is None for v, _ in values):
                continue
            mean = float(np.mean([float(v) for v, _ in values if v is not None]))
            metric = _Metric(
                scorer,
                name,
                None,
                mean,
                sum(n for _, n in values),
                f"mean_over_dates: {len(both)}",
            )
            rows.append(_metric_row(context, metric))
    return rows
