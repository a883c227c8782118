-- The outcome of every evaluated score at its own grain: one row per history score
-- date, contact and model whose whole outcome horizon is known, for the open leads of
-- that date (not yet customers), with the grades, the score decile and whether the
-- lead converted within the horizon (int_lead_outcomes_observed, the one home of that
-- rule; the decile is ranked in int_lead_outcomes_populated). rpt_score_band_conversion
-- aggregates the same rows; this keeps the grain so the semantic layer
-- (models/semantic) can slice conversion by any dimension.
{%- set horizon = var('evaluation_horizon_days', 90) | int %}

with

outcomes as (

    -- every open lead-date once, with its decile among the open leads: the ranking
    -- rpt_score_band_conversion reports
    select * from {{ ref('int_lead_outcomes_populated') }}
    where population = 'open_leads'

),

final as (

    select
        score_date,
        contact_id,
        model_id,
        total_score,
        fit_grade,
        engagement_grade,
        lead_grade,
        score_decile,
        is_mql,
        is_disqualified,
        is_new_lead,
        {{ horizon }} as horizon_days,
        is_converted as is_converted_within_horizon,
        converted_on,
        days_to_conversion
    from outcomes

)

select * from final
