-- One row per score date, contact, capped rule group and day on which the group's
-- positive rules earn: how much of the group's cap (engagement_rule_groups.csv) the
-- day's points find left. Positive points fill the cap in time order; the day that
-- crosses it earns the remainder (is_crossing: which of its occurrences earn is then
-- resolved occurrence by occurrence, int_engagement_boundary_occurrences_capped).
with

rule_days as (

    select * from {{ ref('int_engagement_rule_days_earned') }}

),

group_days as (

    select
        score_date,
        contact_id,
        model_id,
        group_id,
        group_max_points,
        activity_date,
        sum(earned_points) as day_points,
        count(*) as earning_rule_count
    from rule_days
    where
        group_max_points is not null
        and points > 0
    group by
        score_date,
        contact_id,
        model_id,
        group_id,
        group_max_points,
        activity_date

),

filled as (

    select
        *,
        coalesce(sum(day_points) over (
            partition by score_date, contact_id, model_id, group_id
            order by activity_date
            rows between unbounded preceding and 1 preceding
        ), 0) as points_before_day
    from group_days

),

final as (

    select
        score_date,
        contact_id,
        model_id,
        group_id,
        group_max_points,
        activity_date,
        {{ lead_scoring.to_points('day_points') }} as day_points,
        {{ lead_scoring.to_points('points_before_day') }} as points_before_day,
        {{ lead_scoring.to_points(
            'case when points_before_day >= group_max_points then 0'
            ~ ' when points_before_day + day_points <= group_max_points then day_points'
            ~ ' else group_max_points - points_before_day end'
        ) }} as capped_points,
        cast(earning_rule_count as {{ dbt.type_bigint() }}) as earning_rule_count,
        points_before_day < group_max_points and points_before_day + day_points > group_max_points as is_crossing
    from filled

)

select * from final
