"""`leadscore evaluate`: does the score predict conversion on a raw data set?

Builds the warehouse on a raw directory (the user's export, or a public dataset mapped
into the raw layout, see examples/real_data/) with a history of score dates, then reads
the warehouse's own rolling-origin evaluation (rpt_predictive_evaluation: the rule score
of the seeds and the predictive model, each holdout date trained only on dates whose
outcome horizon had ended by it) and sets beside it, on exactly the same lead-dates, a
plain baseline: a scikit-learn logistic regression on the raw files' own columns
(contact columns one-hot or numeric, activity counts per type up to the score date).
The baseline reads the raw files directly, not the warehouse's features, so it checks
the warehouse rather than repeating it.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Final

import duckdb
import numpy as np

from leadscore.evaluation.predictive import ALWAYS_EXCLUDED, POPULATIONS
from leadscore.project_builds import (
    ScoreDiffError,
    copy_project,
    dbt_env,
    dbt_executable,
    failure_summary,
    project_paths,
)

# Raw contact columns that are bookkeeping, not attributes of the lead.
_BASELINE_EXCLUDED: Final = ALWAYS_EXCLUDED | {"company_id", "is_deleted"}


class EvaluationError(Exception):
    """A problem the user can act on (no raw data, failed build)."""


@dataclass(frozen=True)
class ScorerResult:
    population: str
    scorer: str
    holdout_date: date | None  # None: the mean over the holdout dates
    roc_auc: float | None
    rows: int | None
    status: str


def history_dates(first: date, last: date, every_days: int) -> list[date]:
    dates = []
    day = first
    while day <= last:
        dates.append(day)
        day += timedelta(days=every_days)
    return dates


def build(
    project_dir: Path,
    raw_dir: Path,
    work_dir: Path,
    *,
    score_date: date,
    dates: Sequence[date],
    raw_format: str,
    seeds_dir: Path | None = None,
    extra_vars: str = "",
) -> Path:
    """A copy of the project (its seeds replaced by seeds_dir when given) built on
    raw_dir into work_dir/warehouse.duckdb; returns the database path."""
    copy = work_dir / "project"
    if copy.exists():
        raise EvaluationError(f"{copy} exists: use an empty --work-dir")
    paths = project_paths(project_dir)
    copy_project(project_dir, copy, sorted({n for names in paths.values() for n in names}))
    if seeds_dir is not None:
        for seed_path in paths["seed-paths"]:
            target = copy / seed_path / "scoring"
            for csv in sorted(seeds_dir.glob("*.csv")):
                (target / csv.name).write_bytes(csv.read_bytes())
    database = work_dir / "warehouse.duckdb"
    target_dir = work_dir / "target"
    work_dir.mkdir(parents=True, exist_ok=True)
    variables = (
        f"{{score_date: '{score_date.isoformat()}', history_dates: ["
        + ", ".join(f"'{d.isoformat()}'" for d in dates)
        + f"]{', ' + extra_vars if extra_vars else ''}}}"
    )
    env = dbt_env(raw_dir, database, target_dir, {"LEAD_SCORING_RAW_FORMAT": raw_format})
    command = [
        dbt_executable(),
        "--no-use-colors",
        "build",
        "--exclude",
        "test_type:unit",
        "--vars",
        variables,
        "--project-dir",
        str(copy),
        "--profiles-dir",
        str(copy),
        "--target-path",
        str(target_dir),
        "--log-path",
        str(target_dir / "logs"),
    ]
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise EvaluationError(
            f"dbt build failed (exit {result.returncode}); log in {target_dir / 'logs'}:\n"
            f"{failure_summary(result.stdout + result.stderr)}"
        )
    return database


def warehouse_results(database: Path, model_id: str) -> list[ScorerResult]:
    """The rule score's and the predictive model's ROC AUC per population and holdout
    date (and their means), as rpt_predictive_evaluation reports them."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            """
            select population, scorer, holdout_score_date, value, rows, status
            from rpt_predictive_evaluation
            where model_id = ? and bucket is null and metric_name in ('roc_auc', 'status')
            order by population, scorer, holdout_score_date nulls last
            """,
            [model_id],
        ).fetchall()
    return [
        ScorerResult(str(p), str(s), d, float(v) if v is not None else None, n, str(st))
        for p, s, d, v, n, st in rows
    ]


def _raw_relation(con: duckdb.DuckDBPyConnection, raw_dir: Path, table: str, fmt: str) -> str:
    files = sorted(raw_dir.glob(f"{table}*.{fmt}"))
    if not files:
        raise EvaluationError(f"no raw {table} (files {table}*.{fmt}) in {raw_dir}")
    listing = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    if fmt == "csv":
        return f"read_csv([{listing}], union_by_name = true, all_varchar = true, header = true)"
    return f"read_parquet([{listing}], union_by_name = true)"


def baseline_results(
    database: Path, raw_dir: Path, raw_format: str, model_id: str, horizon_days: int
) -> list[ScorerResult]:
    """A plain logistic regression on the raw files, for every holdout date the warehouse
    evaluated its predictive model on, trained on the same population's lead-dates
    whose horizon ended by that date; the same rows and labels as the warehouse."""
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    with duckdb.connect(str(database), read_only=True) as con:
        outcomes = (
            con.sql(
                "select population, score_date, contact_id, is_converted"
                " from int_lead_outcomes_populated where model_id = $model_id",
                params={"model_id": model_id},
            )
            .to_arrow_table()
            .to_pandas()
        )
        holdouts = con.execute(
            "select distinct population, holdout_score_date from rpt_predictive_evaluation"
            " where model_id = ? and scorer = 'predictive' and status = 'evaluated'"
            " and holdout_score_date is not null",
            [model_id],
        ).fetchall()
    raw = duckdb.connect()
    contacts = raw.sql(f"select * from {_raw_relation(raw, raw_dir, 'contacts', raw_format)}").df()
    contacts = contacts.drop_duplicates("contact_id", keep="last")
    activities = (
        raw.sql(
            f"""
            select contact_id, lower(trim(activity_type)) as activity_type,
                cast(timezone('UTC', try_cast(occurred_at as timestamptz)) as date) as day
            from {_raw_relation(raw, raw_dir, "activities", raw_format)}
            """
        )
        .to_arrow_table()
        .to_pandas()
    )
    raw.close()
    attribute_columns = [c for c in contacts.columns if c.lower() not in _BASELINE_EXCLUDED]
    numeric, categorical = [], []
    for column in attribute_columns:
        values = contacts[column].dropna()
        as_numbers = pd.to_numeric(values, errors="coerce")
        if len(values) and as_numbers.notna().all():
            contacts[column] = pd.to_numeric(contacts[column], errors="coerce")
            numeric.append(column)
        else:
            categorical.append(column)
    types = sorted(activities["activity_type"].dropna().unique())

    def features(rows: pd.DataFrame) -> pd.DataFrame:
        frame = rows[["score_date", "contact_id"]].merge(
            contacts[["contact_id", *attribute_columns]], on="contact_id", how="left"
        )
        keys = frame[["score_date", "contact_id"]].drop_duplicates()
        done = activities.merge(keys, on="contact_id")
        done = done[done["day"] <= done["score_date"]]
        counts = done.pivot_table(
            index=["score_date", "contact_id"],
            columns="activity_type",
            values="day",
            aggfunc="count",
        )
        counts = counts.reindex(columns=types).add_prefix("count:").reset_index()
        frame = frame.merge(counts, on=["score_date", "contact_id"], how="left")
        for kind in types:
            frame[f"count:{kind}"] = frame[f"count:{kind}"].fillna(0.0)
        return frame

    count_columns = [f"count:{kind}" for kind in types]
    results: list[ScorerResult] = []
    for population, holdout in sorted(holdouts):
        rows = outcomes[outcomes["population"] == population]
        test = rows[rows["score_date"] == holdout]
        train = rows[rows["score_date"] <= holdout - timedelta(days=horizon_days)]
        model = make_pipeline(
            ColumnTransformer(
                [
                    (
                        "numeric",
                        make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
                        numeric + count_columns,
                    ),
                    (
                        "categorical",
                        make_pipeline(
                            SimpleImputer(strategy="constant", fill_value="(missing)"),
                            OneHotEncoder(handle_unknown="ignore"),
                        ),
                        categorical,
                    ),
                ]
            ),
            LogisticRegression(max_iter=5000),
        )
        model.fit(features(train), train["is_converted"].astype(int))
        predicted = model.predict_proba(features(test))[:, 1]
        auc = float(roc_auc_score(test["is_converted"].astype(int), predicted))
        results.append(
            ScorerResult(str(population), "baseline_logistic", holdout, auc, len(test), "evaluated")
        )
    for population in POPULATIONS:
        aucs = [r.roc_auc for r in results if r.population == population and r.roc_auc]
        if aucs:
            results.append(
                ScorerResult(
                    population,
                    "baseline_logistic",
                    None,
                    float(np.mean(aucs)),
                    sum(r.rows or 0 for r in results if r.population == population),
                    f"mean_over_dates: {len(aucs)}",
                )
            )
    return results


def evaluate(
    project_dir: Path,
    raw_dir: Path,
    work_dir: Path,
    *,
    score_date: date,
    dates: Sequence[date],
    raw_format: str,
    model_id: str = "default",
    horizon_days: int = 90,
    seeds_dir: Path | None = None,
    suggest: bool = False,
) -> tuple[list[ScorerResult], float]:
    started = time.perf_counter()
    try:
        database = build(
            project_dir,
            raw_dir,
            work_dir,
            score_date=score_date,
            dates=dates,
            raw_format=raw_format,
            seeds_dir=seeds_dir,
        )
    except ScoreDiffError as err:
        raise EvaluationError(str(err)) from err
    results = warehouse_results(database, model_id)
    results += baseline_results(database, raw_dir, raw_format, model_id, horizon_days)
    if suggest:
        results += suggested_seed_results(
            project_dir,
            raw_dir,
            work_dir,
            database,
            score_date=score_date,
            dates=dates,
            raw_format=raw_format,
            model_id=model_id,
            horizon_days=horizon_days,
            seeds_dir=seeds_dir,
        )
    return results, round(time.perf_counter() - started, 1)


def suggested_seed_results(
    project_dir: Path,
    raw_dir: Path,
    work_dir: Path,
    database: Path,
    *,
    score_date: date,
    dates: Sequence[date],
    raw_format: str,
    model_id: str,
    horizon_days: int,
    seeds_dir: Path | None,
) -> list[ScorerResult]:
    """`suggest-weights` learned on the new leads of the dates whose horizon ended by the
    earliest holdout date (so no holdout outcome is seen), its candidate seeds built
    into a second warehouse, and their rule score's ROC AUC on the same holdouts."""
    from leadscore.evaluation.suggest_weights import suggest_weights
    from leadscore.evaluation.weight_learning import LearningError, learn

    holdouts = sorted(
        r.holdout_date
        for r in warehouse_results(database, model_id)
        if r.scorer == "rule_score" and r.holdout_date and r.status == "evaluated"
    )
    if not holdouts:
        return []
    window = (min(dates), holdouts[0] - timedelta(days=horizon_days))
    try:
        learned = learn(database, model_id, "new_leads", window)
    except LearningError as err:
        return [ScorerResult("new_leads", "suggested_seeds", None, None, None, str(err))]
    candidate_dir = work_dir / "suggested_seeds"
    suggest_weights(seeds_dir or project_dir / "seeds" / "scoring", candidate_dir, learned)
    suggested = build(
        project_dir,
        raw_dir,
        work_dir / "suggested",
        score_date=score_date,
        dates=dates,
        raw_format=raw_format,
        seeds_dir=candidate_dir,
    )
    return [
        ScorerResult(r.population, "suggested_seeds", r.holdout_date, r.roc_auc, r.rows, r.status)
        for r in warehouse_results(suggested, model_id)
        if r.scorer == "rule_score"
    ]


def to_markdown(results: Sequence[ScorerResult], title: str) -> str:
    """Mean ROC AUC per scorer and population, with the per-date values."""
    lines = [
        f"### {title}",
        "",
        "| population | scorer | mean ROC AUC | holdout dates (ROC AUC) |",
        "|---|---|---|---|",
    ]
    keys = sorted({(r.population, r.scorer) for r in results})
    for population, scorer in keys:
        mine = [r for r in results if r.population == population and r.scorer == scorer]
        mean = next((r for r in mine if r.holdout_date is None), None)
        per_date = ", ".join(
            f"{r.holdout_date}: {r.roc_auc:.3f}"
            if r.roc_auc is not None
            else f"{r.holdout_date}: -"
            for r in mine
            if r.holdout_date is not None
        )
        shown = f"{mean.roc_auc:.3f}" if mean and mean.roc_auc is not None else "n/a"
        lines.append(f"| {population} | {scorer} | {shown} | {per_date} |")
    return "\n".join(lines) + "\n"
