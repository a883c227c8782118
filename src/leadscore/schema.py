"""Arrow schemas of the raw tables the generator writes (the dbt sources' contract)."""

from __future__ import annotations

import pyarrow as pa

TS = pa.timestamp("us")

CONTACTS = pa.schema(
    [
        pa.field("contact_id", pa.string(), nullable=False),
        pa.field("email", pa.string()),
        pa.field("first_name", pa.string()),
        pa.field("last_name", pa.string()),
        pa.field("phone", pa.string()),
        pa.field("job_title", pa.string()),
        pa.field("seniority", pa.string()),
        pa.field("department", pa.string()),
        pa.field("country", pa.string()),
        pa.field("company_id", pa.string()),
        pa.field("lead_source", pa.string()),
        pa.field("lifecycle_stage", pa.string()),
        pa.field("created_at", TS),
        pa.field("updated_at", TS),
        pa.field("is_deleted", pa.bool_()),
    ]
)

COMPANIES = pa.schema(
    [
        pa.field("company_id", pa.string(), nullable=False),
        pa.field("name", pa.string()),
        pa.field("domain", pa.string()),
        pa.field("industry", pa.string()),
        pa.field("employee_count", pa.int64()),
        pa.field("annual_revenue", pa.float64()),
        pa.field("country", pa.string()),
        pa.field("created_at", TS),
    ]
)

ACTIVITIES = pa.schema(
    [
        pa.field("activity_id", pa.string(), nullable=False),
        pa.field("contact_id", pa.string(), nullable=False),
        pa.field("activity_type", pa.string()),
        pa.field("occurred_at", TS),
        pa.field("page_url", pa.string()),
        pa.field("campaign_id", pa.string()),
        pa.field("source_system", pa.string()),
    ]
)

DEALS = pa.schema(
    [
        pa.field("deal_id", pa.string(), nullable=False),
        pa.field("contact_id", pa.string(), nullable=False),
        pa.field("company_id", pa.string()),
        pa.field("created_at", TS),
        pa.field("closed_at", TS),
        pa.field("stage", pa.string()),
        pa.field("is_won", pa.bool_()),
        pa.field("amount", pa.float64()),
    ]
)

# Optional raw table (var raw_optional_tables): one row per campaign, day and channel.
CAMPAIGN_SPEND = pa.schema(
    [
        pa.field("campaign_id", pa.string(), nullable=False),
        pa.field("spend_date", pa.date32()),
        pa.field("channel", pa.string()),
        pa.field("cost", pa.float64()),
        pa.field("currency", pa.string()),
    ]
)

GROUND_TRUTH = pa.schema(
    [
        pa.field("contact_id", pa.string(), nullable=False),
        pa.field("persona", pa.string()),
        pa.field("fit_propensity", pa.float64()),
        pa.field("intent", pa.float64()),
        pa.field("p_convert", pa.float64()),
        pa.field("converted", pa.bool_()),
        pa.field("first_deal_created_at", TS),
        pa.field("won_at", TS),
    ]
)

# Written as parquet and/or CSV depending on --format; ground truth is always parquet
# because it is an evaluation artefact, not a warehouse source.
RAW_TABLES: dict[str, pa.Schema] = {
    "companies": COMPANIES,
    "contacts": CONTACTS,
    "activities": ACTIVITIES,
    "deals": DEALS,
    "campaign_spend": CAMPAIGN_SPEND,
}
GROUND_TRUTH_TABLE = "ground_truth"
