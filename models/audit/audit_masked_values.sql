-- How many free-text values held an email address or phone number that staging
-- masked before any BI model could read it, per raw table, column and kind. Counts
-- only: the values themselves are personal data and are not repeated here.
{%- set tables = ['contacts', 'companies'] %}

with

{% for table_name in tables %}
{{ table_name }} as (

    select * from {{ source('crm', table_name) }}

),

{% endfor -%}
found as (
    {%- set selects = [] %}
    {%- for table_name in tables %}
    {%- set extra_columns = lead_scoring.raw_extra_columns(source('crm', table_name), table_name, check_files=false) %}
    {%- for column in lead_scoring.raw_free_text_columns(table_name, extra_columns) %}
    {%- for kind in lead_scoring.personal_data_patterns() | sort %}
    {%- set select_sql %}
    select
        '{{ table_name }}' as source_table,
        {{ lead_scoring.sql_string(column) }} as column_name,
        '{{ kind }}' as personal_data_kind,
        count(*) as masked_values
    from {{ table_name }}
    where {{ lead_scoring.holds_personal_data(lead_scoring.clean_text(lead_scoring.quote_identifier(column)), kind) }}
    {%- endset %}
    {%- do selects.append(select_sql) %}
    {%- endfor %}
    {%- endfor %}
    {%- endfor %}
    {{ selects | join('\n    union all') }}

),

final as (

    select * from found
    where masked_values > 0

)

select * from final
