with

base as (

    select * from {{ ref('base_crm__deals') }}

),

final as (

    select
        deal_id,
        contact_id,
        company_id,
        created_at,
        closed_at,
        stage,
        is_won,
        amount
    from base
    where quarantine_reason is null

)

select * from final
