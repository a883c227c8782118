-- Ad-hoc: MQL rate by lead source and model at the score date, to see which
-- channels bring leads the scoring rates highly. `dbt compile --select` it and run
-- the compiled SQL in DuckDB.
with

scores as (

    select * from {{ ref('fct_lead_scores') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

final as (

    select
        scores.model_id,
        contacts.lead_source,
        count(*) as leads,
        sum(case when scores.is_mql then 1 else 0 end) as mqls,
        avg(case when scores.is_mql then 1.0 else 0.0 end) as mql_rate
    from scores
    inner join contacts
        on scores.contact_id = contacts.contact_id
    group by
        scores.model_id,
        contacts.lead_source

)

select * from final
order by model_id asc, mql_rate desc
