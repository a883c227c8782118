{{ config(schema='restricted') }}

{%- set contact_relation = ref('stg_crm__contacts') %}
{%- set contact_columns = adapter.get_columns_in_relation(contact_relation) | map(attribute='name') | map('lower') | list %}
{%- set personal_columns = lead_scoring.personal_contact_columns() | select('in', contact_columns) | list %}

-- RESTRICTED: the personal details a sales rep needs to act on a routed lead (email,
-- name and phone when the CRM export has them), for the new MQLs of
-- rpt_leads_to_route only. It lives in its own schema so that access is granted to
-- the routing job and sales operations, never to BI at large.
with

routed as (

    select * from {{ ref('int_leads_routed') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

final as (

    select
        routed.score_date,
        routed.model_id,
        routed.route_rank,
        routed.contact_id,
        contacts.email,
        {%- for column in personal_columns %}
        contacts.{{ lead_scoring.quote_identifier(column) }},
        {%- endfor %}
        contacts.job_title,
        routed.company_id
    from routed
    inner join contacts
        on routed.contact_id = contacts.contact_id

)

select * from final
