-- Every ranked occurrence with the points it earns: its rule's points when it earns
-- (min/max occurrences), then limited by its group's cap. Positive points of a group
-- fill the cap in time order; the occurrence that crosses it earns the remainder.
with

occurrences as (

    select * from {{ ref('int_engagement_occurrences_ranked') }}

),

groups as (

    select * from {{ ref('stg_scoring_config__engagement_rule_groups') }}

),

earned as (

    select
        occurrences.*,
        groups.max_points as group_max_points,
        case when occurrences.is_earning then occurrences.points else 0 end as earned_points
    from occurrences
    left join groups
        on
            occurrences.model_id = groups.model_id
            and occurrences.group_id = groups.group_id

),

running as (

    select
        *,
        -- positive points the group earned before and including this occurrence
        sum({{ lead_scoring.positive_points('earned_points') }}) over (
            partition by score_date, contact_id, model_id, group_id
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
        group_id,
        activity_id,
        occurred_at,
        occurred_date,
        age_days,
        occurrence_number,
        points,
        is_disqualifying,
        is_earning,
        earned_points,
        case
            when group_max_points is null or earned_points <= 0 then earned_points
            when group_points_to_here <= group_max_points then earned_points
            when group_points_to_here - earned_points >= group_max_points then 0
            else group_max_points - (group_points_to_here - earned_points)
        end as capped_points
    from running

)

select * from final
