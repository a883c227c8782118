-- One row per activity and engagement rule it satisfies, ranked per contact and
-- rule, with whether that occurrence earns the rule's points.
with

activities as (

    select * from {{ ref('stg_marketing__activities') }}

),

rules as (

    select * from {{ ref('stg_scoring_config__engagement_rules') }}

),

activities_to_date as (
    -- nothing after the score date counts
    select
        activity_id,
        contact_id,
        activity_type,
        occurred_at,
        occurred_date,
        page_url,
        {{ lead_scoring.days_to_score_date('occurred_date') }} as age_days
    from activities
    where occurred_date <= {{ lead_scoring.score_date() }}

),

matched as (

    select
        activities_to_date.contact_id,
        rules.model_id,
        rules.rule_id,
        activities_to_date.activity_id,
        activities_to_date.occurred_at,
        activities_to_date.occurred_date,
        activities_to_date.age_days,
        rules.points,
        rules.min_occurrences,
        rules.max_occurrences,
        rules.is_disqualifying
    from activities_to_date
    inner join rules
        on activities_to_date.activity_type = rules.activity_type
    where
        (rules.url_pattern is null or lower(activities_to_date.page_url) like rules.url_pattern)
        -- window_days = N keeps the N dates up to and including the score date
        and (rules.window_days is null or activities_to_date.age_days < rules.window_days)

),

ranked as (

    select
        *,
        row_number() over (
            partition by contact_id, model_id, rule_id
            order by occurred_at, activity_id
        ) as occurrence_number
    from matched

),

final as (

    select
        contact_id,
        model_id,
        rule_id,
        activity_id,
        occurred_at,
        occurred_date,
        age_days,
        occurrence_number,
        points,
        is_disqualifying,
        {{ lead_scoring.occurrence_earns('occurrence_number', 'min_occurrences', 'max_occurrences') }} as is_earning
    from ranked

)

select * from final
