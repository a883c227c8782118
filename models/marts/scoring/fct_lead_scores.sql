with

lead_scores as (

    select * from {{ ref('int_lead_scores_graded') }}

),

reasons as (

    select * from {{ ref('int_lead_score_reasons_listed') }}

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
        lead_scores.positive_engagement_points,
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
        lead_scores.last_activity_at,
        lead_scores.last_engaged_at,
        lead_scores.days_inactive,
        reasons.top_reasons,
        config_versions.scoring_config_version
    from lead_scores
    left join reasons
        on
            lead_scores.contact_id = reasons.contact_id
            and lead_scores.model_id = reasons.model_id
    left join config_versions
        on lead_scores.model_id = config_versions.model_id
    where lead_scores.score_date = {{ lead_scoring.score_date() }}

)

select * from final
