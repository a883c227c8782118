-- One row per score date, contact, engagement rule and day on which occurrences of
-- the rule earn (before group caps): the day's occurrences hold the ranks
-- rank_first..rank_last of the rule's window, and those within
-- min_occurrences..max_occurrences earn. first_earning_index..last_earning_index
-- say which of the day's occurrences (in time order) they are.
with

rule_days as (

    select * from {{ ref('int_engagement_rule_days_windowed') }}

),

ranked as (

    select
        score_date,
        contact_id,
        model_id,
        rule_id,
        group_id,
        group_max_points,
        points,
        min_occurrences,
        max_occurrences,
        activity_type,
        url_pattern,
        activity_date,
        occurrence_count,
        last_occurred_at,
        cumulative_count - occurrence_count + 1 - counted_before as rank_first,
        cumulative_count - counted_before as rank_last
    from rule_days

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
