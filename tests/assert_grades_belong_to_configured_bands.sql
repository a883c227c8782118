-- Every grade in fct_lead_scores is a band configured for that model and dimension,
-- and it is the right band: the highest min_score not above the score, or the
-- lowest band when the score is below all of them.
with

scores as (

    select * from {{ ref('fct_lead_scores') }}

),

bands as (

    select * from {{ ref('stg_scoring_config__grade_bands') }}

),

graded as (

    select
        scores.contact_id,
        scores.model_id,
        'fit' as dimension,
        scores.fit_score as score,
        scores.fit_grade as grade
    from scores
    union all
    select
        scores.contact_id,
        scores.model_id,
        'engagement' as dimension,
        scores.engagement_score as score,
        scores.engagement_grade as grade
    from scores

),

expected as (

    select
        graded.contact_id,
        graded.model_id,
        graded.dimension,
        graded.grade,
        coalesce(
            max(case when bands.min_score <= graded.score then bands.min_score end),
            min(bands.min_score)
        ) as expected_min_score
    from graded
    inner join bands
        on
            graded.model_id = bands.model_id
            and graded.dimension = bands.dimension
    group by
        graded.contact_id,
        graded.model_id,
        graded.dimension,
        graded.grade

),

actual as (

    select
        expected.*,
        bands.min_score as actual_min_score
    from expected
    left join bands
        on
            expected.model_id = bands.model_id
            and expected.dimension = bands.dimension
            and expected.grade = bands.grade

)

select *
from actual
where
    actual_min_score is null
    or actual_min_score != expected_min_score
