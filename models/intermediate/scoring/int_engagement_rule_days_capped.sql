-- One row per score date, contact, engagement rule and day with earning occurrences:
-- the points the day's occurrences of the rule earn after the group cap, and, when
-- they are positive, when the last of them happened (last_positive_at, null where no
-- lead's last_engaged_at can come from it: not its last positive day, and a day whose
-- last occurrence does not earn is always settled occurrence by occurrence).
with

rule_days as (

    select * from {{ ref('int_engagement_rule_days_earned') }}

),

group_days as (

    select * from {{ ref('int_engagement_group_days_filled') }}

),

boundary_occurrences as (

    select * from {{ ref('int_engagement_boundary_occurrences_capped') }}

),

boundary_rule_days as (

    select
        score_date,
        contact_id,
        model_id,
        rule_id,
        activity_date,
        sum(capped_points) as capped_points,
        max(case when capped_points > 0 then occurred_at end) as last_positive_at
    from boundary_occurrences
    group by
        score_date,
        contact_id,
        model_id,
        rule_id,
        activity_date

),

capped as (

    select
        rule_days.score_date,
        rule_days.contact_id,
        rule_days.model_id,
        rule_days.rule_id,
        rule_days.activity_date,
        rule_days.points,
        rule_days.earning_count,
        rule_days.earned_points,
        case
            when rule_days.group_max_points is null or rule_days.points <= 0 then rule_days.earned_points
            when group_days.is_crossing then boundary_rule_days.capped_points
            when group_days.capped_points = 0 then 0
            else rule_days.earned_points
        end as capped_points,
        boundary_rule_days.rule_id is not null as is_settled_by_occurrence,
        boundary_rule_days.last_positive_at as boundary_last_positive_at,
        rule_days.last_earning_index = rule_days.occurrence_count as is_last_occurrence_earning,
        rule_days.last_occurred_at
    from rule_days
    left join group_days
        on
            rule_days.score_date = group_days.score_date
            and rule_days.contact_id = group_days.contact_id
            and rule_days.model_id = group_days.model_id
            and rule_days.group_id = group_days.group_id
            and rule_days.activity_date = group_days.activity_date
    left join boundary_rule_days
        on
            rule_days.score_date = boundary_rule_days.score_date
            and rule_days.contact_id = boundary_rule_days.contact_id
            and rule_days.model_id = boundary_rule_days.model_id
            and rule_days.rule_id = boundary_rule_days.rule_id
            and rule_days.activity_date = boundary_rule_days.activity_date

),

final as (

    select
        score_date,
        contact_id,
        model_id,
        rule_id,
        activity_date,
        points,
        earning_count,
        earned_points,
        {{ lead_scoring.to_points('capped_points') }} as capped_points,
        case
            when capped_points <= 0 then null
            when is_settled_by_occurrence then boundary_last_positive_at
            when is_last_occurrence_earning then last_occurred_at
        end as last_positive_at
    from capped

)

select * from final
