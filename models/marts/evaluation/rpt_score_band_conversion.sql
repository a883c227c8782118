-- Does a higher band convert more? For every evaluated score date, model and
-- population (open_leads, new_leads; int_lead_outcomes_populated): leads,
-- conversions within the horizon, conversion rate and lift over the base rate, per
-- lead grade, fit grade, engagement grade and score decile (10 = highest scores;
-- ranked in int_lead_outcomes_populated).
with

outcomes as (

    select * from {{ ref('int_lead_outcomes_populated') }}

),

banded as (

    select
        score_date,
        model_id,
        population,
        'lead_grade' as band_type,
        lead_grade as band,
        is_converted,
        total_score
    from outcomes
    union all
    select
        score_date,
        model_id,
        population,
        'fit_grade' as band_type,
        fit_grade as band,
        is_converted,
        total_score
    from outcomes
    union all
    select
        score_date,
        model_id,
        population,
        'engagement_grade' as band_type,
        engagement_grade as band,
        is_converted,
        total_score
    from outcomes
    union all
    select
        score_date,
        model_id,
        population,
        'score_decile' as band_type,
        score_decile as band,
        is_converted,
        total_score
    from outcomes

),

base_rates as (

    select
        score_date,
        model_id,
        population,
        avg(case when is_converted then cast(1 as double) else cast(0 as double) end) as base_conversion_rate
    from outcomes
    group by
        score_date,
        model_id,
        population

),

bands as (

    select
        score_date,
        model_id,
        population,
        band_type,
        band,
        count(*) as leads,
        count(case when is_converted then 1 end) as conversions,
        min(total_score) as min_total_score,
        max(total_score) as max_total_score
    from banded
    group by
        score_date,
        model_id,
        population,
        band_type,
        band

),

final as (

    select
        bands.score_date,
        bands.model_id,
        bands.population,
        bands.band_type,
        bands.band,
        bands.leads,
        bands.conversions,
        cast(bands.conversions as double) / bands.leads as conversion_rate,
        base_rates.base_conversion_rate,
        case
            when base_rates.base_conversion_rate > 0
                then cast(bands.conversions as double) / bands.leads / base_rates.base_conversion_rate
        end as lift,
        bands.min_total_score,
        bands.max_total_score
    from bands
    inner join base_rates
        on
            bands.score_date = base_rates.score_date
            and bands.model_id = base_rates.model_id
            and bands.population = base_rates.population

)

select * from final
