{#- The day aggregates every engagement score is computed from: one row per contact,
    activity type, URL pattern and UTC day with activities. url_pattern '' counts every
    activity of the type; a rule's url_pattern counts those whose page matches it.

    Incremental on DuckDB: a build re-counts only the days that staged activities
    written after its last build touch (new files, late arrivals, re-ranked copies),
    counts a URL pattern first seen in the rules over every day, and shifts the
    running counts after a re-counted day. When none of the staged rows it was built
    from remain (the raw history was reloaded), it rebuilds itself (pre-hook). -#}
{{
    config(
        materialized='incremental' if lead_scoring.loads_incrementally() else 'table',
        incremental_strategy='delete+insert',
        unique_key=['contact_id', 'activity_type', 'url_pattern', 'activity_date'],
        on_schema_change='fail',
        pre_hook="{{ lead_scoring.reset_when_upstream_reloaded(this, ref('base_marketing__activities')) }}",
        post_hook="{{ lead_scoring.delete_stale_activity_days(this, ref('stg_scoring_config__engagement_rules')) }}",
    )
}}

{%- set new_patterns = lead_scoring.has_uncounted_url_patterns(
    this, ref('stg_scoring_config__engagement_rules'), ref('base_marketing__activities')
) %}

with

loaded_through as (
    -- a second read of the staged rows, for their newest write time only: one read
    -- shared with the day counts would have the engine hold every staged row
    select max(loaded_at) as loaded_at
    from {{ ref('base_marketing__activities') }}

),

activities as (

    select * from {{ ref('stg_marketing__activities') }}

),

{%- if not is_incremental() or new_patterns %}

pattern_activities as (
    -- the page views (and other types) a URL pattern filters, read apart from the
    -- count of every activity for the same reason
    select * from {{ ref('stg_marketing__activities') }}

),

rules as (

    select * from {{ ref('stg_scoring_config__engagement_rules') }}

),

url_patterns as (
    -- every URL pattern a rule filters on, whatever its model: patterns are data
    select distinct
        activity_type,
        url_pattern
    from rules
    where url_pattern is not null

),
{%- endif %}

{% if is_incremental() %}
base as (

    select * from {{ ref('base_marketing__activities') }}

),

watermark as (
    -- the last staged rows this table has counted
    select coalesce(max(loaded_at), cast('0001-01-01' as {{ dbt.type_timestamp() }})) as loaded_at
    from {{ this }}

),

changed_days as (
    -- days touched by staged rows written since: new, re-ranked or quarantined copies
    select distinct
        base.contact_id,
        base.occurred_date as activity_date
    from base
    where
        base.loaded_at > (select watermark.loaded_at from watermark)
        and base.contact_id is not null
        and base.occurred_date is not null

),

counted_url_patterns as (
    -- the patterns earlier builds counted: re-counted on the changed days only
    select distinct
        activity_type,
        url_pattern
    from {{ this }}
    where url_pattern != ''

),

{%- if new_patterns %}

new_url_patterns as (
    -- patterns no earlier build counted are counted over every day
    select
        url_patterns.activity_type,
        url_patterns.url_pattern
    from url_patterns
    left join counted_url_patterns
        on
            url_patterns.activity_type = counted_url_patterns.activity_type
            and url_patterns.url_pattern = counted_url_patterns.url_pattern
    where counted_url_patterns.activity_type is null

),
{%- endif %}

changed_date_range as (

    select
        min(activity_date) as first_date,
        max(activity_date) as last_date
    from changed_days

),

recounted_activities as (
    -- the date range first: a cheap filter that leaves the join a few days of
    -- activities (a daily load touches one or two dates), where the engine otherwise
    -- builds its hash table from every staged activity
    select activities.*
    from activities
    inner join changed_days
        on
            activities.contact_id = changed_days.contact_id
            and activities.occurred_date = changed_days.activity_date
    where
        activities.occurred_date >= (select changed_date_range.first_date from changed_date_range)
        and activities.occurred_date <= (select changed_date_range.last_date from changed_date_range)

),
{% endif %}

matched as (
    -- every activity once for its type, and once more per URL pattern its page matches
    {%- if is_incremental() %}
    select
        contact_id,
        activity_type,
        '' as url_pattern,
        occurred_date as activity_date,
        occurred_at
    from recounted_activities
    union all
    select
        recounted_activities.contact_id,
        recounted_activities.activity_type,
        counted_url_patterns.url_pattern,
        recounted_activities.occurred_date as activity_date,
        recounted_activities.occurred_at
    from recounted_activities
    inner join counted_url_patterns
        on recounted_activities.activity_type = counted_url_patterns.activity_type
    where lower(recounted_activities.page_url) like counted_url_patterns.url_pattern
    {%- if new_patterns %}
    union all
    select
        pattern_activities.contact_id,
        pattern_activities.activity_type,
        new_url_patterns.url_pattern,
        pattern_activities.occurred_date as activity_date,
        pattern_activities.occurred_at
    from pattern_activities
    inner join new_url_patterns
        on pattern_activities.activity_type = new_url_patterns.activity_type
    where lower(pattern_activities.page_url) like new_url_patterns.url_pattern
    {%- endif %}
    {%- else %}
    select
        contact_id,
        activity_type,
        '' as url_pattern,
        occurred_date as activity_date,
        occurred_at
    from activities
    union all
    select
        pattern_activities.contact_id,
        pattern_activities.activity_type,
        url_patterns.url_pattern,
        pattern_activities.occurred_date as activity_date,
        pattern_activities.occurred_at
    from pattern_activities
    inner join url_patterns
        on pattern_activities.activity_type = url_patterns.activity_type
    where lower(pattern_activities.page_url) like url_patterns.url_pattern
    {%- endif %}

),

counted as (

    select
        contact_id,
        activity_type,
        url_pattern,
        activity_date,
        count(*) as occurrence_count,
        max(occurred_at) as last_occurred_at
    from matched
    group by
        contact_id,
        activity_type,
        url_pattern,
        activity_date

),

{% if is_incremental() %}
previous_days as (
    -- what earlier builds counted on the changed days
    select this_days.*
    from {{ this }} as this_days
    inner join changed_days
        on
            this_days.contact_id = changed_days.contact_id
            and this_days.activity_date = changed_days.activity_date

),

recounted as (
    -- a counted day that lost its activities stays as a zero row until the post-hook
    -- deletes it, so that the delete+insert replaces the old count
    select
        coalesce(counted.contact_id, previous.contact_id) as contact_id,
        coalesce(counted.activity_type, previous.activity_type) as activity_type,
        coalesce(counted.url_pattern, previous.url_pattern) as url_pattern,
        coalesce(counted.activity_date, previous.activity_date) as activity_date,
        coalesce(counted.occurrence_count, 0) as occurrence_count,
        counted.last_occurred_at
    from counted
    full outer join previous_days as previous
        on
            counted.contact_id = previous.contact_id
            and counted.activity_type = previous.activity_type
            and counted.url_pattern = previous.url_pattern
            and counted.activity_date = previous.activity_date

),

shifted_series as (
    -- the running count of a series changes from its first re-counted day on
    select
        contact_id,
        activity_type,
        url_pattern,
        min(activity_date) as first_recounted_date
    from recounted
    group by
        contact_id,
        activity_type,
        url_pattern

),

series_history as (

    select
        this_days.contact_id,
        this_days.activity_type,
        this_days.url_pattern,
        this_days.activity_date,
        this_days.occurrence_count,
        this_days.last_occurred_at,
        this_days.cumulative_count,
        shifted_series.first_recounted_date
    from {{ this }} as this_days
    inner join shifted_series
        on
            this_days.contact_id = shifted_series.contact_id
            and this_days.activity_type = shifted_series.activity_type
            and this_days.url_pattern = shifted_series.url_pattern

),

counted_before as (
    -- the running count up to the day before the first re-counted one, and that day
    select
        shifted_series.contact_id,
        shifted_series.activity_type,
        shifted_series.url_pattern,
        coalesce(max(series_history.cumulative_count), 0) as cumulative_count,
        max(series_history.activity_date) as last_date_before
    from shifted_series
    left join series_history
        on
            shifted_series.contact_id = series_history.contact_id
            and shifted_series.activity_type = series_history.activity_type
            and shifted_series.url_pattern = series_history.url_pattern
            and shifted_series.first_recounted_date > series_history.activity_date
    group by
        shifted_series.contact_id,
        shifted_series.activity_type,
        shifted_series.url_pattern

),

later_days as (
    -- days after the first re-counted one that were not re-counted keep their count
    select
        series_history.contact_id,
        series_history.activity_type,
        series_history.url_pattern,
        series_history.activity_date,
        series_history.occurrence_count,
        series_history.last_occurred_at
    from series_history
    left join recounted
        on
            series_history.contact_id = recounted.contact_id
            and series_history.activity_type = recounted.activity_type
            and series_history.url_pattern = recounted.url_pattern
            and series_history.activity_date = recounted.activity_date
    where
        series_history.activity_date > series_history.first_recounted_date
        and recounted.contact_id is null

),

rewritten_days as (

    select * from recounted
    union all
    select * from later_days

),

rewritten_counts as (

    select
        rewritten_days.*,
        counted_before.cumulative_count
        + sum(rewritten_days.occurrence_count) over (
            partition by rewritten_days.contact_id, rewritten_days.activity_type, rewritten_days.url_pattern
            order by rewritten_days.activity_date
            rows between unbounded preceding and current row
        ) as cumulative_count
    from rewritten_days
    inner join counted_before
        on
            rewritten_days.contact_id = counted_before.contact_id
            and rewritten_days.activity_type = counted_before.activity_type
            and rewritten_days.url_pattern = counted_before.url_pattern

),

day_before_recount as (
    -- the last day before the first re-counted one keeps its count, but its span
    -- now ends at the next day that still has activities
    select
        series_history.contact_id,
        series_history.activity_type,
        series_history.url_pattern,
        series_history.activity_date,
        series_history.occurrence_count,
        series_history.last_occurred_at,
        series_history.cumulative_count
    from series_history
    inner join counted_before
        on
            series_history.contact_id = counted_before.contact_id
            and series_history.activity_type = counted_before.activity_type
            and series_history.url_pattern = counted_before.url_pattern
            and series_history.activity_date = counted_before.last_date_before

),

respanned_days as (

    select * from rewritten_counts
    union all
    select * from day_before_recount

),

accumulated as (
    -- a zero row (a day that lost its activities) is deleted after the build: no span
    -- ends at it
    select
        *,
        min(case when occurrence_count > 0 then activity_date end) over (
            partition by contact_id, activity_type, url_pattern
            order by activity_date
            rows between 1 following and unbounded following
        ) as next_activity_date
    from respanned_days

),
{% else %}
accumulated as (

    select
        *,
        sum(occurrence_count) over (
            partition by contact_id, activity_type, url_pattern
            order by activity_date
            rows between unbounded preceding and current row
        ) as cumulative_count,
        lead(activity_date) over (
            partition by contact_id, activity_type, url_pattern
            order by activity_date
        ) as next_activity_date
    from counted

),
{% endif %}

final as (

    select
        contact_id,
        activity_type,
        url_pattern,
        activity_date,
        cast(occurrence_count as {{ dbt.type_bigint() }}) as occurrence_count,
        last_occurred_at,
        cast(cumulative_count as {{ dbt.type_bigint() }}) as cumulative_count,
        -- the day's count holds as the series' latest until this date (exclusive):
        -- "the last day on or before a date" is a filter, not a search
        next_activity_date,
        -- the staged rows counted so far, for the next build's watermark
        (select loaded_through.loaded_at from loaded_through) as loaded_at
    from accumulated

)

select * from final
