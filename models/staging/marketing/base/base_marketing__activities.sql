-- A table, not a view: the dedupe below is a sort over every activity, and a view
-- would re-run it for every model and test that reads the staged activities.
{{ config(materialized='table') }}

with

source as (

    select * from {{ source('marketing', 'activities') }}

),

typed as (

    select
        {{ lead_scoring.clean_text('activity_id') }} as activity_id,
        {{ lead_scoring.clean_text('contact_id') }} as contact_id,
        {{ lead_scoring.normalize_text('activity_type') }} as activity_type,
        {{ lead_scoring.parse_as('occurred_at', dbt.type_timestamp()) }} as occurred_at,
        {{ lead_scoring.clean_text('page_url') }} as page_url,
        {{ lead_scoring.clean_text('campaign_id') }} as campaign_id,
        {{ lead_scoring.normalize_text('source_system') }} as source_system,
        case
            when {{ lead_scoring.clean_text('activity_id') }} is null then 'missing_activity_id'
            when {{ lead_scoring.clean_text('contact_id') }} is null then 'missing_contact_id'
            when {{ lead_scoring.clean_text('activity_type') }} is null then 'missing_activity_type'
            when {{ lead_scoring.clean_text('occurred_at') }} is null then 'missing_occurred_at'
            when {{ lead_scoring.is_unparseable('occurred_at', dbt.type_timestamp()) }} then 'unparseable_occurred_at'
        end as row_problem
    from source

),

ranked as (

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
                source_system asc nulls last
        ) as duplicate_rank
    from typed

),

final as (

    select
        *,
        coalesce(
            row_problem,
            case when duplicate_rank > 1 then 'duplicate_activity_id' end
        ) as quarantine_reason
    from ranked

)

select * from final
