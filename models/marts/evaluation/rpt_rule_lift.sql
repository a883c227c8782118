-- Which rules predict conversion? Per rule-scored model, population (open_leads,
-- new_leads) and rule, pooled over the
-- evaluated score dates the build scored: conversion of leads the rule moved versus
-- those it did not, the lift, a smoothed odds ratio, and a data-suggested point value
-- on the scale of the current model: points proportional to the log odds ratio,
-- scaled so that the model's rules keep the same total absolute points. Rules that
-- moved fewer than var evaluation_min_rule_support leads get no suggestion.
-- `leadscore suggest-weights` exports the suggestions as candidate seed files.
{%- set min_support = var('evaluation_min_rule_support', 30) | int %}

with

outcomes as (

    select * from {{ ref('int_lead_outcomes_populated') }}

),

contributions as (

    select * from {{ ref('int_score_contributions_composited') }}

),

fit_rules as (

    select * from {{ ref('stg_scoring_config__fit_rules') }}

),

engagement_rules as (

    select * from {{ ref('stg_scoring_config__engagement_rules') }}

),

rules as (

    select
        model_id,
        rule_id,
        'fit' as rule_type,
        points,
        description
    from fit_rules
    union all
    select
        model_id,
        rule_id,
        'engagement' as rule_type,
        points,
        description
    from engagement_rules

),

model_totals as (

    select
        model_id,
        population,
        count(*) as leads,
        count(case when is_converted then 1 end) as conversions
    from outcomes
    group by
        model_id,
        population

),

triggered as (
    -- a lead on a score date that the rule moved (non-zero points)
    select
        contributions.model_id,
        outcomes.population,
        contributions.rule_id,
        count(*) as leads_triggered,
        count(case when outcomes.is_converted then 1 end) as conversions_triggered
    from contributions
    inner join outcomes
        on
            contributions.score_date = outcomes.score_date
            and contributions.contact_id = outcomes.contact_id
            and contributions.model_id = outcomes.model_id
    where
        contributions.points != 0
        and contributions.component_model_id is null
    group by
        contributions.model_id,
        outcomes.population,
        contributions.rule_id

),

counts as (

    select
        rules.model_id,
        model_totals.population,
        rules.rule_id,
        rules.rule_type,
        rules.points as current_points,
        rules.description,
        coalesce(triggered.leads_triggered, 0) as leads_triggered,
        coalesce(triggered.conversions_triggered, 0) as conversions_triggered,
        model_totals.leads - coalesce(triggered.leads_triggered, 0) as leads_not_triggered,
        model_totals.conversions - coalesce(triggered.conversions_triggered, 0) as conversions_not_triggered
    from rules
    inner join model_totals
        on rules.model_id = model_totals.model_id
    left join triggered
        on
            rules.model_id = triggered.model_id
            and model_totals.population = triggered.population
            and rules.rule_id = triggered.rule_id

),

rates as (

    select
        *,
        case
            when leads_triggered > 0 then cast(conversions_triggered as double) / leads_triggered
        end as conversion_rate_triggered,
        case
            when leads_not_triggered > 0 then cast(conversions_not_triggered as double) / leads_not_triggered
        end as conversion_rate_not_triggered,
        -- +0.5 in every cell (Haldane) keeps the odds ratio finite on rare events
        -- in doubles: 0.5 is a decimal literal, and decimal division keeps a
        -- different number of digits on each engine
        ln(
            ((cast(conversions_triggered as double) + 0.5) / (leads_triggered - conversions_triggered + 0.5))
            / ((cast(conversions_not_triggered as double) + 0.5) / (leads_not_triggered - conversions_not_triggered + 0.5))
        ) as log_odds_ratio,
        leads_triggered >= {{ min_support }} and conversions_triggered + conversions_not_triggered > 0 as has_support
    from counts

),

scales as (
    -- points per unit of log odds ratio that keeps the model's total absolute points
    select
        model_id,
        population,
        sum(abs(current_points)) / nullif(sum(abs(log_odds_ratio)), 0) as points_per_log_odds
    from rates
    where has_support
    group by
        model_id,
        population

),

final as (

    select
        rates.model_id,
        rates.population,
        rates.rule_id,
        rates.rule_type,
        rates.description,
        rates.current_points,
        rates.leads_triggered,
        rates.conversions_triggered,
        rates.leads_not_triggered,
        rates.conversions_not_triggered,
        rates.conversion_rate_triggered,
        rates.conversion_rate_not_triggered,
        case
            when rates.conversion_rate_not_triggered > 0
                then rates.conversion_rate_triggered / rates.conversion_rate_not_triggered
        end as lift,
        rates.log_odds_ratio,
        rates.has_support,
        case
            when rates.has_support then round(rates.log_odds_ratio * scales.points_per_log_odds, 0)
        end as suggested_points
    from rates
    left join scales
        on
            rates.model_id = scales.model_id
            and rates.population = scales.population

)

select * from final
