-- One row per score date, contact and rule-scored model with earning engagement:
-- positive and negative engagement points after occurrence and group caps, the decay
-- of the positive part (step or half-life; never more than it, negatives never
-- decay), the net engagement score, and when the lead last earned positive points.
with

rules_counted as (

    select * from {{ ref('int_engagement_rules_counted') }}

),

rule_days as (

    select * from {{ ref('int_engagement_rule_days_capped') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models_activated') }}

),

decay_steps as (

    select * from {{ ref('stg_scoring_config__decay_schedule') }}

),

earning_leads as (

    select
        score_date,
        contact_id,
        model_id,
        max(case when is_disqualifying then 1 else 0 end) = 1 as is_disqualified
    from rules_counted
    where earning_occurrence_count > 0
    group by
        score_date,
        contact_id,
        model_id

),

weighted_days as (

    select
        rule_days.score_date,
        rule_days.contact_id,
        rule_days.model_id,
        rule_days.activity_date,
        rule_days.last_positive_at,
        {{ lead_scoring.positive_points('rule_days.capped_points') }} as positive_points,
        {{ lead_scoring.negative_points('rule_days.capped_points') }} as negative_points,
        -- half-life weighs positive points by their age in days; negatives never decay
        case
            when scoring_models.decay_mode = 'half_life' and rule_days.capped_points > 0
                then {{ lead_scoring.half_life_value(
                    'rule_days.capped_points',
                    lead_scoring.days_between('rule_days.activity_date', 'rule_days.score_date'),
                    'scoring_models.half_life_days'
                ) }}
        end as half_life_value
    from rule_days
    inner join scoring_models
        on rule_days.model_id = scoring_models.model_id

),

per_lead as (

    select
        score_date,
        contact_id,
        model_id,
        {{ lead_scoring.to_points('sum(positive_points)') }} as positive_engagement_points,
        {{ lead_scoring.to_points('sum(negative_points)') }} as negative_engagement_points,
        -- summed unrounded, rounded once: per-occurrence rounding drifts over thousands
        sum(half_life_value) as half_life_value,
        max(case when positive_points > 0 then activity_date end) as last_engaged_date,
        -- a day's last positive occurrence happened on that day, so the latest of them
        -- is the lead's (last_positive_at is known on the last positive day)
        max(case when positive_points > 0 then last_positive_at end) as last_engaged_at
    from weighted_days
    group by
        score_date,
        contact_id,
        model_id

),

leads as (

    select
        earning_leads.score_date,
        earning_leads.contact_id,
        earning_leads.model_id,
        earning_leads.is_disqualified,
        scoring_models.decay_mode,
        coalesce(per_lead.positive_engagement_points, 0) as positive_engagement_points,
        coalesce(per_lead.negative_engagement_points, 0) as negative_engagement_points,
        per_lead.half_life_value,
        per_lead.last_engaged_at,
        {{ lead_scoring.days_between('per_lead.last_engaged_date', 'earning_leads.score_date') }} as days_inactive
    from earning_leads
    inner join scoring_models
        on earning_leads.model_id = scoring_models.model_id
    left join per_lead
        on
            earning_leads.score_date = per_lead.score_date
            and earning_leads.contact_id = per_lead.contact_id
            and earning_leads.model_id = per_lead.model_id

),

reached_steps as (
    -- steps are cumulative: every step whose inactive_days is reached applies
    select
        leads.score_date,
        leads.contact_id,
        leads.model_id,
        sum(decay_steps.points_subtracted) as reached_points_subtracted,
        max(case when decay_steps.resets_score then 1 else 0 end) = 1 as has_reached_reset
    from leads
    inner join decay_steps
        on
            leads.model_id = decay_steps.model_id
            and leads.days_inactive >= decay_steps.inactive_days
    where leads.decay_mode = 'step'
    group by
        leads.score_date,
        leads.contact_id,
        leads.model_id

),

decayed as (

    select
        leads.*,
        case
            when leads.decay_mode = 'step' and reached_steps.model_id is not null
                then {{ lead_scoring.step_decay_points(
                    'leads.positive_engagement_points',
                    'reached_steps.reached_points_subtracted',
                    'reached_steps.has_reached_reset'
                ) }}
            when leads.decay_mode = 'half_life' and leads.half_life_value is not null
                then {{ lead_scoring.to_points('leads.half_life_value') }} - leads.positive_engagement_points
            else 0
        end as decay_points
    from leads
    left join reached_steps
        on
            leads.score_date = reached_steps.score_date
            and leads.contact_id = reached_steps.contact_id
            and leads.model_id = reached_steps.model_id

),

final as (

    select
        score_date,
        contact_id,
        model_id,
        positive_engagement_points,
        negative_engagement_points,
        {{ lead_scoring.to_points('decay_points') }} as decay_points,
        {{ lead_scoring.to_points(
            'positive_engagement_points + negative_engagement_points + decay_points'
        ) }} as engagement_score,
        last_engaged_at,
        days_inactive,
        is_disqualified
    from decayed

)

select * from final
