-- One row per contact and fit rule it matches: every matching rule counts once.
with

attributes as (

    select * from {{ ref('int_contact_attributes_unpivoted') }}

),

rules as (

    select * from {{ ref('int_fit_rules_activated') }}

),

rule_values as (

    select * from {{ ref('int_fit_rule_values_unnested') }}

),

scalar_matches as (

    select
        attributes.contact_id,
        rules.model_id,
        rules.rule_id
    from attributes
    inner join rules
        on attributes.attribute = rules.attribute
    where
        rules.operator not in ('in', 'in_list')
        and {{ lead_scoring.fit_rule_matches(
            'rules.operator',
            'attributes.value_text',
            'attributes.value_number',
            'rules.value_text',
            'rules.value_number',
            'rules.value_low',
            'rules.value_high'
        ) }}

),

set_matches as (

    select distinct
        attributes.contact_id,
        rule_values.model_id,
        rule_values.rule_id
    from attributes
    inner join rule_values
        on
            attributes.attribute = rule_values.attribute
            and attributes.value_text = rule_values.value_text

),

all_matches as (

    select * from scalar_matches
    union all
    select * from set_matches

),

final as (

    select
        all_matches.contact_id,
        all_matches.model_id,
        all_matches.rule_id,
        rules.attribute,
        rules.operator,
        rules.points,
        rules.is_disqualifying
    from all_matches
    inner join rules
        on
            all_matches.model_id = rules.model_id
            and all_matches.rule_id = rules.rule_id

)

select * from final
