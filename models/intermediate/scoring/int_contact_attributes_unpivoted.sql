{{ config(materialized='view') }}
{#- One reader (int_fit_rules_matched): a view costs the unpivot once there
    instead of writing one row per contact and attribute. -#}
{%- set pairs = lead_scoring.rule_attribute_columns(ref('int_contacts_enriched'), ref('int_fit_rules_activated')) -%}
-- depends_on: {{ ref('int_fit_rules_activated') }}

with

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

unpivoted as (
    -- one row per contact and attribute, nulls kept: `is_null` rules match them
    {%- for attribute, column in pairs %}
    select
        contact_id,
        {{ lead_scoring.sql_string(attribute) }} as attribute,
        {{ lead_scoring.normalize_text(lead_scoring.quote_identifier(column)) }} as value_text
    from contacts
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        contact_id,
        cast(null as {{ dbt.type_string() }}) as attribute,
        cast(null as {{ dbt.type_string() }}) as value_text
    from contacts
    where 1 = 0
    {%- endfor %}

),

final as (

    select
        contact_id,
        attribute,
        value_text,
        {{ lead_scoring.parse_as('value_text', lead_scoring.type_double()) }} as value_number
    from unpivoted

)

select * from final
