with

source as (

    select * from {{ ref('composite_model_components') }}

),

final as (

    select
        {{ lead_scoring.normalize_text('model_id') }} as model_id,
        {{ lead_scoring.normalize_text('component_model_id') }} as component_model_id,
        -- fixed-point like points, so that weighted points are exact decimals
        {{ lead_scoring.parse_points('weight') }} as weight,
        {{ lead_scoring.clean_text('description') }} as description
    from source

)

select * from final
