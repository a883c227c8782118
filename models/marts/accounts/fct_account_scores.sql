with

account_scores as (

    select * from {{ ref('int_account_scores_graded') }}

),

final as (

    select
        {{ lead_scoring.score_date() }} as score_date,
        company_id,
        model_id,
        company_fit_score,
        account_engagement_score,
        breadth_points,
        account_score,
        account_grade,
        is_account_mql,
        contact_count,
        engaged_contact_count,
        mql_contact_count,
        engaged_department_count,
        best_contact_id,
        best_contact_score
    from account_scores

)

select * from final
