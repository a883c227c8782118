{#- Every raw activity row, typed, with the file it came from. Loaded by file on
    DuckDB: a build reads only the raw files it has not loaded yet, and a file seen
    again with another size or modification time (or gone) reloads them all (see
    macros/staging/raw_files.sql). A re-sent activity_id in a new file is re-ranked
    with the copies already loaded, so the copy kept is the one a full build keeps.

    A full build reads the raw files three times (ids, once-seen rows, repeated rows)
    instead of holding every typed row to split it: on 50M rows the engine would
    otherwise materialise them all, which costs more than reading the files again. -#}
{{
    config(
        materialized='incremental' if lead_scoring.loads_incrementally() else 'table',
        incremental_strategy='delete+insert',
        unique_key='activity_id',
        on_schema_change='fail',
        pre_hook="{{ lead_scoring.reset_when_raw_files_changed(this, 'activities') }}",
    )
}}
{%- set source_relation = source('marketing', 'activities') %}
{%- do lead_scoring.raw_extra_columns(source_relation, 'activities') %}
{%- set raw_types = lead_scoring.column_types(source_relation) %}
{%- set files_to_load = lead_scoring.raw_files_to_load(this, 'activities') %}
{%- set order_key -%}
    case when row_problem is null then 0 else 1 end,
    occurred_at asc nulls last,
    contact_id asc nulls last,
    activity_type asc nulls last,
    page_url asc nulls last,
    campaign_id asc nulls last,
    source_system asc nulls last,
    source_file asc nulls last
{%- endset %}

with

raw_files as (

    {{ lead_scoring.raw_file_listing('activities') }}

),

{% if is_incremental() %}
new_rows as (

    {{ lead_scoring.typed_raw_activities(source_relation, raw_types, files_to_load) }}

),

loaded_copies as (
    -- copies loaded by earlier builds of the ids that arrive again
    select
        activity_id,
        contact_id,
        activity_type,
        occurred_at,
        page_url,
        campaign_id,
        source_system,
        case when quarantine_reason != 'duplicate_activity_id' then quarantine_reason end as row_problem,
        source_file,
        source_file_size,
        source_file_modified_at
    from {{ this }}
    where activity_id in (select new_rows.activity_id from new_rows)

),

candidates as (

    select * from new_rows
    union all
    select * from loaded_copies

),

ranked as (
    -- systems re-send events: keep one row per activity_id, chosen by its values
    -- (never by file order) so every build keeps the same one
    select
        *,
        row_number() over (partition by activity_id order by {{ order_key }}) as duplicate_rank
    from candidates

),
{% else %}
repeated_id_hashes as (
    -- the ids' hashes, not the ids: grouping 484M distinct id strings (10M contacts)
    -- ran DuckDB out of memory at 4 GB, where the integers spill. A hash shared by two
    -- ids only sends their rows through the ranking below, which partitions by the id.
    select {{ lead_scoring.text_hash(lead_scoring.clean_text('activity_id')) }} as activity_id_hash
    from {{ source_relation }}
    where {{ lead_scoring.clean_text('activity_id') }} is not null
    group by {{ lead_scoring.text_hash(lead_scoring.clean_text('activity_id')) }}
    having count(*) > 1

),

single_rows as (
    -- most ids are seen once: nothing to rank. An anti join, not `is null or not in`:
    -- Spark plans that disjunction as a nested-loop join over every raw row
    select
        typed.*,
        1 as duplicate_rank
    from (
        {{ lead_scoring.typed_raw_activities(source_relation, raw_types, none) }}
    ) as typed
    left join repeated_id_hashes
        on {{ lead_scoring.text_hash('typed.activity_id') }} = repeated_id_hashes.activity_id_hash
    where repeated_id_hashes.activity_id_hash is null

),

repeated_rows as (

    select typed.*
    from (
        {{ lead_scoring.typed_raw_activities(source_relation, raw_types, none) }}
    ) as typed
    where
        {{ lead_scoring.text_hash('typed.activity_id') }}
        in (select repeated_id_hashes.activity_id_hash from repeated_id_hashes)

),

ranked as (
    -- systems re-send events: keep one row per activity_id, chosen by its values
    -- (never by file order) so every build keeps the same one
    select * from single_rows
    union all
    select
        *,
        row_number() over (partition by activity_id order by {{ order_key }}) as duplicate_rank
    from repeated_rows

),
{% endif %}

final as (

    select
        activity_id,
        contact_id,
        activity_type,
        occurred_at,
        cast(occurred_at as date) as occurred_date,
        page_url,
        campaign_id,
        source_system,
        coalesce(
            row_problem,
            case when duplicate_rank > 1 then 'duplicate_activity_id' end
        ) as quarantine_reason,
        source_file,
        source_file_size,
        source_file_modified_at,
        -- when this build wrote the row: int_activity_days_counted re-counts the days
        -- of rows written after its own last build
        {{ lead_scoring.build_started_at() }} as loaded_at
    from ranked

)

select * from final
