-- One row per score date, contact and engagement rule with occurrences counted at
-- that date. Occurrences are ranked 1, 2, ... by time from the first one in the
-- rule's window, so the day aggregates' running counts give every rank without a
-- sort: the window holds ranks 1..occurrence_count, and those that earn are
-- min_occurrences..max_occurrences of them (DESIGN.md, exact rules).
with

rule_days as (

    select * from {{ ref('int_engagement_rule_days_windowed') }}

),

counted as (

    select
        score_date,
        contact_id,
        model_id,
        rule_id,
        group_id,
        points,
        min_occurrences,
        max_occurrences,
        is_disqualifying,
        sum(occurrence_count) as occurrence_count,
        -- occurrences of the series before the window's first day: ranks restart there
        min(cumulative_count - occurrence_count) as counted_before
    from rule_days
    group by
        score_date,
        contact_id,
        model_id,
        rule_id,
        group_id,
        points,
        min_occurrences,
        max_occurrences,
        is_disqualifying

),

earning as (

    select
        *,
        {{ lead_scoring.earning_occurrence_count('occurrence_count', 'min_occurrences', 'max_occurrences') }}
            as earning_occurrence_count
    from counted

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
