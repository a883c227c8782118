{{ config(materialized='view') }}

-- One row per score date, contact, engagement rule and day with activities the rule
-- counts at that date (on or before the score date, inside the rule's window:
-- window_days = N keeps the N days up to and including the score date) and whose
-- occurrences hold a rank that can earn. A day holds the ranks
-- cumulative_count - occurrence_count + 1 - counted_before .. cumulative_count - counted_before;
-- days whose ranks all fall before min_occurrences or after max_occurrences are left
-- out here, so that what reads this view sees only the days that earn (a few per
-- rule), not every day of the rule's history. A view: read by int_engagement_rule_days_earned.
with

activity_days as (

    select * from {{ ref('int_activity_days_counted') }}

),

window_activity_days as (
    -- the day aggregates imported again for the second join: DuckDB copies a CTE
    -- that two joins read (every day row), where a second scan of the table is cheap
    select * from {{ ref('int_activity_days_counted') }}

),

rule_dates as (

    select * from {{ ref('int_engagement_rules_dated') }}

),

rules_counted as (

    select * from {{ ref('int_engagement_rules_counted') }}

),

windowless_days as (
    -- no window: ranks count from the series' first occurrence
    select
        rule_dates.score_date,
        activity_days.contact_id,
        rule_dates.model_id,
        rule_dates.rule_id,
        rule_dates.group_id,
        rule_dates.group_max_points,
        rule_dates.points,
        rule_dates.min_occurrences,
        rule_dates.max_occurrences,
        rule_dates.window_days,
        rule_dates.is_disqualifying,
        activity_days.activity_type,
        activity_days.url_pattern,
        activity_days.activity_date,
        activity_days.occurrence_count,
        activity_days.cumulative_count,
        cast(0 as {{ dbt.type_bigint() }}) as counted_before,
        activity_days.last_occurred_at
    from activity_days
    inner join rule_dates
        on
            activity_days.activity_type = rule_dates.activity_type
            and activity_days.url_pattern = rule_dates.url_pattern_key
            and activity_days.activity_date <= rule_dates.score_date
    where
        rule_dates.window_days is null
        and activity_days.cumulative_count >= rule_dates.min_occurrences
        and (
            rule_dates.max_occurrences is null
            or activity_days.cumulative_count - activity_days.occurrence_count < rule_dates.max_occurrences
        )

),

in_window_days as (
    -- a window: ranks count from its first day, after the series' occurrences before it
    select
        rule_dates.score_date,
        window_activity_days.contact_id,
        rule_dates.model_id,
        rule_dates.rule_id,
        rule_dates.group_id,
        rule_dates.group_max_points,
        rule_dates.points,
        rule_dates.min_occurrences,
        rule_dates.max_occurrences,
        rule_dates.window_days,
        rule_dates.is_disqualifying,
        window_activity_days.activity_type,
        window_activity_days.url_pattern,
        window_activity_days.activity_date,
        window_activity_days.occurrence_count,
        window_activity_days.cumulative_count,
        window_activity_days.last_occurred_at
    from window_activity_days
    inner join rule_dates
        on
            window_activity_days.activity_type = rule_dates.activity_type
            and window_activity_days.url_pattern = rule_dates.url_pattern_key
            and window_activity_days.activity_date <= rule_dates.score_date
            and window_activity_days.activity_date > rule_dates.window_closed_date

),

windowed_days as (

    select
        in_window_days.score_date,
        in_window_days.contact_id,
        in_window_days.model_id,
        in_window_days.rule_id,
        in_window_days.group_id,
        in_window_days.group_max_points,
        in_window_days.points,
        in_window_days.min_occurrences,
        in_window_days.max_occurrences,
        in_window_days.window_days,
        in_window_days.is_disqualifying,
        in_window_days.activity_type,
        in_window_days.url_pattern,
        in_window_days.activity_date,
        in_window_days.occurrence_count,
        in_window_days.cumulative_count,
        rules_counted.counted_before,
        in_window_days.last_occurred_at
    from in_window_days
    inner join rules_counted
        on
            in_window_days.score_date = rules_counted.score_date
            and in_window_days.contact_id = rules_counted.contact_id
            and in_window_days.model_id = rules_counted.model_id
            and in_window_days.rule_id = rules_counted.rule_id
    where
        in_window_days.cumulative_count - rules_counted.counted_before >= in_window_days.min_occurrences
        and (
            in_window_days.max_occurrences is null
            or in_window_days.cumulative_count - in_window_days.occurrence_count - rules_counted.counted_before
            < in_window_days.max_occurrences
        )

),

final as (

    select * from windowless_days
    union all
    select * from windowed_days

)

select * from final
