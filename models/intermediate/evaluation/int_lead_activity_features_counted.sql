-- What the predictive model knows of a lead's activity at a score date: one row per
-- history score date, contact and activity type the contact did on or before that
-- date, every type included (also those no rule scores), with its counts in the last
-- 7, 30 and 90 days and in all history, and the days since the last one. Windows are
-- whole days ending on the score date, as the engagement rules' windows are.
with

activity_days as (

    select * from {{ ref('int_activity_days_counted') }}

),

populations as (

    select * from {{ ref('int_lead_populations_assigned') }}

),

type_days as (
    -- url_pattern '' counts every activity of the type, whatever the page
    select
        contact_id,
        activity_type,
        activity_date,
        occurrence_count
    from activity_days
    where url_pattern = ''

),

score_dates as (

    select distinct score_date
    from populations

),

dated as (

    select
        score_dates.score_date,
        type_days.contact_id,
        type_days.activity_type,
        type_days.occurrence_count,
        {{ lead_scoring.days_between('type_days.activity_date', 'score_dates.score_date') }} as days_ago
    from type_days
    inner join score_dates
        on type_days.activity_date <= score_dates.score_date

),

final as (

    select
        score_date,
        contact_id,
        activity_type,
        cast(sum(case when days_ago < 7 then occurrence_count else 0 end) as {{ dbt.type_bigint() }}) as activities_7d,
        cast(sum(case when days_ago < 30 then occurrence_count else 0 end) as {{ dbt.type_bigint() }}) as activities_30d,
        cast(sum(case when days_ago < 90 then occurrence_count else 0 end) as {{ dbt.type_bigint() }}) as activities_90d,
        cast(sum(occurrence_count) as {{ dbt.type_bigint() }}) as activities_total,
        cast(min(days_ago) as {{ dbt.type_bigint() }}) as days_since_last
    from dated
    group by
        score_date,
        contact_id,
        activity_type

)

select * from final
