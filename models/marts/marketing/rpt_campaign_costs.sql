-- Cost per lead, per MQL and per won deal, by campaign, channel and month: the spend of
-- the month (int_campaign_spends_summed) over the leads attributed in that month
-- (int_campaign_leads_counted, first touch) and what those leads became by the score
-- date. No spend data (no campaign_spend file, or no staged row) is said by
-- has_spend_data and null costs, never by a zero cost; a ratio is null when its
-- divisor is 0 or the spend is unknown.

with

spends as (

    select * from {{ ref('int_campaign_spends_summed') }}

),

lead_counts as (

    select * from {{ ref('int_campaign_leads_counted') }}

),

spend_data as (

    select count(*) > 0 as has_spend_data
    from spends

),

spending_campaigns as (
    -- campaigns the spend data covers: a month without a spend row cost them nothing
    select distinct campaign_id
    from spends

),

unioned as (

    select
        'campaign' as attributed_to,
        campaign_id,
        channel,
        month_start_date,
        spend,
        0 as leads,
        0 as mqls,
        0 as won_deals
    from spends
    union all
    select
        attributed_to,
        campaign_id,
        channel,
        month_start_date,
        null as spend,
        leads,
        mqls,
        won_deals
    from lead_counts

),

grouped as (

    select
        attributed_to,
        campaign_id,
        channel,
        month_start_date,
        sum(spend) as spend,
        sum(leads) as leads,
        sum(mqls) as mqls,
        sum(won_deals) as won_deals
    from unioned
    group by
        attributed_to,
        campaign_id,
        channel,
        month_start_date

),

costed as (

    select
        grouped.month_start_date,
        grouped.attributed_to,
        grouped.campaign_id,
        grouped.channel,
        spend_data.has_spend_data,
        spending_campaigns.campaign_id is not null as has_campaign_spend,
        case
            when spending_campaigns.campaign_id is not null then coalesce(grouped.spend, 0)
        end as spend,
        grouped.leads,
        grouped.mqls,
        grouped.won_deals
    from grouped
    cross join spend_data
    left join spending_campaigns
        on grouped.campaign_id = spending_campaigns.campaign_id

),

final as (

    select
        month_start_date,
        attributed_to,
        campaign_id,
        channel,
        has_spend_data,
        has_campaign_spend,
        cast({{ lead_scoring.sql_string(var('campaign_spend_currency') | upper) }} as {{ dbt.type_string() }}) as currency,
        cast(spend as decimal(18, 2)) as spend,
        cast(leads as {{ dbt.type_bigint() }}) as leads,
        cast(mqls as {{ dbt.type_bigint() }}) as mqls,
        cast(won_deals as {{ dbt.type_bigint() }}) as won_deals,
        cast(case when leads > 0 then spend / leads end as decimal(18, 4)) as cost_per_lead,
        cast(case when mqls > 0 then spend / mqls end as decimal(18, 4)) as cost_per_mql,
        cast(case when won_deals > 0 then spend / won_deals end as decimal(18, 4)) as cost_per_won_deal,
        cast({{ lead_scoring.sql_string(var('campaign_cost_mql_model_id')) }} as {{ dbt.type_string() }}) as mql_model_id,
        {{ lead_scoring.score_date() }} as score_date
    from costed

)

select * from final
