-- Activity types that no computed scoring model has a rule for. Not an error (new
-- tracking often lands before its rule), but never silently ignored: reported here
-- and by a warning test on every build.
with

activities as (

    select * from {{ ref('stg_marketing__activities') }}

),

rules as (
    -- the rules of the models a build computes (a component of an active composite
    -- scores for it even when inactive itself)
    select * from {{ ref('int_engagement_rules_activated') }}

),

scored_types as (

    select distinct activity_type
    from rules

),

final as (

    select
        activities.activity_type,
        count(*) as activity_count,
        count(distinct activities.contact_id) as contact_count,
        min(activities.occurred_at) as first_occurred_at,
        max(activities.occurred_at) as last_occurred_at
    from activities
    left join scored_types
        on activities.activity_type = scored_types.activity_type
    where scored_types.activity_type is null
    group by activities.activity_type

)

select * from final
