-- The outcome of every evaluated score at its own grain: one row per history score
-- date, contact and model whose whole outcome horizon is known, for the open leads of
-- that date (not yet customers), with the grades, the score decile and whether the
-- lead converted within the horizon (int_lead_outcomes_observed, the one home of that
-- rule). rpt_score_band_conversion aggregates the same rows; this keeps the grain so
-- the semantic layer (models/semantic) can slice conversion by any dimension.
{%- set horizon = var('evaluation_horizon_days', 90) | int %}

with

outcomes as (

    select * from {{ ref('int_lead_outcomes_observed') }}

),

deciled as (
    -- the same deciles as rpt_score_band_conversion's open_leads rows
    select
        *,
        ntile(10) over (
            partition by score_date, model_id
            order by total_score asc, contact_id asc
        ) as score_decile
    from outcomes

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
        {{ dbt.right(dbt.concat(["'0'", "cast(score_decile as " ~ dbt.type_string() ~ ")"]), 2) }} as score_decile,
        is_mql,
        is_disqualified,
        is_new_lead,
        {{ horizon }} as horizon_days,
        is_converted as is_converted_within_horizon,
        converted_on,
        days_to_conversion
    from deciled

)

select * from final
