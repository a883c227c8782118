with

source as (

    select * from {{ ref('grade_bands') }}

),

final as (

    select
        {{ lead_scoring.normalize_text('model_id') }} as model_id,
        {{ lead_scoring.normalize_text('dimension') }} as dimension,
        {{ lead_scoring.clean_text('grade') }} as grade,
        {{ lead_scoring.parse_points('min_score') }} as min_score
    from source

)

select * from final
