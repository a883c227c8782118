{{ config(materialized='view') }}

-- One row per score date and engagement rule of the computed models, with the last
-- date before the rule's window: window_days = N keeps the N days up to and including
-- the score date (DESIGN.md), so the days up to window_closed_date are before it (null
-- without a window). The one place that rule is written: counting and ranking both read it.
with

rules as (

    select * from {{ ref('int_engagement_rules_activated') }}

),

score_dates as (

    select * from {{ ref('int_score_dates') }}

),

final as (

    select
        score_dates.score_date,
        rules.model_id,
        rules.rule_id,
        rules.activity_type,
        rules.url_pattern,
        rules.url_pattern_key,
        rules.points,
        rules.min_occurrences,
        rules.max_occurrences,
        rules.window_days,
        rules.group_id,
        rules.group_max_points,
        rules.is_disqualifying,
        cast({{ dbt.dateadd('day', '-rules.window_days', 'score_dates.score_date') }} as date) as window_closed_date
    from rules
    cross join score_dates

)

select * from final
