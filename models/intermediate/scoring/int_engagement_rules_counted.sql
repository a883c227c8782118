-- One row per score date, contact and engagement rule with occurrences counted at
-- that date. Occurrences are ranked 1, 2, ... by time from the first one in the
-- rule's window, so the day aggregates' running counts give every rank without a
-- sort: the window holds ranks 1..occurrence_count, and those that earn are
-- min_occurrences..max_occurrences of them (DESIGN.md, exact rules). The counts are
-- read off one day row per series and date (the latest day on or before it), never
-- summed over every day in the window.
with

activity_days as (

    select * from {{ ref('int_activity_days_counted') }}

),

window_edge_days as (
    -- the day aggregates imported again for the second join: DuckDB copies a CTE
    -- that two joins read (every day row), where a second scan of the table is cheap
    select * from {{ ref('int_activity_days_counted') }}

),

rule_dates as (

    select * from {{ ref('int_engagement_rules_dated') }}

),

counted_through_score_date as (
    -- the series' running count at the score date
    select
        rule_dates.score_date,
        activity_days.contact_id,
        rule_dates.model_id,
        rule_dates.rule_id,
        rule_dates.group_id,
        rule_dates.points,
        rule_dates.min_occurrences,
        rule_dates.max_occurrences,
        rule_dates.is_disqualifying,
        activity_days.cumulative_count
    from activity_days
    inner join rule_dates
        on
            activity_days.activity_type = rule_dates.activity_type
            and activity_days.url_pattern = rule_dates.url_pattern_key
            and {{ lead_scoring.activity_day_holds_on('activity_days', 'rule_dates.score_date') }}

),

counted_before_window as (
    -- the series' running count on the last day before the window: ranks restart after it
    select
        rule_dates.score_date,
        window_edge_days.contact_id,
        rule_dates.model_id,
        rule_dates.rule_id,
        window_edge_days.cumulative_count
    from window_edge_days
    inner join rule_dates
        on
            window_edge_days.activity_type = rule_dates.activity_type
            and window_edge_days.url_pattern = rule_dates.url_pattern_key
            and {{ lead_scoring.activity_day_holds_on('window_edge_days', 'rule_dates.window_closed_date') }}
    where rule_dates.window_closed_date is not null

),

counted as (

    select
        counted_through_score_date.score_date,
        counted_through_score_date.contact_id,
        counted_through_score_date.model_id,
        counted_through_score_date.rule_id,
        counted_through_score_date.group_id,
        counted_through_score_date.points,
        counted_through_score_date.min_occurrences,
        counted_through_score_date.max_occurrences,
        counted_through_score_date.is_disqualifying,
        counted_through_score_date.cumulative_count
        - coalesce(counted_before_window.cumulative_count, 0) as occurrence_count,
        coalesce(counted_before_window.cumulative_count, 0) as counted_before
    from counted_through_score_date
    left join counted_before_window
        on
            counted_through_score_date.score_date = counted_before_window.score_date
            and counted_through_score_date.contact_id = counted_before_window.contact_id
            and counted_through_score_date.model_id = counted_before_window.model_id
            and counted_through_score_date.rule_id = counted_before_window.rule_id

),

earning as (

    select
        *,
        {{ lead_scoring.earning_occurrence_count('occurrence_count', 'min_occurrences', 'max_occurrences') }}
            as earning_occurrence_count
    from counted
    where occurrence_count > 0

),

final as (

    select
        score_date,
        contact_id,
        model_id,
        rule_id,
        group_id,
        cast(occurrence_count as {{ dbt.type_bigint() }}) as occurrence_count,
        cast(earning_occurrence_count as {{ dbt.type_bigint() }}) as earning_occurrence_count,
        cast(counted_before as {{ dbt.type_bigint() }}) as counted_before,
        points,
        {{ lead_scoring.to_points('occurrence_count * points') }} as points_before_caps,
        {{ lead_scoring.to_points('earning_occurrence_count * points') }} as earned_points,
        -- a disqualifying rule disqualifies when at least one occurrence earns
        is_disqualifying and earning_occurrence_count > 0 as is_disqualifying
    from earning

)

select * from final
