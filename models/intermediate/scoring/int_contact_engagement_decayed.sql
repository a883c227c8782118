-- One row per score date, contact and scoring model with earning engagement:
-- positive and negative engagement points (after occurrence and group caps), the
-- decay of the positive part, and the net engagement score.
with

occurrences as (

    select * from {{ ref('int_engagement_occurrences_capped') }}

),

scoring_models as (

    select * from {{ ref('stg_scoring_config__scoring_models') }}

),

decay_steps as (

    select * from {{ ref('stg_scoring_config__decay_schedule') }}

),

earning_occurrences as (

    select
        occurrences.score_date,
        occurrences.contact_id,
        occurrences.model_id,
        occurrences.occurred_at,
        occurrences.occurred_date,
        occurrences.is_disqualifying,
        scoring_models.decay_mode,
        {{ lead_scoring.positive_points('occurrences.capped_points') }} as positive_points,
        {{ lead_scoring.negative_points('occurrences.capped_points') }} as negative_points,
        -- half-life weighs each positive occurrence by its age; negatives never decay
        case
            when scoring_models.decay_mode = 'half_life' and occurrences.capped_points > 0
                then {{ lead_scoring.half_life_decayed_points(
                    'occurrences.capped_points', 'occurrences.age_days', 'scoring_models.half_life_days'
                ) }}
            else {{ lead_scoring.positive_points('occurrences.capped_points') }}
        end as half_life_positive_points
    from occurrences
    inner join scoring_models
        on occurrences.model_id = scoring_models.model_id
    where occurrences.is_earning

),

per_contact as (

    select
        score_date,
        contact_id,
        model_id,
        decay_mode,
        {{ lead_scoring.to_points('sum(positive_points)') }} as positive_engagement_points,
        {{ lead_scoring.to_points('sum(negative_points)') }} as negative_engagement_points,
        sum(half_life_positive_points) as half_life_positive_points,
        max(case when positive_points > 0 then occurred_at end) as last_engaged_at,
        max(case when positive_points > 0 then occurred_date end) as last_engaged_date,
        max(case when is_disqualifying then 1 else 0 end) = 1 as is_disqualified
    from earning_occurrences
    group by
        score_date,
        contact_id,
        model_id,
        decay_mode

),

inactivity as (

    select
        *,
        {{ lead_scoring.days_between('last_engaged_date', 'score_date') }} as days_inactive
    from per_contact

),

reached_steps as (
    -- steps are cumulative: every step whose inactive_days is reached applies
    select
        inactivity.score_date,
        inactivity.contact_id,
        inactivity.model_id,
        sum(decay_steps.points_subtracted) as reached_points_subtracted,
        max(case when decay_steps.resets_score then 1 else 0 end) = 1 as has_reached_reset
    from inactivity
    inner join decay_steps
        on
            inactivity.model_id = decay_steps.model_id
            and inactivity.days_inactive >= decay_steps.inactive_days
    where inactivity.decay_mode = 'step'
    group by
        inactivity.score_date,
        inactivity.contact_id,
        inactivity.model_id

),

decayed as (

    select
        inactivity.score_date,
        inactivity.contact_id,
        inactivity.model_id,
        inactivity.positive_engagement_points,
        inactivity.negative_engagement_points,
        inactivity.last_engaged_at,
        inactivity.days_inactive,
        inactivity.is_disqualified,
        case
            when inactivity.decay_mode = 'step' and reached_steps.model_id is not null
                then {{ lead_scoring.step_decay_points(
                    'inactivity.positive_engagement_points',
                    'reached_steps.reached_points_subtracted',
                    'reached_steps.has_reached_reset'
                ) }}
            when inactivity.decay_mode = 'half_life'
                then inactivity.half_life_positive_points - inactivity.positive_engagement_points
            else 0
        end as decay_points
    from inactivity
    left join reached_steps
        on
            inactivity.score_date = reached_steps.score_date
            and inactivity.contact_id = reached_steps.contact_id
            and inactivity.model_id = reached_steps.model_id

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
