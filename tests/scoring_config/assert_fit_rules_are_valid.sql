-- A fit rule that cannot be read (unknown operator or attribute, points that are
-- not a number, a duplicate id) must stop the build with the row named, never
-- score leads on a half-understood rule.
with

source as (

    select * from {{ ref('fit_rules') }}

),

lists as (

    select * from {{ ref('scoring_lists') }}

),

labelled as (

    select
        *,
        'rule_id ' || {{ lead_scoring.quoted_value('rule_id') }}
        || ' of model ' || {{ lead_scoring.quoted_value('model_id') }} as row_label,
        {{ lead_scoring.normalize_text('operator') }} as operator_code,
        count(*) over (
            partition by {{ lead_scoring.normalize_text('model_id') }}, {{ lead_scoring.clean_text('rule_id') }}
        ) as rows_with_rule_id
    from source

),

problems as (

    {{ lead_scoring.config_model_exists_check('fit_rules') }}
    union all
    {{ lead_scoring.config_check('fit_rules', 'rule_id',
        lead_scoring.clean_text('rule_id') ~ ' is null', "'is required'") }}
    union all
    {{ lead_scoring.config_check('fit_rules', 'rule_id',
        lead_scoring.clean_text('rule_id') ~ ' is not null and rows_with_rule_id > 1',
        "'appears ' || cast(rows_with_rule_id as " ~ dbt.type_string() ~ ") || ' times in the model; rule ids must be unique per model'") }}
    union all
    {{ lead_scoring.config_check('fit_rules', 'attribute',
        lead_scoring.clean_text('attribute') ~ ' is null', "'is required'") }}
    union all
    {{ lead_scoring.config_check('fit_rules', 'operator',
        "operator_code is null or operator_code not in ('eq', 'in', 'contains', 'between', 'gte', 'lte', 'is_null', 'not_null', 'in_list')",
        "'unknown operator ' || " ~ lead_scoring.quoted_value('operator') ~ " || ' (expected eq, in, contains, between, gte, lte, is_null, not_null or in_list)'") }}
    union all
    {{ lead_scoring.config_check('fit_rules', 'value',
        "operator_code in ('eq', 'in', 'contains', 'in_list') and " ~ lead_scoring.clean_text('value') ~ ' is null',
        "'is required by operator ' || operator_code") }}
    union all
    {{ lead_scoring.config_check('fit_rules', 'value',
        "operator_code in ('gte', 'lte') and " ~ lead_scoring.parse_as('value', lead_scoring.type_double()) ~ ' is null',
        "'must be a number for operator ' || operator_code || ', got ' || " ~ lead_scoring.quoted_value('value')) }}
    union all
    {{ lead_scoring.config_check('fit_rules', 'value',
        "operator_code = 'between' and not coalesce("
        ~ lead_scoring.safe_cast(lead_scoring.clean_text(dbt.split_part(lead_scoring.clean_text('value'), "'|'", 1)), lead_scoring.type_double())
        ~ ' <= '
        ~ lead_scoring.safe_cast(lead_scoring.clean_text(dbt.split_part(lead_scoring.clean_text('value'), "'|'", 2)), lead_scoring.type_double())
        ~ ', false)',
        "'must be two numbers lo|hi with lo <= hi for operator between, got ' || " ~ lead_scoring.quoted_value('value')) }}
    union all
    {{ lead_scoring.config_check('fit_rules', 'value',
        "operator_code = 'in_list' and " ~ lead_scoring.normalize_text('value') ~ ' not in (select '
        ~ lead_scoring.normalize_text('list_name') ~ ' from lists where ' ~ lead_scoring.normalize_text('list_name') ~ ' is not null)',
        "'names list ' || " ~ lead_scoring.quoted_value('value') ~ " || ', which scoring_lists.csv does not have'") }}
    union all
    {{ lead_scoring.config_number_check('fit_rules', 'points', required=true) }}
    union all
    {{ lead_scoring.config_boolean_check('fit_rules', 'disqualify') }}

)

{{ lead_scoring.raise_config_problems('problems') }}
