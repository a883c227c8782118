-- Staged activities that are valid rows but suspicious in context: reported, never
-- silently dropped. An activity for an unknown contact scores no one; one after the
-- score date does not count for that date; one before its contact was created still
-- counts (CRMs often create the contact after the first web visit) but is listed.
with

activities as (

    select * from {{ ref('stg_marketing__activities') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

classified as (

    select
        activities.activity_id,
        activities.contact_id,
        activities.activity_type,
        activities.occurred_at,
        case
            when contacts.contact_id is null then 'unknown_contact'
            when activities.occurred_date > {{ lead_scoring.score_date() }} then 'after_score_date'
            when activities.occurred_at < contacts.created_at then 'before_contact_created'
        end as anomaly
    from activities
    left join contacts
        on activities.contact_id = contacts.contact_id

),

final as (

    select *
    from classified
    where anomaly is not null

)

select * from final
