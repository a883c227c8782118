-- Does a higher band convert more? For every evaluated score date and model: leads,
-- conversions within the horizon, conversion rate and lift over the base rate, per
-- lead grade, fit grade, engagement grade and score decile (10 = highest scores).
with

outcomes as (

    select * from {{ ref('int_lead_outcomes_observed') }}

),

deciled as (

    select
        *,
        ntile(10) over (
            partition by score_date, model_id
            order by total_score asc, contact_id asc
        ) as score_decile
    from outcomes

),

banded as (

    select
        score_date,
        model_id,
        'lead_grade' as band_type,
        lead_grade as band,
        is_converted,
        total_score
    from deciled
    union all
    select
        score_date,
        model_id,
        'fit_grade' as band_type,
        fit_grade as band,
        is_converted,
        total_score
    from deciled
    union all
    select
        score_date,
        model_id,
        'engagement_grade' as band_type,
        engagement_grade as band,
        is_converted,
        total_score
    from deciled
    union all
    select
        score_date,
        model_id,
        'score_decile' as band_type,
        {{ dbt.right(dbt.concat(["'0'", "cast(score_decile as " ~ dbt.type_string() ~ ")"]), 2) }} as band,
        is_converted,
        total_score
    from deciled

),

base_rates as (

    select
        score_date,
        model_id,
        avg(case when is_converted then cast(1 as double) else cast(0 as double) end) as base_conversion_rate
    from outcomes
    group by
        score_date,
        model_id

),

bands as (

    select
        score_date,
        model_id,
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
        band_type,
        band

),

final as (

    select
        bands.score_date,
        bands.model_id,
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

)

select * from final
