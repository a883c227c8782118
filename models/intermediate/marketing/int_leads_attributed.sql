-- One row per lead (a contact not deleted and created on or before the score date),
-- attributed first touch: to the campaign of its earliest activity that carries a
-- campaign_id (by occurred_at, then activity_id), on or before the score date; a lead
-- no campaign touched goes to the channel of its lead_source (seed
-- lead_source_channels). The lead counts in the month of what it is attributed to: the
-- first touch's date, else the contact's creation date. A campaign's leads are
-- reported under the campaign's channel in the spend data (int_campaign_spends_summed),
-- `unknown` when the campaign has no spend row.

with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

activities as (

    select * from {{ ref('stg_marketing__activities') }}

),

lead_source_channels as (

    select * from {{ ref('lead_source_channels') }}

),

campaign_spends as (

    select * from {{ ref('int_campaign_spends_summed') }}

),

leads as (

    select
        contact_id,
        lead_source,
        cast(created_at as date) as created_date
    from contacts
    where
        not is_deleted
        and cast(created_at as date) <= {{ lead_scoring.score_date() }}

),

campaign_touches as (

    select
        contact_id,
        campaign_id,
        activity_id,
        occurred_at,
        occurred_date,
        row_number() over (
            partition by contact_id
            order by occurred_at asc, activity_id asc
        ) as touch_rank
    from activities
    where
        campaign_id is not null
        and occurred_date <= {{ lead_scoring.score_date() }}

),

first_touches as (

    select * from campaign_touches
    where touch_rank = 1

),

campaign_channels as (

    select distinct
        campaign_id,
        channel
    from campaign_spends
    where is_campaign_channel

),

channels as (

    select
        {{ lead_scoring.normalize_text('lead_source') }} as lead_source,
        {{ lead_scoring.normalize_text('channel') }} as channel
    from lead_source_channels

),

attributed as (

    select
        leads.contact_id,
        leads.lead_source,
        first_touches.campaign_id,
        first_touches.activity_id as first_touch_activity_id,
        first_touches.occurred_at as first_touch_at,
        case when first_touches.campaign_id is not null then 'campaign' else 'lead_source' end as attributed_to,
        case
            when first_touches.campaign_id is not null
                then coalesce(campaign_channels.channel, {{ lead_scoring.unknown_channel() }})
            else coalesce(channels.channel, {{ lead_scoring.unknown_channel() }})
        end as channel,
        coalesce(first_touches.occurred_date, leads.created_date) as attribution_date
    from leads
    left join first_touches
        on leads.contact_id = first_touches.contact_id
    left join campaign_channels
        on first_touches.campaign_id = campaign_channels.campaign_id
    left join channels
        on leads.lead_source = channels.lead_source

),

final as (

    select
        contact_id,
        lead_source,
        attributed_to,
        campaign_id,
        channel,
        first_touch_activity_id,
        first_touch_at,
        attribution_date,
        cast({{ dbt.date_trunc('month', 'attribution_date') }} as date) as month_start_date
    from attributed

)

select * from final
