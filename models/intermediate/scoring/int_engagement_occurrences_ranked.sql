-- One row per score date, activity on or before it, and engagement rule the
-- activity satisfies; ranked per contact and rule, with whether it earns.
with

activities as (

    select * from {{ ref('stg_marketing__activities') }}

),

rules as (

    select * from {{ ref('stg_scoring_config__engagement_rules') }}

),

score_dates as (

    select * from {{ ref('int_score_dates') }}

),

rule_activities as (
    -- only activity types some rule scores: most of the table never joins further
    select
        activities.activity_id,
        activities.contact_id,
        activities.activity_type,
        activities.occurred_at,
        activities.occurred_date,
        activities.page_url
    from activities
    where activities.activity_type in (select rules.activity_type from rules)

),

activities_to_date as (
    -- nothing after a score date counts for it
    select
        score_dates.score_date,
        rule_activities.activity_id,
        rule_activities.contact_id,
        rule_activities.activity_type,
        rule_activities.occurred_at,
        rule_activities.occurred_date,
        rule_activities.page_url,
        {{ lead_scoring.days_between('rule_activities.occurred_date', 'score_dates.score_date') }} as age_days
    from rule_activities
    inner join score_dates
        on rule_activities.occurred_date <= score_dates.score_date

),

matched as (

    select
        activities_to_date.score_date,
        activities_to_date.contact_id,
        rules.model_id,
        rules.rule_id,
        rules.group_id,
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
    -- written without `or` so that the engine filters inside the join instead of
    -- evaluating a disjunction per matched pair
    where
        coalesce(lower(activities_to_date.page_url) like rules.url_pattern, rules.url_pattern is null)
        -- window_days = N keeps the N dates up to and including the score date
        and activities_to_date.age_days < coalesce(rules.window_days, 2147483647)

),

ranked as (

    select
        *,
        row_number() over (
            partition by score_date, contact_id, model_id, rule_id
            order by occurred_at, activity_id
        ) as occurrence_number
    from matched

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
        {{ lead_scoring.occurrence_earns('occurrence_number', 'min_occurrences', 'max_occurrences') }} as is_earning
    from ranked

)

select * from final
