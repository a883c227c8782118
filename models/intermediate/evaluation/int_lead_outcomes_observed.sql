-- One row per history score date, contact and model whose outcome window is fully
-- known (score date + horizon on or before the current score date), with whether the
-- lead converted: a won deal closing strictly after the score date and within the
-- horizon. Contacts that were already customers on the score date are left out: they
-- are not leads any more (int_lead_populations_assigned says who is, and who is a new
-- lead). Point in time: the score is the one of that date, the outcome strictly after it.
{%- set horizon = var('evaluation_horizon_days', 90) | int %}

with

history as (

    select * from {{ ref('int_lead_scores_historized') }}

),

deals as (

    select * from {{ ref('stg_crm__deals') }}

),

populations as (

    select * from {{ ref('int_lead_populations_assigned') }}

),

won_deals as (

    select
        contact_id,
        cast(closed_at as date) as won_date
    from deals
    where
        is_won
        and closed_at is not null

),

evaluable as (

    select *
    from history
    where
        cast({{ dbt.dateadd('day', horizon, 'score_date') }} as date) <= {{ lead_scoring.score_date() }}

),

outcomes as (

    select
        evaluable.score_date,
        evaluable.contact_id,
        evaluable.model_id,
        min(
            case
                when
                    won_deals.won_date > evaluable.score_date
                    and won_deals.won_date <= cast({{ dbt.dateadd('day', horizon, 'evaluable.score_date') }} as date)
                    then won_deals.won_date
            end
        ) as converted_on
    from evaluable
    left join won_deals
        on evaluable.contact_id = won_deals.contact_id
    group by
        evaluable.score_date,
        evaluable.contact_id,
        evaluable.model_id

),

final as (

    select
        evaluable.score_date,
        evaluable.contact_id,
        evaluable.model_id,
        evaluable.fit_score,
        evaluable.engagement_score,
        evaluable.negative_score,
        evaluable.decay_points,
        evaluable.total_score,
        evaluable.mql_threshold,
        evaluable.fit_grade,
        evaluable.engagement_grade,
        evaluable.lead_grade,
        evaluable.is_disqualified,
        evaluable.is_mql,
        evaluable.days_inactive,
        populations.contact_age_days,
        populations.is_new_lead,
        outcomes.converted_on,
        outcomes.converted_on is not null as is_converted,
        {{ lead_scoring.days_between('evaluable.score_date', 'outcomes.converted_on') }} as days_to_conversion
    from evaluable
    inner join outcomes
        on
            evaluable.score_date = outcomes.score_date
            and evaluable.contact_id = outcomes.contact_id
            and evaluable.model_id = outcomes.model_id
    inner join populations
        on
            evaluable.score_date = populations.score_date
            and evaluable.contact_id = populations.contact_id
    where populations.is_open_lead

)

select * from final
