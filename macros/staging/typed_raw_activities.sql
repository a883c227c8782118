{#- The raw activities of the given files (none: every file) typed and checked, with
    the file each row came from: the select that base_marketing__activities reads the
    raw files with, written once for the passes it makes over them. Joins the model's
    raw_files CTE (the current file listing). -#}
{% macro typed_raw_activities(source_relation, raw_types, files) %}
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
    from (
        select
            *,
            {{ lead_scoring.source_file_name() }} as source_file
        from {{ source_relation }}
        {{ lead_scoring.only_raw_files(files) }}
    ) as source
    left join raw_files
        on source.source_file = raw_files.file_name
{%- endmacro %}
