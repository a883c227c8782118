-- Every raw value staged as null because it was not a value of its column (a
-- company's employee_count 'n/a', a fractional one, a revenue of 1e20): the row
-- itself was staged, only the field was lost, and this says which and why.
{%- set sources = [
    ('crm', 'contacts', 'base_crm__contacts', 'contact_id'),
    ('crm', 'companies', 'base_crm__companies', 'company_id'),
    ('crm', 'deals', 'base_crm__deals', 'deal_id'),
] %}

with

{% for source_name, table_name, base_model, id_column in sources %}
{{ table_name }} as (

    select * from {{ ref(base_model) }}
    where quarantine_reason is null

),

{% endfor -%}
rejected as (
    {%- set selects = [] %}
    {%- for source_name, table_name, base_model, id_column in sources %}
    {%- for field in lead_scoring.raw_checked_fields(table_name) %}
    {%- set select_sql %}
    select
        '{{ source_name }}' as source_name,
        '{{ table_name }}' as source_table,
        {{ id_column }} as record_id,
        '{{ field["column"] }}' as column_name,
        {{ field["column"] }}_rejected_value as rejected_value,
        {{ field["column"] }}_rejection as rejection_reason
    from {{ table_name }}
    where {{ field["column"] }}_rejection is not null
    {%- endset %}
    {%- do selects.append(select_sql) %}
    {%- endfor %}
    {%- endfor %}
    {{ selects | join('\n    union all') }}

),

final as (

    select * from rejected

)

select * from final
