{%- set extra_columns = lead_scoring.base_extra_columns(ref('base_crm__companies'), 'companies') -%}

with

base as (

    select * from {{ ref('base_crm__companies') }}

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
        {%- for column in extra_columns %}
        {{ lead_scoring.quote_identifier(column) }},
        {%- endfor %}
        created_at
    from base
    where quarantine_reason is null

)

select * from final
