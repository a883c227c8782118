-- The routing feed: leads that became an MQL on the score date, best first, with the
-- reasons, for a CRM sync or a sales alert. Contact details for the rep come from the
-- restricted model, not from here.
with

routed as (

    select * from {{ ref('int_leads_routed') }}

),

final as (

    select
        score_date,
        model_id,
        route_rank,
        contact_id,
        company_id,
        total_score,
        lead_grade,
        top_reasons,
        last_activity_at,
        previous_score_date,
        previous_total_score
    from routed

)

select * from final
