{#- A view over the incremental history (int_lead_scores_historized): the history
    grows by a date per build, and a table copy of it would rewrite every past date
    every day. The contract is checked on the view's columns. -#}
{{ config(materialized='view') }}

with

history as (

    select * from {{ ref('int_lead_scores_historized') }}

),

final as (

    select
        score_date,
        contact_id,
        model_id,
        company_id,
        fit_score,
        engagement_score,
        negative_score,
        decay_points,
        total_score_unclamped,
        total_score,
        mql_threshold,
        fit_grade,
        engagement_grade,
        lead_grade,
        is_disqualified,
        is_mql,
        days_inactive,
        scoring_config_version
    from history

)

select * from final
