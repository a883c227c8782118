-- One row per company and model with an account roll-up rule, at the score date:
-- company fit plus the engagement of its contacts rolled up as configured
-- (account_scoring_rules.csv), buying-committee breadth, grade and account MQL flag.
with

lead_scores as (

    select * from {{ ref('int_lead_scores_graded') }}

),

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

company_fit as (

    select * from {{ ref('int_company_fit_scored') }}

),

rollup_rules as (

    select * from {{ ref('stg_scoring_config__account_scoring_rules') }}

),

grade_bands as (

    select * from {{ ref('int_grade_bands_ranged') }}

),

account_leads as (

    select
        lead_scores.model_id,
        contacts.company_id,
        lead_scores.contact_id,
        lead_scores.total_score,
        lead_scores.engagement_score,
        lead_scores.is_mql,
        contacts.department,
        lead_scores.engagement_score >= rollup_rules.engaged_contact_min_engagement as is_engaged
    from lead_scores
    inner join contacts
        on lead_scores.contact_id = contacts.contact_id
    inner join rollup_rules
        on lead_scores.model_id = rollup_rules.model_id
    where
        lead_scores.score_date = {{ lead_scoring.score_date() }}
        and contacts.has_known_company

),

best_contacts as (

    select
        model_id,
        company_id,
        contact_id as best_contact_id,
        total_score as best_contact_score,
        row_number() over (
            partition by model_id, company_id
            order by total_score desc, contact_id asc
        ) as contact_rank
    from account_leads

),

rolled_up as (

    select
        model_id,
        company_id,
        count(*) as contact_count,
        count(case when is_engaged then 1 end) as engaged_contact_count,
        count(case when is_mql then 1 end) as mql_contact_count,
        count(distinct case when is_engaged then department end) as engaged_department_count,
        sum(case when is_engaged then engagement_score else 0 end) as engagement_sum,
        max(case when is_engaged then engagement_score end) as engagement_max,
        avg(case when is_engaged then engagement_score end) as engagement_avg
    from account_leads
    group by
        model_id,
        company_id

),

scored as (

    select
        rolled_up.model_id,
        rolled_up.company_id,
        rolled_up.contact_count,
        rolled_up.engaged_contact_count,
        rolled_up.mql_contact_count,
        rolled_up.engaged_department_count,
        best_contacts.best_contact_id,
        best_contacts.best_contact_score,
        rollup_rules.min_engaged_contacts,
        rollup_rules.account_mql_threshold,
        coalesce(company_fit.company_fit_score, 0) as company_fit_score,
        {{ lead_scoring.to_points(
            "rollup_rules.engagement_weight * coalesce(case rollup_rules.engagement_rollup"
            ~ " when 'max' then rolled_up.engagement_max"
            ~ " when 'avg' then rolled_up.engagement_avg"
            ~ " else rolled_up.engagement_sum end, 0)"
        ) }} as account_engagement_score,
        {{ lead_scoring.to_points(
            'rollup_rules.breadth_points_per_department * case'
            ~ ' when rollup_rules.max_breadth_departments is not null'
            ~ ' and rolled_up.engaged_department_count > rollup_rules.max_breadth_departments'
            ~ ' then rollup_rules.max_breadth_departments'
            ~ ' else rolled_up.engaged_department_count end'
        ) }} as breadth_points
    from rolled_up
    inner join rollup_rules
        on rolled_up.model_id = rollup_rules.model_id
    inner join best_contacts
        on
            rolled_up.model_id = best_contacts.model_id
            and rolled_up.company_id = best_contacts.company_id
            and best_contacts.contact_rank = 1
    left join company_fit
        on
            rolled_up.model_id = company_fit.model_id
            and rolled_up.company_id = company_fit.company_id

),

totals as (

    select
        *,
        {{ lead_scoring.to_points('company_fit_score + account_engagement_score + breadth_points') }} as account_score
    from scored

),

grades as (

    select
        totals.model_id,
        totals.company_id,
        grade_bands.grade as account_grade
    from totals
    inner join grade_bands
        on
            totals.model_id = grade_bands.model_id
            and grade_bands.dimension = 'account'
            and {{ lead_scoring.grade_band_covers('grade_bands', 'totals.account_score') }}

),

final as (

    select
        totals.model_id,
        totals.company_id,
        totals.company_fit_score,
        totals.account_engagement_score,
        totals.breadth_points,
        totals.account_score,
        grades.account_grade,
        totals.account_score >= totals.account_mql_threshold
        and totals.engaged_contact_count >= totals.min_engaged_contacts as is_account_mql,
        totals.contact_count,
        totals.engaged_contact_count,
        totals.mql_contact_count,
        totals.engaged_department_count,
        totals.best_contact_id,
        totals.best_contact_score
    from totals
    left join grades
        on
            totals.model_id = grades.model_id
            and totals.company_id = grades.company_id

)

select * from final
