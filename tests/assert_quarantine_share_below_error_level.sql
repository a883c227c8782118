-- When more than var quarantine_error_share (default 10%) of a raw table's rows are
-- quarantined or lost a value (audit_rejected_values), the export is broken, not
-- messy: scoring on what is left would hide it, so the build fails with a message
-- naming each such table and its reasons with their counts.
{%- set error_share = var('quarantine_error_share', 0.10) | float %}

with

reconciliation as (

    select * from {{ ref('audit_source_reconciliation') }}

),

quarantined as (

    select * from {{ ref('audit_quarantined_rows') }}

),

rejected_values as (

    select * from {{ ref('audit_rejected_values') }}

),

reason_counts as (

    select
        source_table,
        quarantine_reason as reason,
        count(*) as reason_count
    from quarantined
    group by source_table, quarantine_reason

    union all

    select
        source_table,
        rejection_reason as reason,
        count(*) as reason_count
    from rejected_values
    group by source_table, rejection_reason

),

broken_tables as (

    select
        source_table,
        raw_rows,
        quarantined_share + rejected_value_share as affected_share
    from reconciliation
    where quarantined_share + rejected_value_share > {{ error_share }}

),

problems as (

    select
        broken_tables.source_table,
        broken_tables.source_table || ' (' || cast(round(100 * broken_tables.affected_share, 1) as {{ dbt.type_string() }})
        || '% of ' || cast(broken_tables.raw_rows as {{ dbt.type_string() }}) || ' rows): '
        || {{ lead_scoring.ordered_listagg(
            "reason_counts.reason || ' ' || cast(reason_counts.reason_count as " ~ dbt.type_string() ~ ")",
            "', '",
            'reason_counts.reason'
        ) }} as message
    from broken_tables
    inner join reason_counts
        on broken_tables.source_table = reason_counts.source_table
    group by broken_tables.source_table, broken_tables.affected_share, broken_tables.raw_rows

),

summary as (

    select
        count(*) as broken_table_count,
        {{ lead_scoring.ordered_listagg('message', "' | '", 'source_table') }} as messages
    from problems

)

select
    broken_table_count,
    messages
from summary
-- raised in the filter, not the select list: dbt wraps a test in a count(*)
where
    broken_table_count > 0
    and {{ lead_scoring.raise_error(
        "'More than " ~ (error_share * 100) ~ "% of a raw table is quarantined or lost values (var quarantine_error_share): ' || messages"
    ) }} is null
