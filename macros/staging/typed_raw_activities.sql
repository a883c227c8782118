{#- The raw activities of the given files (none: every file) typed and checked, with
    the file each row came from: the select that base_marketing__activities reads the
    raw files with, written once for the passes it makes over them. Joins the model's
    raw_files CTE (the current file listing). -#}
{% macro typed_raw_activities(source_relation, raw_types, files) %}
    {#- each raw text is cleaned once, in the inner select; the checks read the result -#}
    select
        cleaned.activity_id,
        cleaned.contact_id,
        cleaned.activity_type,
        {{ lead_scoring.parse_timestamp('cleaned.occurred_at_raw', raw_types.get('occurred_at')) }} as occurred_at,
        cleaned.page_url,
        cleaned.campaign_id,
        cleaned.source_system,
        -- the first problem found names the row's quarantine reason
        case
            when cleaned.activity_id is null then 'missing_activity_id'
            when cleaned.contact_id is null then 'missing_contact_id'
            when cleaned.activity_type is null then 'missing_activity_type'
            when {{ lead_scoring.timestamp_is_missing('cleaned.occurred_at_raw', raw_types.get('occurred_at')) }} then 'missing_occurred_at'
            when {{ lead_scoring.timestamp_is_unparseable('cleaned.occurred_at_raw', raw_types.get('occurred_at')) }}
                then 'unparseable_occurred_at'
        end as row_problem,
        cleaned.source_file,
        raw_files.file_size as source_file_size,
        raw_files.file_modified_at as source_file_modified_at
    from (
        select
            {{ lead_scoring.clean_text('activity_id') }} as activity_id,
            {{ lead_scoring.clean_text('contact_id') }} as contact_id,
            {{ lead_scoring.normalize_text('activity_type') }} as activity_type,
            {#- parsed in the outer select: a native time as it is, text cleaned there -#}
            occurred_at as occurred_at_raw,
            {{ lead_scoring.clean_text('page_url') }} as page_url,
            {{ lead_scoring.clean_text('campaign_id') }} as campaign_id,
            {{ lead_scoring.normalize_text('source_system') }} as source_system,
            {{ lead_scoring.source_file_name() }} as source_file
        from {{ source_relation }}
        {{ lead_scoring.only_raw_files(files) }}
    ) as cleaned
    left join raw_files
        on cleaned.source_file = raw_files.file_name
{%- endmacro %}
