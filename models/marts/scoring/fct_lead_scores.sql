with

lead_scores as (

    select * from {{ ref('int_lead_scores_graded') }}

),

final as (

    select
        {{ lead_scoring.score_date() }} as score_date,
        contact_id,
        model_id,
        company_id,
        fit_score,
        engagement_score,
        positive_engagement_points,
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
        last_activity_at,
        last_engaged_at,
        days_inactive
    from lead_scores

)

select * from final
