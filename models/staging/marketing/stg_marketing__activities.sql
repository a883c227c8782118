with

base as (

    select * from {{ ref('base_marketing__activities') }}

),

final as (

    select
        activity_id,
        contact_id,
        activity_type,
        occurred_at,
        occurred_date,
        page_url,
        campaign_id,
        source_system
    from base
    where quarantine_reason is null

)

select * from final
