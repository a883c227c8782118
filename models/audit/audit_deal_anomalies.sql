-- Staged deals that are valid rows but contradict themselves or the contacts: kept
-- (the CRM is the system of record) and listed, never silently fixed.
with

deals as (

    select * from {{ ref('stg_crm__deals') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

classified as (

    select
        deals.deal_id,
        deals.contact_id,
        deals.created_at,
        deals.closed_at,
        deals.is_won,
        case
            when deals.closed_at < deals.created_at then 'closed_before_created'
            when deals.is_won and deals.closed_at is null then 'won_without_closed_at'
            when deals.contact_id is not null and contacts.contact_id is null then 'unknown_contact'
        end as anomaly
    from deals
    left join contacts
        on deals.contact_id = contacts.contact_id

),

final as (

    select * from classified
    where anomaly is not null

)

select * from final
