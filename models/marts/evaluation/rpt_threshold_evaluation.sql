-- Where should the MQL threshold be? For candidate thresholds (multiples of 5 across
-- the range of scores, plus the configured one), per model and population (open_leads,
-- new_leads), pooled over every evaluated score date: MQL volume, precision (share of MQLs that convert), recall (share of
-- conversions that were MQLs), lift and F1. `is_best` marks the threshold with the
-- highest F1 (precision and recall weighed equally; ties go to the higher threshold):
-- the documented criterion, a starting point for the weight-change review.
with

outcomes as (

    select * from {{ ref('int_lead_outcomes_populated') }}

),

scoring_models as (

    select * from {{ ref('stg_scoring_config__scoring_models') }}

),

candidate_steps as (
    {%- for threshold in range(-100, 305, 5) %}
    select {{ threshold }} as candidate_threshold
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

score_ranges as (

    select
        outcomes.model_id,
        outcomes.population,
        min(outcomes.total_score) as min_total_score,
        max(outcomes.total_score) as max_total_score,
        count(*) as leads,
        count(case when outcomes.is_converted then 1 end) as conversions,
        count(distinct outcomes.score_date) as evaluated_score_dates
    from outcomes
    group by
        outcomes.model_id,
        outcomes.population

),

candidates as (

    select
        score_ranges.model_id,
        score_ranges.population,
        cast(candidate_steps.candidate_threshold as {{ lead_scoring.points_type() }}) as threshold
    from score_ranges
    inner join candidate_steps
        on
            score_ranges.min_total_score <= candidate_steps.candidate_threshold
            and score_ranges.max_total_score >= candidate_steps.candidate_threshold
    union
    select
        scoring_models.model_id,
        score_ranges.population,
        scoring_models.mql_threshold as threshold
    from scoring_models
    inner join score_ranges
        on scoring_models.model_id = score_ranges.model_id

),

counted as (

    select
        candidates.model_id,
        candidates.population,
        candidates.threshold,
        count(case when outcomes.total_score >= candidates.threshold and not outcomes.is_disqualified then 1 end) as mqls,
        count(
            case when outcomes.total_score >= candidates.threshold and not outcomes.is_disqualified and outcomes.is_converted then 1 end
        ) as converted_mqls
    from candidates
    inner join outcomes
        on
            candidates.model_id = outcomes.model_id
            and candidates.population = outcomes.population
    group by
        candidates.model_id,
        candidates.population,
        candidates.threshold

),

metrics as (

    select
        counted.model_id,
        counted.population,
        counted.threshold,
        score_ranges.evaluated_score_dates,
        score_ranges.leads,
        score_ranges.conversions,
        counted.mqls,
        counted.converted_mqls,
        case when counted.mqls > 0 then cast(counted.converted_mqls as double) / counted.mqls end as precision,
        case
            when score_ranges.conversions > 0
                then cast(counted.converted_mqls as double) / score_ranges.conversions
        end as recall,
        cast(score_ranges.conversions as double) / score_ranges.leads as base_conversion_rate
    from counted
    inner join score_ranges
        on
            counted.model_id = score_ranges.model_id
            and counted.population = score_ranges.population

),

scored as (

    select
        *,
        case when base_conversion_rate > 0 and precision is not null then precision / base_conversion_rate end as lift,
        case
            when precision + recall > 0 then 2 * precision * recall / (precision + recall) else 0
        end as f1_score
    from metrics

),

ranked as (

    select
        scored.*,
        row_number() over (partition by scored.model_id, scored.population order by scored.f1_score desc, scored.threshold desc) as f1_rank
    from scored

),

final as (

    select
        ranked.model_id,
        ranked.population,
        ranked.threshold,
        ranked.evaluated_score_dates,
        ranked.leads,
        ranked.conversions,
        ranked.mqls,
        ranked.converted_mqls,
        ranked.precision,
        ranked.recall,
        ranked.lift,
        ranked.f1_score,
        ranked.threshold = scoring_models.mql_threshold as is_configured_threshold,
        ranked.f1_rank = 1 as is_best_threshold
    from ranked
    inner join scoring_models
        on ranked.model_id = scoring_models.model_id

)

select * from final
