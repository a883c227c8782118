-- DESIGN.md: total_score = fit_score + engagement_score, clamped to the model's
-- [score_floor, score_cap]. Recomputed here from the configuration, not from the
-- intermediate models, so a bug in the scoring SQL cannot hide itself.
with

scores as (

    select * from {{ ref('fct_lead_scores') }}

),

scoring_models as (

    select * from {{ ref('stg_scoring_config__scoring_models') }}

),

expected as (

    select
        scores.contact_id,
        scores.model_id,
        scores.total_score,
        scores.total_score_unclamped,
        scores.fit_score + scores.engagement_score as component_sum,
        case
            when scoring_models.score_cap is not null
                and scores.fit_score + scores.engagement_score > scoring_models.score_cap
                then scoring_models.score_cap
            when scoring_models.score_floor is not null
                and scores.fit_score + scores.engagement_score < scoring_models.score_floor
                then scoring_models.score_floor
            else scores.fit_score + scores.engagement_score
        end as expected_total_score
    from scores
    left join scoring_models
        on scores.model_id = scoring_models.model_id

)

select *
from expected
where
    total_score != expected_total_score
    or total_score_unclamped != component_sum
