-- Where do leads drop out? Per cohort (month the contact was created) and model:
-- leads, MQLs (from the score history), and the later stages from CRM data, never
-- from the score: SQL (lifecycle stage sales-qualified or beyond), opportunity (a deal
-- was opened), won (a deal was won). Each step's rate counts the contacts of the
-- previous stage that reached the next one, and SQL is not defined by a deal, so the
-- SQL -> opportunity step measures something (with "SQL = lifecycle or a deal" every
-- opportunity was an SQL and the step read 100% by construction).
with

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

transitions as (

    select * from {{ ref('int_mql_transitions_detected') }}

),

deals as (

    select * from {{ ref('stg_crm__deals') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models_activated') }}

),

first_mql as (

    select
        contact_id,
        model_id,
        min(transition_date) as first_mql_date
    from transitions
    where transition_type = 'became_mql'
    group by
        contact_id,
        model_id

),

deal_stages as (

    select
        contact_id,
        min(cast(created_at as date)) as first_opportunity_date,
        min(case when is_won then cast(closed_at as date) end) as first_won_date
    from deals
    where created_at <= {{ dbt.dateadd('day', 1, lead_scoring.score_date()) }}
    group by contact_id

),

journeys as (

    select
        scoring_models.model_id,
        contacts.contact_id,
        cast({{ dbt.date_trunc('month', 'contacts.created_at') }} as date) as cohort_month,
        contacts.created_date,
        first_mql.first_mql_date,
        deal_stages.first_opportunity_date,
        deal_stages.first_won_date,
        coalesce(
            contacts.lifecycle_stage in ('salesqualifiedlead', 'opportunity', 'customer'), false
        ) as is_sql
    from contacts
    cross join scoring_models
    left join first_mql
        on
            contacts.contact_id = first_mql.contact_id
            and scoring_models.model_id = first_mql.model_id
    left join deal_stages
        on contacts.contact_id = deal_stages.contact_id
    where scoring_models.is_active

),

counted as (

    select
        model_id,
        cohort_month,
        count(*) as leads,
        count(first_mql_date) as mqls,
        count(case when is_sql then 1 end) as sqls,
        count(case when is_sql and first_mql_date is not null then 1 end) as mql_sqls,
        count(first_opportunity_date) as opportunities,
        count(case when is_sql and first_opportunity_date is not null then 1 end) as sql_opportunities,
        count(first_won_date) as won,
        {{ lead_scoring.median(lead_scoring.days_between('created_date', 'first_mql_date')) }} as median_days_lead_to_mql,
        {{ lead_scoring.median(lead_scoring.days_between('first_mql_date', 'first_opportunity_date')) }} as median_days_mql_to_opportunity,
        {{ lead_scoring.median(lead_scoring.days_between('first_opportunity_date', 'first_won_date')) }} as median_days_opportunity_to_won
    from journeys
    group by
        model_id,
        cohort_month

),

final as (
    -- each step over the contacts of the previous stage
    select
        model_id,
        cohort_month,
        leads,
        mqls,
        sqls,
        mql_sqls,
        opportunities,
        sql_opportunities,
        won,
        cast(mqls as double) / leads as lead_to_mql_rate,
        cast(mql_sqls as double) / nullif(mqls, 0) as mql_to_sql_rate,
        cast(sql_opportunities as double) / nullif(sqls, 0) as sql_to_opportunity_rate,
        cast(won as double) / nullif(opportunities, 0) as opportunity_to_won_rate,
        median_days_lead_to_mql,
        median_days_mql_to_opportunity,
        median_days_opportunity_to_won
    from counted

)

select * from final
