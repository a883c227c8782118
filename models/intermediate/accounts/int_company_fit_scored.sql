-- Company fit per company and model at the score date: the points of the fit rules
-- that read a company attribute (industry, size, revenue, company_*). Every contact of
-- a company matches them alike, so they are counted once per company. Read from the
-- weighted contributions, so a composite's company fit is its components' weighted
-- rows, as its lead scores are.
with

fit_contributions as (

    select * from {{ ref('int_score_contributions_composited') }}
    where
        score_date = {{ lead_scoring.score_date() }}
        and contribution_type = 'fit'

),

fit_rules as (

    select * from {{ ref('int_fit_rules_activated') }}

),

attributes as (

    select * from {{ ref('int_contact_attributes_listed') }}

),

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

company_rules as (
    -- the fit rules of rule-scored models that read a company attribute
    select distinct
        fit_rules.model_id,
        fit_rules.rule_id
    from fit_rules
    inner join attributes
        on fit_rules.attribute = attributes.attribute
    where substr(attributes.source_column, 1, 8) = 'company_'

),

company_rule_points as (

    select distinct
        contacts.company_id,
        fit_contributions.model_id,
        fit_contributions.rule_id,
        fit_contributions.points
    from fit_contributions
    inner join company_rules
        on
            coalesce(fit_contributions.component_model_id, fit_contributions.model_id) = company_rules.model_id
            and fit_contributions.component_rule_id = company_rules.rule_id
    inner join contacts
        on fit_contributions.contact_id = contacts.contact_id
    where contacts.has_known_company

),

final as (

    select
        company_id,
        model_id,
        {{ lead_scoring.to_points('sum(points)') }} as company_fit_score
    from company_rule_points
    group by
        company_id,
        model_id

)

select * from final
