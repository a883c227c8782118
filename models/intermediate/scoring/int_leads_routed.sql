-- The routing feed's rows: leads that became an MQL on the score date (per model),
-- ranked for routing, with what a rep reads first. rpt_leads_to_route publishes it;
-- the restricted model adds the contact details.
with

lead_scores as (

    select * from {{ ref('int_lead_scores_graded') }}

),

reasons as (

    select * from {{ ref('int_lead_score_reasons_listed') }}

),

transitions as (

    select * from {{ ref('int_mql_transitions_detected') }}

),

new_mqls as (

    select
        lead_scores.score_date,
        lead_scores.model_id,
        lead_scores.contact_id,
        lead_scores.company_id,
        lead_scores.total_score,
        lead_scores.fit_score,
        lead_scores.lead_grade,
        reasons.top_reasons,
        lead_scores.last_activity_at,
        transitions.previous_score_date,
        transitions.previous_total_score
    from lead_scores
    inner join transitions
        on
            lead_scores.contact_id = transitions.contact_id
            and lead_scores.model_id = transitions.model_id
            and lead_scores.score_date = transitions.transition_date
    left join reasons
        on
            lead_scores.contact_id = reasons.contact_id
            and lead_scores.model_id = reasons.model_id
    where
        lead_scores.score_date = {{ lead_scoring.score_date() }}
        and transitions.transition_type = 'became_mql'

),

final as (

    select
        score_date,
        model_id,
        -- row_number() is an int on Spark, a bigint on DuckDB: one contract type
        cast(row_number() over (
            partition by model_id
            order by total_score desc, fit_score desc, contact_id asc
        ) as {{ dbt.type_bigint() }}) as route_rank,
        contact_id,
        company_id,
        total_score,
        lead_grade,
        top_reasons,
        last_activity_at,
        previous_score_date,
        previous_total_score
    from new_mqls

)

select * from final
