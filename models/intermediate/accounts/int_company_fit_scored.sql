-- Company fit per company and model: the points of the fit rules that read a company
-- attribute (industry, size, revenue, company_*). Every contact of a company matches
-- them alike, so they are counted once per company. A composite weighs its components.
with

fit_matches as (

    select * from {{ ref('int_fit_rules_matched') }}

),

attributes as (

    select * from {{ ref('int_contact_attributes_listed') }}

),

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

components as (

    select * from {{ ref('stg_scoring_config__composite_model_components') }}

),

company_rule_matches as (

    select distinct
        contacts.company_id,
        fit_matches.model_id,
        fit_matches.rule_id,
        fit_matches.points
    from fit_matches
    inner join attributes
        on fit_matches.attribute = attributes.attribute
    inner join contacts
        on fit_matches.contact_id = contacts.contact_id
    where
        contacts.has_known_company
        and substr(attributes.source_column, 1, 8) = 'company_'

),

rule_scored as (

    select
        company_id,
        model_id,
        sum(points) as company_fit_score
    from company_rule_matches
    group by
        company_id,
        model_id

),

composite as (

    select
        rule_scored.company_id,
        components.model_id,
        sum({{ lead_scoring.to_points('components.weight * rule_scored.company_fit_score') }}) as company_fit_score
    from rule_scored
    inner join components
        on rule_scored.model_id = components.component_model_id
    group by
        rule_scored.company_id,
        components.model_id

),

final as (

    select
        company_id,
        model_id,
        {{ lead_scoring.to_points('company_fit_score') }} as company_fit_score
    from rule_scored
    union all
    select
        company_id,
        model_id,
        {{ lead_scoring.to_points('company_fit_score') }} as company_fit_score
    from composite

)

select * from final
