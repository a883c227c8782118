{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='score_date',
        on_schema_change='append_new_columns',
        post_hook=[
            "delete from {{ this }} where contact_id not in (select contact_id from {{ ref('int_contacts_enriched') }})",
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
