-- One row per score date, contact, engagement rule and day on which occurrences of
-- the rule earn (before group caps): the day's occurrences hold the ranks
-- rank_first..rank_last of the rule's window, and those within
-- min_occurrences..max_occurrences earn. first_earning_index..last_earning_index
-- say which of the day's occurrences (in time order) they are.
with

rule_days as (

    select * from {{ ref('int_engagement_rule_days_windowed') }}

),

rules_counted as (

    select * from {{ ref('int_engagement_rules_counted') }}

),

ranked as (

    select
        rule_days.score_date,
        rule_days.contact_id,
        rule_days.model_id,
        rule_days.rule_id,
        rule_days.group_id,
        rule_days.group_max_points,
        rule_days.points,
        rule_days.min_occurrences,
        rule_days.max_occurrences,
        rule_days.activity_type,
        rule_days.url_pattern,
        rule_days.activity_date,
        rule_days.occurrence_count,
        rule_days.last_occurred_at,
        rule_days.cumulative_count - rule_days.occurrence_count - rules_counted.counted_before + 1 as rank_first,
        rule_days.cumulative_count - rules_counted.counted_before as rank_last
    from rule_days
    inner join rules_counted
        on
            rule_days.score_date = rules_counted.score_date
            and rule_days.contact_id = rules_counted.contact_id
            and rule_days.model_id = rules_counted.model_id
            and rule_days.rule_id = rules_counted.rule_id
    where rules_counted.earning_occurrence_count > 0

),

earning as (

    select
        *,
        {{ lead_scoring.earning_ranks_between('rank_first', 'rank_last', 'min_occurrences', 'max_occurrences') }}
            as earning_count
    from ranked

),

final as (

    select
        score_date,
        contact_id,
        model_id,
        rule_id,
        group_id,
        group_max_points,
        points,
        activity_type,
        url_pattern,
        activity_date,
        occurrence_count,
        cast(earning_count as {{ dbt.type_bigint() }}) as earning_count,
        -- which of the day's occurrences earn, 1 = the day's first by (occurred_at, activity_id)
        cast(greatest(min_occurrences, 1, rank_first) - rank_first + 1 as {{ dbt.type_bigint() }}) as first_earning_index,
        cast(greatest(min_occurrences, 1, rank_first) - rank_first + earning_count as {{ dbt.type_bigint() }}) as last_earning_index,
        last_occurred_at,
        {{ lead_scoring.to_points('earning_count * points') }} as earned_points
    from earning
    where earning_count > 0

)

select * from final
