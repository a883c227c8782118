-- One row per scored contact and active scoring model: the score components,
-- the clamped total, the grades and the MQL flag.
with

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

scoring_models as (

    select * from {{ ref('stg_scoring_config__scoring_models') }}

),

fit as (

    select * from {{ ref('int_contact_fit_scored') }}

),

engagement as (

    select * from {{ ref('int_contact_engagement_decayed') }}

),

grade_bands as (

    select * from {{ ref('stg_scoring_config__grade_bands') }}

),

activities as (

    select * from {{ ref('stg_marketing__activities') }}

),

last_activity as (
    -- any activity counts here, scored or not: "when did we last hear from them"
    select
        contact_id,
        max(occurred_at) as last_activity_at
    from activities
    where occurred_date <= {{ lead_scoring.score_date() }}
    group by contact_id

),

components as (

    select
        contacts.contact_id,
        scoring_models.model_id,
        contacts.company_id,
        scoring_models.mql_threshold,
        scoring_models.score_floor,
        scoring_models.score_cap,
        coalesce(fit.fit_score, 0) as fit_score,
        coalesce(engagement.engagement_score, 0) as engagement_score,
        coalesce(engagement.positive_engagement_points, 0) as positive_engagement_points,
        {{ lead_scoring.to_points(
            'coalesce(fit.negative_fit_points, 0) + coalesce(engagement.negative_engagement_points, 0)'
        ) }} as negative_score,
        coalesce(engagement.decay_points, 0) as decay_points,
        coalesce(fit.is_disqualified, false)
        or coalesce(engagement.is_disqualified, false) as is_disqualified,
        last_activity.last_activity_at,
        engagement.last_engaged_at,
        engagement.days_inactive
    from contacts
    cross join scoring_models
    left join fit
        on
            contacts.contact_id = fit.contact_id
            and scoring_models.model_id = fit.model_id
    left join engagement
        on
            contacts.contact_id = engagement.contact_id
            and scoring_models.model_id = engagement.model_id
    left join last_activity
        on contacts.contact_id = last_activity.contact_id
    where scoring_models.is_active

),

totals as (

    select
        *,
        {{ lead_scoring.to_points('fit_score + engagement_score') }} as total_score_unclamped,
        {{ lead_scoring.to_points(lead_scoring.clamp_score('fit_score + engagement_score', 'score_floor', 'score_cap')) }} as total_score
    from components

),

band_candidates as (
    -- every band of the model, for both dimensions, next to the score it grades
    select
        totals.contact_id,
        totals.model_id,
        grade_bands.dimension,
        grade_bands.grade,
        grade_bands.min_score,
        case
            when grade_bands.dimension = 'fit' then totals.fit_score
            else totals.engagement_score
        end as graded_score
    from totals
    inner join grade_bands
        on totals.model_id = grade_bands.model_id

),

bands_ranked as (
    -- the highest band not above the score; a score below every band gets the lowest
    select
        *,
        row_number() over (
            partition by contact_id, model_id, dimension
            order by
                case when min_score <= graded_score then 0 else 1 end,
                case when min_score <= graded_score then -min_score else min_score end
        ) as band_rank
    from band_candidates

),

grades as (

    select
        contact_id,
        model_id,
        max(case when dimension = 'fit' then grade end) as fit_grade,
        max(case when dimension = 'engagement' then grade end) as engagement_grade
    from bands_ranked
    where band_rank = 1
    group by
        contact_id,
        model_id

),

final as (

    select
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
        grades.fit_grade,
        grades.engagement_grade,
        {{ dbt.concat(['grades.fit_grade', 'grades.engagement_grade']) }} as lead_grade,
        totals.is_disqualified,
        coalesce(
            totals.total_score >= totals.mql_threshold and not totals.is_disqualified,
            false
        ) as is_mql,
        totals.last_activity_at,
        totals.last_engaged_at,
        totals.days_inactive
    from totals
    left join grades
        on
            totals.contact_id = grades.contact_id
            and totals.model_id = grades.model_id

)

select * from final
