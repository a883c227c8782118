-- The outcomes once per evaluation population they belong to: every report groups by
-- population, so "does the score work?" is answered for all open leads and for the
-- leads new at the score date, which convert on different signals.
with

outcomes as (

    select * from {{ ref('int_lead_outcomes_observed') }}

),

populated as (

    select
        'open_leads' as population,
        outcomes.*
    from outcomes
    union all
    select
        'new_leads' as population,
        outcomes.*
    from outcomes
    where outcomes.is_new_lead

),

final as (

    select * from populated

)

select * from final
