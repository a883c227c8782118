{#- DuckDB replaces the built score dates with delete+insert. Spark's parquet tables
    have no delete: there the table is partitioned by score date and the built dates'
    partitions are overwritten (insert_overwrite), which is the same outcome. -#}
{%- set on_spark = target.type in ('spark', 'databricks') -%}
{{
    config(
        materialized='incremental',
        incremental_strategy='insert_overwrite' if on_spark else 'delete+insert',
        unique_key=none if on_spark else 'score_date',
        partition_by=['score_date'] if on_spark else none,
        on_schema_change='append_new_columns',
        post_hook=[
            "{{ lead_scoring.purge_unscored_history(this, ref('int_contacts_enriched')) }}",
        ],
    )
}}

-- depends_on: {{ ref('int_contacts_enriched') }}
-- The post-hook forgets every past row of a contact that is no longer scored
-- (deleted, erased, or gone from the CRM export): history keeps no one BI may not see.

-- One row per contact, model and score date. Each build computes its score dates
-- (the score date, its lookback, or a backfill range) and replaces exactly those
-- dates, so re-running a date never duplicates it and a late activity re-scores
-- every date inside the lookback.
with

lead_scores as (

    select * from {{ ref('int_lead_scores_graded') }}

),

config_versions as (

    select * from {{ ref('int_scoring_config_versioned') }}

),

final as (

    select
        lead_scores.score_date,
        lead_scores.contact_id,
        lead_scores.model_id,
        lead_scores.company_id,
        lead_scores.fit_score,
        lead_scores.engagement_score,
        lead_scores.negative_score,
        lead_scores.decay_points,
        lead_scores.total_score_unclamped,
        lead_scores.total_score,
        lead_scores.mql_threshold,
        lead_scores.fit_grade,
        lead_scores.engagement_grade,
        lead_scores.lead_grade,
        lead_scores.is_disqualified,
        lead_scores.is_mql,
        lead_scores.days_inactive,
        config_versions.scoring_config_version
    from lead_scores
    left join config_versions
        on lead_scores.model_id = config_versions.model_id

)

select * from final
