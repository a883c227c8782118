with

companies as (

    select * from {{ ref('stg_crm__companies') }}

),

final as (

    select
        company_id,
        name,
        domain,
        industry,
        employee_count,
        annual_revenue,
        country,
        created_at
    from companies

)

select * from final
