{%- set pairs = lead_scoring.contact_attribute_columns(ref('int_contacts_enriched')) -%}

-- The attribute names fit rules may use, whatever rows exist (an empty contacts
-- table still has attributes), for the seed validation test.
with

attributes as (
    {%- for attribute, column in pairs %}
    select
        {{ lead_scoring.sql_string(attribute) }} as attribute,
        {{ lead_scoring.sql_string(column) }} as source_column
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select * from attributes

)

select * from final
