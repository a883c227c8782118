with

base as (

    select * from {{ ref('base_marketing__campaign_spends') }}

),

final as (

    select
        campaign_id,
        spend_date,
        channel,
        cost,
        currency
    from base
    where quarantine_reason is null

)

select * from final
