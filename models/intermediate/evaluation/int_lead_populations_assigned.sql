-- One row per history score date and contact scored on it, with the evaluation
-- populations it belongs to: a lead is any scored contact that is not yet a customer
-- (no won deal closed on or before the score date); a new lead is one created within
-- var new_lead_days before the score date. The one home of both rules: the outcomes,
-- the reports and the predictive model read them from here.
{%- set new_lead_days = var('new_lead_days', 30) | int %}

with

history as (

    select * from {{ ref('int_lead_scores_historized') }}

),

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

deals as (

    select * from {{ ref('stg_crm__deals') }}

),

scored_contacts as (

    select distinct
        score_date,
        contact_id
    from history

),

first_wins as (

    select
        contact_id,
        min(cast(closed_at as date)) as first_won_date
    from deals
    where
        is_won
        and closed_at is not null
    group by contact_id

),

assigned as (

    select
        scored_contacts.score_date,
        scored_contacts.contact_id,
        {{ lead_scoring.days_between('contacts.created_date', 'scored_contacts.score_date') }} as contact_age_days,
        coalesce(first_wins.first_won_date <= scored_contacts.score_date, false) as is_customer
    from scored_contacts
    inner join contacts
        on scored_contacts.contact_id = contacts.contact_id
    left join first_wins
        on scored_contacts.contact_id = first_wins.contact_id

),

final as (

    select
        score_date,
        contact_id,
        contact_age_days,
        is_customer,
        not is_customer as is_open_lead,
        not is_customer and contact_age_days < {{ new_lead_days }} as is_new_lead
    from assigned

)

select * from final
