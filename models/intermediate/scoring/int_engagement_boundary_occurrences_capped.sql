-- The few days that the day aggregates cannot settle alone, occurrence by occurrence:
-- a group's crossing day (which occurrences fill the rest of the cap), and a lead's
-- last day with positive points when not all of that day's occurrences earn (when
-- exactly was the last earning one: last_engaged_at). One row per score date,
-- contact, positive rule and occurrence of those days, in the order DESIGN.md ranks
-- them, with the points it earns after the group cap.
with

activities as (

    select * from {{ ref('stg_marketing__activities') }}

),

rule_days as (

    select * from {{ ref('int_engagement_rule_days_earned') }}

),

group_days as (

    select * from {{ ref('int_engagement_group_days_filled') }}

),

positive_rule_days as (
    -- rule-days whose points reach the score after the group cap, and the lead's
    -- last such day
    select
        rule_days.*,
        group_days.is_crossing,
        group_days.points_before_day,
        max(rule_days.activity_date) over (
            partition by rule_days.score_date, rule_days.contact_id, rule_days.model_id
        ) as last_positive_date
    from rule_days
    left join group_days
        on
            rule_days.score_date = group_days.score_date
            and rule_days.contact_id = group_days.contact_id
            and rule_days.model_id = group_days.model_id
            and rule_days.group_id = group_days.group_id
            and rule_days.activity_date = group_days.activity_date
    where
        rule_days.points > 0
        and (rule_days.group_max_points is null or group_days.capped_points > 0)

),

boundary_rule_days as (
    -- every rule of a crossing day, and a rule that stops earning inside the lead's
    -- last positive day
    select *
    from positive_rule_days
    where
        coalesce(is_crossing, false)
        or (activity_date = last_positive_date and last_earning_index < occurrence_count)

),

occurrences as (

    select
        boundary_rule_days.score_date,
        boundary_rule_days.contact_id,
        boundary_rule_days.model_id,
        boundary_rule_days.rule_id,
        boundary_rule_days.group_id,
        boundary_rule_days.group_max_points,
        boundary_rule_days.points,
        boundary_rule_days.activity_date,
        boundary_rule_days.first_earning_index,
        boundary_rule_days.last_earning_index,
        boundary_rule_days.is_crossing,
        boundary_rule_days.points_before_day,
        activities.activity_id,
        activities.occurred_at,
        row_number() over (
            partition by
                boundary_rule_days.score_date,
                boundary_rule_days.contact_id,
                boundary_rule_days.model_id,
                boundary_rule_days.rule_id,
                boundary_rule_days.activity_date
            order by activities.occurred_at, activities.activity_id
        ) as day_index
    from boundary_rule_days
    inner join activities
        on
            boundary_rule_days.contact_id = activities.contact_id
            and boundary_rule_days.activity_date = activities.occurred_date
            and boundary_rule_days.activity_type = activities.activity_type
    where
        boundary_rule_days.url_pattern = ''
        or lower(activities.page_url) like boundary_rule_days.url_pattern

),

earned as (

    select
        *,
        case
            when day_index between first_earning_index and last_earning_index then points
            else 0
        end as earned_points
    from occurrences

),

running as (

    select
        *,
        -- the group's positive points up to and including this occurrence
        points_before_day + sum(earned_points) over (
            partition by score_date, contact_id, model_id, group_id, activity_date
            order by occurred_at, activity_id, rule_id
            rows between unbounded preceding and current row
        ) as group_points_to_here
    from earned

),

final as (

    select
        score_date,
        contact_id,
        model_id,
        rule_id,
        activity_date,
        activity_id,
        occurred_at,
        cast(day_index as {{ dbt.type_bigint() }}) as day_index,
        earned_points,
        {{ lead_scoring.to_points(
            'case'
            ~ ' when not coalesce(is_crossing, false) or earned_points <= 0 then earned_points'
            ~ ' when group_points_to_here <= group_max_points then earned_points'
            ~ ' when group_points_to_here - earned_points >= group_max_points then 0'
            ~ ' else group_max_points - (group_points_to_here - earned_points) end'
        ) }} as capped_points
    from running

)

select * from final
