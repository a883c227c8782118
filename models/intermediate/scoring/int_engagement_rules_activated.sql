-- The engagement rules of the models this build computes, with their group's cap.
-- url_pattern_key is the pattern as int_activity_days_counted keys it ('' = any page).
with

rules as (

    select * from {{ ref('stg_scoring_config__engagement_rules') }}

),

groups as (

    select * from {{ ref('stg_scoring_config__engagement_rule_groups') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models_activated') }}

),

final as (

    select
        rules.model_id,
        rules.rule_id,
        rules.activity_type,
        rules.url_pattern,
        coalesce(rules.url_pattern, '') as url_pattern_key,
        rules.points,
        rules.min_occurrences,
        rules.max_occurrences,
        rules.window_days,
        rules.group_id,
        groups.max_points as group_max_points,
        rules.is_disqualifying
    from rules
    inner join scoring_models
        on rules.model_id = scoring_models.model_id
    left join groups
        on
            rules.model_id = groups.model_id
            and rules.group_id = groups.group_id

)

select * from final
