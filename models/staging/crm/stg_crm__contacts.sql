{%- set extra_columns = lead_scoring.base_extra_columns(ref('base_crm__contacts'), 'contacts') -%}

with

base as (

    select * from {{ ref('base_crm__contacts') }}

),

final as (

    select
        contact_id,
        email,
        email_domain,
        job_title,
        seniority,
        department,
        country,
        company_id,
        lead_source,
        lifecycle_stage,
        created_at,
        updated_at,
        is_deleted,
        {%- for column in extra_columns %}
        {{ lead_scoring.quote_identifier(column) }},
        {%- endfor %}
        cast(created_at as date) as created_date
    from base
    where quarantine_reason is null

)

select * from final
