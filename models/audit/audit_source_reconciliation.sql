-- Per raw table: rows read, rows staged, rows quarantined. The raw count is taken
-- from the source itself, independently of the staging logic, so a row lost between
-- the two shows up as a difference (tested on every build).
{%- set sources = [
    ('crm', 'contacts', 'stg_crm__contacts'),
    ('crm', 'companies', 'stg_crm__companies'),
    ('crm', 'deals', 'stg_crm__deals'),
    ('marketing', 'activities', 'stg_marketing__activities'),
] %}

with

quarantined as (

    select * from {{ ref('audit_quarantined_rows') }}

),

{% for source_name, table_name, staging_model in sources %}
{{ table_name }}_counts as (

    select
        '{{ table_name }}' as source_table,
        (select count(*) from {{ source(source_name, table_name) }}) as raw_rows,
        (select count(*) from {{ ref(staging_model) }}) as staged_rows,
        (select count(*) from quarantined where source_table = '{{ table_name }}') as quarantined_rows

),
{% endfor %}

counts as (
    {%- for source_name, table_name, staging_model in sources %}
    select * from {{ table_name }}_counts
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        source_table,
        raw_rows,
        staged_rows,
        quarantined_rows,
        case
            when raw_rows = 0 then 0.0
            else cast(quarantined_rows as {{ dbt.type_float() }}) / raw_rows
        end as quarantined_share,
        raw_rows = staged_rows + quarantined_rows as is_reconciled
    from counts

)

select * from final
