{{ config(materialized='view') }}

-- One row per score date, contact, engagement rule and day with activities the rule
-- counts at that date: on or before the score date and inside the rule's window
-- (window_days = N keeps the N days up to and including the score date). A view:
-- read once by int_engagement_rules_counted and once by int_engagement_rule_days_earned.
with

activity_days as (

    select * from {{ ref('int_activity_days_counted') }}

),

rules as (

    select * from {{ ref('int_engagement_rules_activated') }}

),

score_dates as (

    select * from {{ ref('int_score_dates') }}

),

final as (

    select
        score_dates.score_date,
        activity_days.contact_id,
        rules.model_id,
        rules.rule_id,
        rules.group_id,
        rules.group_max_points,
        rules.points,
        rules.min_occurrences,
        rules.max_occurrences,
        rules.window_days,
        rules.is_disqualifying,
        activity_days.activity_type,
        activity_days.url_pattern,
        activity_days.activity_date,
        activity_days.occurrence_count,
        activity_days.cumulative_count,
        activity_days.last_occurred_at
    from activity_days
    inner join rules
        on
            activity_days.activity_type = rules.activity_type
            and activity_days.url_pattern = rules.url_pattern_key
    inner join score_dates
        on activity_days.activity_date <= score_dates.score_date
    where
        rules.window_days is null
        or {{ lead_scoring.days_between('activity_days.activity_date', 'score_dates.score_date') }} < rules.window_days

)

select * from final
