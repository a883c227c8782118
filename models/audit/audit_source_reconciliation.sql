-- Per raw table: rows read, rows staged, rows quarantined. The raw count is taken
-- from the source itself, independently of the staging logic, so a row lost between
-- the two shows up as a difference (tested on every build). An optional raw table
-- (var raw_optional_tables) without a file has 0 raw rows.
{%- set sources = [
    ('crm', 'contacts', 'stg_crm__contacts'),
    ('crm', 'companies', 'stg_crm__companies'),
    ('crm', 'deals', 'stg_crm__deals'),
    ('marketing', 'activities', 'stg_marketing__activities'),
    ('marketing', 'campaign_spend', 'stg_marketing__campaign_spends'),
] %}

with

quarantined as (

    select * from {{ ref('audit_quarantined_rows') }}

),

rejected_values as (

    select * from {{ ref('audit_rejected_values') }}

),

raw_counts as (
    {%- for source_name, table_name, staging_model in sources %}
    {%- if table_name in var('raw_optional_tables') and not lead_scoring.raw_table_is_present(table_name) %}
    select
        '{{ table_name }}' as source_table,
        cast(0 as {{ dbt.type_bigint() }}) as raw_rows
    {%- else %}
    select
        '{{ table_name }}' as source_table,
        count(*) as raw_rows
    from {{ source(source_name, table_name) }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

staged_counts as (
    {%- for source_name, table_name, staging_model in sources %}
    select
        '{{ table_name }}' as source_table,
        count(*) as staged_rows
    from {{ ref(staging_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

quarantined_counts as (

    select
        source_table,
        count(*) as quarantined_rows
    from quarantined
    group by source_table

),

rejected_counts as (

    select
        source_table,
        count(*) as rejected_values,
        count(distinct record_id) as rows_with_rejected_values
    from rejected_values
    group by source_table

),

final as (

    select
        raw_counts.source_table,
        raw_counts.raw_rows,
        staged_counts.staged_rows,
        coalesce(quarantined_counts.quarantined_rows, 0) as quarantined_rows,
        case
            when raw_counts.raw_rows = 0 then 0.0
            else cast(coalesce(quarantined_counts.quarantined_rows, 0) as {{ lead_scoring.type_double() }}) / raw_counts.raw_rows
        end as quarantined_share,
        coalesce(rejected_counts.rejected_values, 0) as rejected_values,
        case
            when raw_counts.raw_rows = 0 then 0.0
            else cast(coalesce(rejected_counts.rows_with_rejected_values, 0) as {{ lead_scoring.type_double() }}) / raw_counts.raw_rows
        end as rejected_value_share,
        raw_counts.raw_rows = staged_counts.staged_rows + coalesce(quarantined_counts.quarantined_rows, 0) as is_reconciled
    from raw_counts
    inner join staged_counts
        on raw_counts.source_table = staged_counts.source_table
    left join quarantined_counts
        on raw_counts.source_table = quarantined_counts.source_table
    left join rejected_counts
        on raw_counts.source_table = rejected_counts.source_table

)

select * from final
