-- Campaign spend per campaign, channel and month, up to the score date (nothing after
-- it counts, as for scoring). is_campaign_channel marks the channel a campaign's
-- attributed leads are reported under: the one it spent the most in (ties: the first
-- channel name), since leads are attributed to campaigns, not to channels of one.

with

spends as (

    select * from {{ ref('stg_marketing__campaign_spends') }}

),

counted as (

    select
        campaign_id,
        coalesce(channel, {{ lead_scoring.unknown_channel() }}) as channel,
        cast({{ dbt.date_trunc('month', 'spend_date') }} as date) as month_start_date,
        sum(cost) as spend,
        count(*) as spend_rows
    from spends
    where spend_date <= {{ lead_scoring.score_date() }}
    group by
        campaign_id,
        coalesce(channel, {{ lead_scoring.unknown_channel() }}),
        cast({{ dbt.date_trunc('month', 'spend_date') }} as date)

),

channel_ranked as (

    select
        campaign_id,
        channel,
        row_number() over (
            partition by campaign_id
            order by sum(spend) desc, channel asc
        ) as channel_rank
    from counted
    group by campaign_id, channel

),

final as (

    select
        counted.campaign_id,
        counted.channel,
        counted.month_start_date,
        counted.spend,
        counted.spend_rows,
        channel_ranked.channel_rank = 1 as is_campaign_channel
    from counted
    inner join channel_ranked
        on
            counted.campaign_id = channel_ranked.campaign_id
            and counted.channel = channel_ranked.channel

)

select * from final
