{{ config(materialized='view') }}
{#- One reader (int_engagement_rule_days_capped): a view settles the boundary days
    inside that build instead of writing them. -#}

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
    -- rule-days whose points reach the score after the group cap
    select
        rule_days.*,
        group_days.is_crossing,
        group_days.points_before_day
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

partial_rule_days as (
    -- a rule that stops earning inside the day: settled by occurrence when the day is
    -- the lead's last positive one
    select *
    from positive_rule_days
    where last_earning_index < occurrence_count

),

partial_leads as (

    select distinct
        score_date,
        contact_id,
        model_id
    from partial_rule_days

),

last_positive_days as (
    -- the last positive day of the leads that have such a day (an aggregate over
    -- those leads' rows only, not a window over every lead's)
    select
        positive_rule_days.score_date,
        positive_rule_days.contact_id,
        positive_rule_days.model_id,
        max(positive_rule_days.activity_date) as last_positive_date
    from positive_rule_days
    inner join partial_leads
        on
            positive_rule_days.score_date = partial_leads.score_date
            and positive_rule_days.contact_id = partial_leads.contact_id
            and positive_rule_days.model_id = partial_leads.model_id
    group by
        positive_rule_days.score_date,
        positive_rule_days.contact_id,
        positive_rule_days.model_id

),

boundary_rule_days as (
    -- every rule of a crossing day, and a rule that stops earning inside the lead's
    -- last positive day
    select positive_rule_days.*
    from positive_rule_days
    where coalesce(positive_rule_days.is_crossing, false)
    union
    select partial_rule_days.*
    from partial_rule_days
    inner join last_positive_days
        on
            partial_rule_days.score_date = last_positive_days.score_date
            and partial_rule_days.contact_id = last_positive_days.contact_id
            and partial_rule_days.model_id = last_positive_days.model_id
            and partial_rule_days.activity_date = last_positive_days.last_positive_date

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
