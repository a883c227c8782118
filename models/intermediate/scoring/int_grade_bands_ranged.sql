-- One row per grade band, with the scores it covers: from its min_score up to the
-- next band's, and for the lowest band of a model and dimension also every score
-- below it (DESIGN.md: a score below every band gets the lowest band). Lead grades
-- (fit, engagement) and account grades are all read from here.
with

grade_bands as (

    select * from {{ ref('stg_scoring_config__grade_bands') }}

),

ordered as (

    select
        model_id,
        dimension,
        grade,
        min_score,
        lead(min_score) over (
            partition by model_id, dimension
            order by min_score
        ) as next_min_score,
        row_number() over (
            partition by model_id, dimension
            order by min_score
        ) as band_number
    from grade_bands

),

final as (

    select
        model_id,
        dimension,
        grade,
        min_score,
        next_min_score,
        band_number = 1 as is_lowest_band
    from ordered

)

select * from final
