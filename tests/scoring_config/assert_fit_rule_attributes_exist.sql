-- A rule on an attribute no contact or company has would match nothing, silently.
-- Attributes come from the columns the raw files really have (custom ones included),
-- so this check runs once the contact model exists, not with the other seed checks.
with

source as (

    select * from {{ ref('fit_rules') }}

),

attributes as (

    select * from {{ ref('int_contact_attributes_listed') }}

),

labelled as (

    select
        *,
        'rule_id ' || {{ lead_scoring.quoted_value('rule_id') }}
        || ' of model ' || {{ lead_scoring.quoted_value('model_id') }} as row_label
    from source

),

problems as (

    {{ lead_scoring.config_check('fit_rules', 'attribute',
        lead_scoring.normalize_text('attribute') ~ ' not in (select attribute from attributes)',
        "'unknown attribute ' || " ~ lead_scoring.quoted_value('attribute') ~ " || ' (not a column of the raw contacts or companies)'") }}

)

{{ lead_scoring.raise_config_problems('problems') }}
