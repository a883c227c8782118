-- DESIGN.md: the points of fct_lead_score_contributions add up to the unclamped
-- total of fct_lead_scores, for every contact and model (and a score with no rule
-- behind it is exactly 0).
with

scores as (

    select * from {{ ref('fct_lead_scores') }}

),

contributions as (

    select * from {{ ref('fct_lead_score_contributions') }}

),

contribution_totals as (

    select
        contact_id,
        model_id,
        score_date,
        sum(points) as contributed_points,
        count(*) as contribution_rows
    from contributions
    group by
        contact_id,
        model_id,
        score_date

),

compared as (

    select
        scores.contact_id,
        scores.model_id,
        scores.total_score_unclamped,
        contribution_totals.contribution_rows,
        coalesce(contribution_totals.contributed_points, 0) as contributed_points
    from scores
    full outer join contribution_totals
        on
            scores.contact_id = contribution_totals.contact_id
            and scores.model_id = contribution_totals.model_id
            and scores.score_date = contribution_totals.score_date

)

select *
from compared
where
    total_score_unclamped is null
    or total_score_unclamped != contributed_points
