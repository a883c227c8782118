{#- Every raw activity row, typed, with the file it came from. Loaded by file on
    DuckDB: a build reads only the raw files it has not loaded yet, and a file seen
    again with another size or modification time (or gone) reloads them all (see
    macros/staging/raw_files.sql). A re-sent activity_id in a new file is re-ranked
    with the copies already loaded, so the copy kept is the one a full build keeps. -#}
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
{%- set raw_types = lead_scoring.column_types(source_relation) %}
{%- set files_to_load = lead_scoring.raw_files_to_load(this, 'activities') %}

with

source as (

    select
        *,
        {{ lead_scoring.source_file_name() }} as source_file
    from {{ source_relation }}
    {{ lead_scoring.only_raw_files(files_to_load) }}

),

raw_files as (

    {{ lead_scoring.raw_file_listing('activities') }}

),

typed as (

    select
        {{ lead_scoring.clean_text('source.activity_id') }} as activity_id,
        {{ lead_scoring.clean_text('source.contact_id') }} as contact_id,
        {{ lead_scoring.normalize_text('source.activity_type') }} as activity_type,
        {{ lead_scoring.parse_timestamp('source.occurred_at', raw_types.get('occurred_at')) }} as occurred_at,
        {{ lead_scoring.clean_text('source.page_url') }} as page_url,
        {{ lead_scoring.clean_text('source.campaign_id') }} as campaign_id,
        {{ lead_scoring.normalize_text('source.source_system') }} as source_system,
        -- the first problem found names the row's quarantine reason
        case
            when {{ lead_scoring.clean_text('source.activity_id') }} is null then 'missing_activity_id'
            when {{ lead_scoring.clean_text('source.contact_id') }} is null then 'missing_contact_id'
            when {{ lead_scoring.clean_text('source.activity_type') }} is null then 'missing_activity_type'
            when {{ lead_scoring.timestamp_is_missing('source.occurred_at', raw_types.get('occurred_at')) }} then 'missing_occurred_at'
            when {{ lead_scoring.timestamp_is_unparseable('source.occurred_at', raw_types.get('occurred_at')) }}
                then 'unparseable_occurred_at'
        end as row_problem,
        source.source_file,
        raw_files.file_size as source_file_size,
        raw_files.file_modified_at as source_file_modified_at
    from source
    left join raw_files
        on source.source_file = raw_files.file_name

),

{% if is_incremental() %}
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
    where activity_id in (select typed.activity_id from typed)

),

candidates as (

    select * from typed
    union all
    select * from loaded_copies

),

repeated_ids as (

    select activity_id
    from candidates
    where activity_id is not null
    group by activity_id
    having count(*) > 1

),
{% else %}
candidates as (

    select * from typed

),

repeated_ids as (
    -- read straight from the source: one pass over the raw ids, no second pass
    -- over the typed rows
    select {{ lead_scoring.clean_text('activity_id') }} as activity_id
    from source
    where {{ lead_scoring.clean_text('activity_id') }} is not null
    group by {{ lead_scoring.clean_text('activity_id') }}
    having count(*) > 1

),
{% endif %}

flagged as (

    select
        candidates.*,
        repeated_ids.activity_id is not null as is_repeated
    from candidates
    left join repeated_ids
        on candidates.activity_id = repeated_ids.activity_id

),

repeated_ranked as (
    -- ranking only the ids that occur more than once keeps the sort small
    select
        *,
        -- systems re-send events: keep one row per activity_id, chosen by its values
        -- (never by file order) so every build keeps the same one
        row_number() over (
            partition by activity_id
            order by
                case when row_problem is null then 0 else 1 end,
                occurred_at asc nulls last,
                contact_id asc nulls last,
                activity_type asc nulls last,
                page_url asc nulls last,
                campaign_id asc nulls last,
                source_system asc nulls last,
                source_file asc nulls last
        ) as duplicate_rank
    from flagged
    where is_repeated

),

ranked as (

    select * from repeated_ranked
    union all
    select
        *,
        1 as duplicate_rank
    from flagged
    where not is_repeated

),

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
