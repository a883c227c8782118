with

source as (

    select * from {{ ref('engagement_rules') }}

),

final as (

    select
        {{ lead_scoring.normalize_text('model_id') }} as model_id,
        {{ lead_scoring.clean_text('rule_id') }} as rule_id,
        {{ lead_scoring.normalize_text('activity_type') }} as activity_type,
        {{ lead_scoring.normalize_text('url_pattern') }} as url_pattern,
        {{ lead_scoring.parse_points('points') }} as points,
        coalesce({{ lead_scoring.parse_as('min_occurrences', dbt.type_int()) }}, 1) as min_occurrences,
        {{ lead_scoring.parse_as('max_occurrences', dbt.type_int()) }} as max_occurrences,
        {{ lead_scoring.parse_as('window_days', dbt.type_int()) }} as window_days,
        {{ lead_scoring.normalize_text('group_id') }} as group_id,
        coalesce({{ lead_scoring.parse_boolean('disqualify') }}, false) as is_disqualifying,
        {{ lead_scoring.clean_text('description') }} as description
    from source

)

select * from final
