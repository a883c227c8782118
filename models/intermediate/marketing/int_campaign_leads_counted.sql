-- Attributed leads per (attributed_to, campaign, channel, month of attribution), with
-- how many of them became an MQL and how many deals they won, both up to the score
-- date. An MQL is a lead that was an MQL of var campaign_cost_mql_model_id on any
-- score date of the history (int_lead_scores_historized) up to the score date; a won deal
-- is a staged deal with is_won and a closed_at on or before the score date. The month
-- is the lead's (a cohort), not the deal's.

with

leads as (

    select * from {{ ref('int_leads_attributed') }}

),

history as (

    select * from {{ ref('int_lead_scores_historized') }}

),

deals as (

    select * from {{ ref('stg_crm__deals') }}

),

mqls as (

    select distinct contact_id
    from history
    where
        model_id = {{ lead_scoring.sql_string(var('campaign_cost_mql_model_id')) }}
        and is_mql
        and score_date <= {{ lead_scoring.score_date() }}

),

won_deals as (

    select
        contact_id,
        count(*) as won_deals
    from deals
    where
        is_won
        and closed_at is not null
        and cast(closed_at as date) <= {{ lead_scoring.score_date() }}
    group by contact_id

),

final as (

    select
        leads.attributed_to,
        leads.campaign_id,
        leads.channel,
        leads.month_start_date,
        count(*) as leads,
        count(mqls.contact_id) as mqls,
        coalesce(sum(won_deals.won_deals), 0) as won_deals
    from leads
    left join mqls
        on leads.contact_id = mqls.contact_id
    left join won_deals
        on leads.contact_id = won_deals.contact_id
    group by
        leads.attributed_to,
        leads.campaign_id,
        leads.channel,
        leads.month_start_date

)

select * from final
