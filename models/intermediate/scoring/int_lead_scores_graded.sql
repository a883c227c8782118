{#- Built after the reasons, which read the same contributions view: run side by side
    in a many-date backfill, the two ran DuckDB out of memory (100k contacts, 30 dates,
    4 GB) where each alone needs less than half of it. -#}
-- depends_on: {{ ref('int_lead_score_reasons_listed') }}
-- One row per score date, scored contact and active scoring model (rule-scored or
-- composite): the score components summed from the contributions, the clamped
-- total, the grades and the MQL flag. fct_lead_scores publishes the current score
-- date, int_lead_score_history keeps every date.
with

score_dates as (

    select * from {{ ref('int_score_dates') }}

),

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models_activated') }}

),

fit_contributions as (
    -- a contact's fit rows are the same on every date it is scored: read them for the
    -- score date only (every earlier date scores a subset of its contacts)
    select * from {{ ref('int_score_contributions_composited') }}
    where
        score_date = {{ lead_scoring.score_date() }}
        and contribution_type = 'fit'

),

engagement_contributions as (

    select * from {{ ref('int_score_contributions_composited') }}
    where contribution_type in ('engagement', 'decay')

),

engagement as (

    select * from {{ ref('int_contact_engagement_decayed') }}

),

components as (

    select * from {{ ref('stg_scoring_config__composite_model_components') }}

),

grade_bands as (

    select * from {{ ref('int_grade_bands_ranged') }}

),

activity_days as (

    select * from {{ ref('int_activity_days_counted') }}

),

population as (
    -- every contact created by the score date, under every active model
    select
        score_dates.score_date,
        contacts.contact_id,
        contacts.company_id,
        scoring_models.model_id,
        scoring_models.mql_threshold,
        scoring_models.score_floor,
        scoring_models.score_cap
    from contacts
    inner join score_dates
        on contacts.created_date <= score_dates.score_date
    cross join scoring_models
    where scoring_models.is_active

),

fit_totals as (

    select
        contact_id,
        model_id,
        sum(points) as fit_score,
        sum(case when points < 0 then points else 0 end) as negative_score,
        max(case when is_disqualifying then 1 else 0 end) = 1 as is_disqualified
    from fit_contributions
    group by
        contact_id,
        model_id

),

engagement_totals as (

    select
        score_date,
        contact_id,
        model_id,
        sum(points) as engagement_score,
        sum(case when contribution_type = 'engagement' and points > 0 then points else 0 end) as positive_engagement_points,
        sum(case when contribution_type = 'engagement' and points < 0 then points else 0 end) as negative_score,
        sum(case when contribution_type = 'decay' then points else 0 end) as decay_points,
        max(case when is_disqualifying then 1 else 0 end) = 1 as is_disqualified
    from engagement_contributions
    group by
        score_date,
        contact_id,
        model_id

),

recency as (
    -- a composite is as recent as its most recent component
    select
        score_date,
        contact_id,
        model_id,
        last_engaged_at
    from engagement
    union all
    select
        engagement.score_date,
        engagement.contact_id,
        components.model_id,
        engagement.last_engaged_at
    from engagement
    inner join components
        on engagement.model_id = components.component_model_id

),

last_engaged as (

    select
        score_date,
        contact_id,
        model_id,
        max(last_engaged_at) as last_engaged_at
    from recency
    group by
        score_date,
        contact_id,
        model_id

),

last_activity as (
    -- any activity counts here, scored or not ("when did we last hear from them"):
    -- the latest day of each of the contact's activity types on or before the date
    select
        score_dates.score_date,
        activity_days.contact_id,
        max(activity_days.last_occurred_at) as last_activity_at
    from activity_days
    inner join score_dates
        on {{ lead_scoring.activity_day_holds_on('activity_days', 'score_dates.score_date') }}
    where activity_days.url_pattern = ''
    group by
        score_dates.score_date,
        activity_days.contact_id

),

totals as (

    select
        population.score_date,
        population.contact_id,
        population.model_id,
        population.company_id,
        population.mql_threshold,
        {{ lead_scoring.to_points('coalesce(fit_totals.fit_score, 0)') }} as fit_score,
        {{ lead_scoring.to_points('coalesce(engagement_totals.engagement_score, 0)') }} as engagement_score,
        {{ lead_scoring.to_points('coalesce(engagement_totals.positive_engagement_points, 0)') }} as positive_engagement_points,
        {{ lead_scoring.to_points(
            'coalesce(fit_totals.negative_score, 0) + coalesce(engagement_totals.negative_score, 0)'
        ) }} as negative_score,
        {{ lead_scoring.to_points('coalesce(engagement_totals.decay_points, 0)') }} as decay_points,
        {{ lead_scoring.to_points(
            'coalesce(fit_totals.fit_score, 0) + coalesce(engagement_totals.engagement_score, 0)'
        ) }} as total_score_unclamped,
        {{ lead_scoring.to_points(lead_scoring.clamp_score(
            'coalesce(fit_totals.fit_score, 0) + coalesce(engagement_totals.engagement_score, 0)',
            'population.score_floor',
            'population.score_cap'
        )) }} as total_score,
        coalesce(fit_totals.is_disqualified, false) or coalesce(engagement_totals.is_disqualified, false) as is_disqualified,
        last_activity.last_activity_at,
        last_engaged.last_engaged_at,
        {{ lead_scoring.days_between('cast(last_engaged.last_engaged_at as date)', 'population.score_date') }} as days_inactive
    from population
    left join fit_totals
        on
            population.contact_id = fit_totals.contact_id
            and population.model_id = fit_totals.model_id
    left join engagement_totals
        on
            population.score_date = engagement_totals.score_date
            and population.contact_id = engagement_totals.contact_id
            and population.model_id = engagement_totals.model_id
    left join last_engaged
        on
            population.score_date = last_engaged.score_date
            and population.contact_id = last_engaged.contact_id
            and population.model_id = last_engaged.model_id
    left join last_activity
        on
            population.score_date = last_activity.score_date
            and population.contact_id = last_activity.contact_id

),

final as (

    select
        totals.score_date,
        totals.contact_id,
        totals.model_id,
        totals.company_id,
        totals.fit_score,
        totals.engagement_score,
        totals.positive_engagement_points,
        totals.negative_score,
        totals.decay_points,
        totals.total_score_unclamped,
        totals.total_score,
        totals.mql_threshold,
        fit_bands.grade as fit_grade,
        engagement_bands.grade as engagement_grade,
        {{ dbt.concat(['fit_bands.grade', 'engagement_bands.grade']) }} as lead_grade,
        totals.is_disqualified,
        coalesce(
            totals.total_score >= totals.mql_threshold and not totals.is_disqualified,
            false
        ) as is_mql,
        totals.last_activity_at,
        totals.last_engaged_at,
        totals.days_inactive
    from totals
    left join grade_bands as fit_bands
        on
            totals.model_id = fit_bands.model_id
            and fit_bands.dimension = 'fit'
            and {{ lead_scoring.grade_band_covers('fit_bands', 'totals.fit_score') }}
    left join grade_bands as engagement_bands
        on
            totals.model_id = engagement_bands.model_id
            and engagement_bands.dimension = 'engagement'
            and {{ lead_scoring.grade_band_covers('engagement_bands', 'totals.engagement_score') }}

)

select * from final
