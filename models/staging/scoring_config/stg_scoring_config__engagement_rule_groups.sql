with

source as (

    select * from {{ ref('engagement_rule_groups') }}

),

final as (

    select
        {{ lead_scoring.normalize_text('model_id') }} as model_id,
        {{ lead_scoring.normalize_text('group_id') }} as group_id,
        {{ lead_scoring.parse_points('max_points') }} as max_points,
        {{ lead_scoring.clean_text('description') }} as description
    from source

)

select * from final
