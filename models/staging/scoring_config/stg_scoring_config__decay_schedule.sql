with

source as (

    select * from {{ ref('decay_schedule') }}

),

final as (

    select
        {{ lead_scoring.normalize_text('model_id') }} as model_id,
        {{ lead_scoring.parse_as('inactive_days', dbt.type_int()) }} as inactive_days,
        {{ lead_scoring.parse_points('points_subtracted') }} as points_subtracted,
        coalesce({{ lead_scoring.parse_boolean('resets_score') }}, false) as resets_score
    from source

)

select * from final
