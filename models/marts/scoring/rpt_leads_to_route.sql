-- The routing feed: leads that became an MQL on the score date, best first, with the
-- reasons, for a CRM sync or a sales alert. Contact details for the rep come from the
-- restricted model, not from here.
with

scores as (

    select * from {{ ref('fct_lead_scores') }}

),

transitions as (

    select * from {{ ref('int_mql_transitions_detected') }}

),

new_mqls as (

    select
        scores.score_date,
        scores.model_id,
        scores.contact_id,
        scores.company_id,
        scores.total_score,
        scores.fit_score,
        scores.engagement_score,
        scores.lead_grade,
        scores.top_reasons,
        scores.last_activity_at,
        transitions.previous_score_date,
        transitions.previous_total_score
    from scores
    inner join transitions
        on
            scores.contact_id = transitions.contact_id
            and scores.model_id = transitions.model_id
            and scores.score_date = transitions.transition_date
    where transitions.transition_type = 'became_mql'

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
