"""Every SQL query of the lead desk, against the marts of the warehouse (read-only).

Each function opens the DuckDB file read-only for one query and closes it again, so the
desk never holds a lock while it is idle (a `make build` can rewrite the file between
two page loads) and no connection is shared between Streamlit's session threads.

Personal details (email, name, phone) come from one place only,
`restricted_leads_to_route_contacts` (its own `<schema>_restricted` schema), and only
through `routed_contact_details`, which the pages call for the routing role alone.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

RESTRICTED_TABLE = "restricted_leads_to_route_contacts"
# The personal columns the desk shows to the routing role, when the CRM export has them
# (the restricted model carries name and phone only when the raw contacts do).
PERSONAL_COLUMNS = ("email", "first_name", "last_name", "phone")
POINTS_QUANTUM = Decimal("0.0001")


def to_points(value: object) -> Decimal | None:
    """A points value back to the warehouse's exact decimal(18, 4). DuckDB hands
    decimals to pandas as floats; every stored value has at most 4 decimals, far above
    a float's error, so rounding to 4 decimals recovers it exactly."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return Decimal(str(value)).quantize(POINTS_QUANTUM)


def _frame(database: Path, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, params or []).df()


def score_date(database: Path) -> str | None:
    """The score date of the current scores (fct_lead_scores), ISO formatted."""
    frame = _frame(database, "select max(score_date) as score_date from fct_lead_scores")
    value = frame["score_date"].iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def model_ids(database: Path) -> list[str]:
    """The scoring models that have scores at the score date."""
    frame = _frame(database, "select distinct model_id from fct_lead_scores order by model_id")
    return [str(value) for value in frame["model_id"]]


def leads_to_route(database: Path, model_id: str | None) -> pd.DataFrame:
    """The routing feed: new MQLs at the score date, best first (route_rank 1)."""
    return _frame(
        database,
        """
        select
            model_id,
            route_rank,
            contact_id,
            company_id,
            total_score,
            lead_grade,
            top_reasons,
            last_activity_at,
            previous_total_score
        from rpt_leads_to_route
        where cast(? as varchar) is null or model_id = ?
        order by model_id, route_rank
        """,
        [model_id, model_id],
    )


def restricted_schema(database: Path) -> str | None:
    """The schema of the restricted contact details, or None when it was not built."""
    frame = _frame(
        database,
        "select table_schema from information_schema.tables where table_name = ?",
        [RESTRICTED_TABLE],
    )
    return None if frame.empty else str(frame["table_schema"].iloc[0])


def routed_contact_details(database: Path, model_id: str | None) -> pd.DataFrame:
    """RESTRICTED: contact details of the routed leads (routing role only)."""
    schema = restricted_schema(database)
    if schema is None:
        return pd.DataFrame(columns=["model_id", "contact_id"])
    with duckdb.connect(str(database), read_only=True) as con:
        available = {
            str(row[0])
            for row in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ?",
                [schema, RESTRICTED_TABLE],
            ).fetchall()
        }
        columns = [column for column in PERSONAL_COLUMNS if column in available]
        select_list = ", ".join(["model_id", "contact_id", *(f'"{c}"' for c in columns)])
        return con.execute(
            f'select {select_list} from "{schema}"."{RESTRICTED_TABLE}" '
            "where cast(? as varchar) is null or model_id = ?",
            [model_id, model_id],
        ).df()


def contact_ids(database: Path) -> list[str]:
    """Every scored contact, for the lead picker."""
    frame = _frame(database, "select distinct contact_id from fct_lead_scores order by 1")
    return [str(value) for value in frame["contact_id"]]


def lead_scores(database: Path, contact_id: str) -> pd.DataFrame:
    """Today's scores of one contact, one row per model (fct_lead_scores)."""
    return _frame(
        database,
        """
        select
            model_id,
            total_score,
            total_score_unclamped,
            fit_score,
            engagement_score,
            mql_threshold,
            lead_grade,
            is_mql,
            is_disqualified,
            days_inactive,
            top_reasons,
            score_date
        from fct_lead_scores
        where contact_id = ?
        order by model_id
        """,
        [contact_id],
    )


def score_history(database: Path, contact_id: str) -> pd.DataFrame:
    """Every score of one contact over the score dates built, per model."""
    return _frame(
        database,
        """
        select score_date, model_id, total_score, mql_threshold, is_mql
        from fct_lead_score_history
        where contact_id = ?
        order by score_date, model_id
        """,
        [contact_id],
    )


def contributions(database: Path, contact_id: str, model_id: str) -> pd.DataFrame:
    """The rules behind today's score of one contact and model, largest first.

    The points add up to total_score_unclamped (a data test of the build); when the
    model's floor or cap clamped the score, a `clamped to the model's floor or cap`
    row makes the table add up to total_score.
    """
    return _frame(
        database,
        """
        with

        scores as (
            select * from fct_lead_scores
            where contact_id = ? and model_id = ?
        ),

        rules as (
            select
                contributions.rule_id,
                contributions.contribution_type,
                contributions.occurrence_count,
                contributions.points_before_caps,
                contributions.points,
                0 as sort_group
            from fct_lead_score_contributions as contributions
            inner join scores
                on contributions.contact_id = scores.contact_id
                and contributions.model_id = scores.model_id
                and contributions.score_date = scores.score_date
        ),

        clamp as (
            select
                'clamped to the model''s floor or cap' as rule_id,
                'clamp' as contribution_type,
                null::bigint as occurrence_count,
                null::decimal(18, 4) as points_before_caps,
                total_score - total_score_unclamped as points,
                1 as sort_group
            from scores
            where total_score <> total_score_unclamped
        )

        select rule_id, contribution_type, occurrence_count, points_before_caps, points
        from (select * from rules union all select * from clamp)
        order by sort_group, abs(points) desc, rule_id
        """,
        [contact_id, model_id],
    )


def contributions_total(database: Path, contact_id: str, model_id: str) -> Decimal | None:
    """The exact sum of `contributions` (decimal arithmetic, no float rounding)."""
    frame = contributions(database, contact_id, model_id)
    if frame.empty:
        return None
    points = (to_points(value) for value in frame["points"])
    return sum((value for value in points if value is not None), Decimal(0))


def mql_transitions(database: Path, contact_id: str) -> pd.DataFrame:
    """Each date the contact became an MQL or fell back, per model, with the reason."""
    return _frame(
        database,
        """
        select
            transition_date,
            model_id,
            transition_type,
            transition_reason,
            previous_total_score,
            total_score,
            mql_threshold
        from fct_mql_transitions
        where contact_id = ?
        order by transition_date, model_id
        """,
        [contact_id],
    )


def account(database: Path, contact_id: str) -> pd.DataFrame:
    """The contact's slicing attributes and its company (dim_contacts, dim_companies)."""
    return _frame(
        database,
        """
        select
            contacts.contact_id,
            contacts.job_title,
            contacts.seniority,
            contacts.department,
            contacts.country as contact_country,
            contacts.lead_source,
            contacts.lifecycle_stage,
            contacts.company_id,
            companies.name as company_name,
            companies.domain as company_domain,
            companies.industry as company_industry,
            companies.employee_count as company_employee_count,
            companies.annual_revenue as company_annual_revenue,
            companies.country as company_country
        from dim_contacts as contacts
        left join dim_companies as companies
            on contacts.company_id = companies.company_id
        where contacts.contact_id = ?
        """,
        [contact_id],
    )


def populations(database: Path) -> list[str]:
    """The evaluation populations of the reports."""
    frame = _frame(database, "select distinct population from rpt_score_band_conversion order by 1")
    return [str(value) for value in frame["population"]]


def band_conversion(database: Path, model_id: str, population: str, band_type: str) -> pd.DataFrame:
    """Conversion by band, pooled over every evaluated score date (sums of leads and
    conversions, not an average of rates)."""
    return _frame(
        database,
        """
        select
            band,
            cast(sum(leads) as bigint) as leads,
            cast(sum(conversions) as bigint) as conversions,
            sum(conversions) / nullif(sum(leads), 0) as conversion_rate,
            cast(count(distinct score_date) as bigint) as score_dates
        from rpt_score_band_conversion
        where model_id = ? and population = ? and band_type = ?
        group by band
        order by band
        """,
        [model_id, population, band_type],
    )


def band_types(database: Path) -> list[str]:
    frame = _frame(database, "select distinct band_type from rpt_score_band_conversion order by 1")
    return [str(value) for value in frame["band_type"]]


def threshold_curve(database: Path, model_id: str, population: str) -> pd.DataFrame:
    """Precision, recall, F1 and MQLs for each candidate threshold."""
    return _frame(
        database,
        """
        select
            threshold,
            mqls,
            converted_mqls,
            precision,
            recall,
            f1_score,
            lift,
            is_configured_threshold,
            is_best_threshold
        from rpt_threshold_evaluation
        where model_id = ? and population = ?
        order by threshold
        """,
        [model_id, population],
    )


def mql_volume(database: Path) -> pd.DataFrame:
    """MQLs per model at every score date built (fct_lead_score_history)."""
    return _frame(
        database,
        """
        select
            score_date,
            model_id,
            cast(count_if(is_mql) as bigint) as mqls,
            cast(count(*) as bigint) as leads
        from fct_lead_score_history
        group by score_date, model_id
        order by score_date, model_id
        """,
    )
