-- The outcomes once per evaluation population they belong to: every report groups by
-- population, so "does the score work?" is answered for all open leads and for the
-- leads new at the score date, which convert on different signals. The score decile
-- is ranked here, within the population, so that the band report and the outcome
-- fact read one ranking.
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

deciled as (

    select
        *,
        ntile(10) over (
            partition by score_date, model_id, population
            order by total_score asc, contact_id asc
        ) as decile_number
    from populated

),

final as (

    select
        *,
        -- two digits, so that the deciles sort as text in BI
        {{ dbt.right(dbt.concat(["'0'", "cast(decile_number as " ~ dbt.type_string() ~ ")"]), 2) }} as score_decile
    from deciled

)

select * from final
