-- Contacts as BI needs them to slice scores: role, team, region, source and CRM
-- stage. No email, name or phone (see the restricted routing model for those).
with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

final as (

    select
        contact_id,
        company_id,
        job_title,
        seniority,
        department,
        country,
        lead_source,
        lifecycle_stage,
        created_at
    from contacts
    where not is_deleted

)

select * from final
