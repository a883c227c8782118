with

source as (

    select * from {{ ref('scoring_models') }}

),

final as (

    select
        {{ lead_scoring.normalize_text('model_id') }} as model_id,
        {{ lead_scoring.clean_text('description') }} as description,
        {{ lead_scoring.parse_points('mql_threshold') }} as mql_threshold,
        {{ lead_scoring.parse_points('score_floor') }} as score_floor,
        {{ lead_scoring.parse_points('score_cap') }} as score_cap,
        coalesce({{ lead_scoring.normalize_text('decay_mode') }}, 'none') as decay_mode,
        {{ lead_scoring.parse_as('half_life_days', lead_scoring.type_double()) }} as half_life_days,
        coalesce({{ lead_scoring.parse_boolean('is_active') }}, true) as is_active
    from source

)

select * from final
