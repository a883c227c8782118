-- An engagement rule that cannot be read must stop the build with the row named.
with

source as (

    select * from {{ ref('engagement_rules') }}

),

labelled as (

    select
        *,
        'rule_id ' || {{ lead_scoring.quoted_value('rule_id') }}
        || ' of model ' || {{ lead_scoring.quoted_value('model_id') }} as row_label,
        count(*) over (
            partition by {{ lead_scoring.normalize_text('model_id') }}, {{ lead_scoring.clean_text('rule_id') }}
        ) as rows_with_rule_id
    from source

),

problems as (

    {{ lead_scoring.config_model_exists_check('engagement_rules') }}
    union all
    {{ lead_scoring.config_check('engagement_rules', 'rule_id',
        lead_scoring.clean_text('rule_id') ~ ' is null', "'is required'") }}
    union all
    {{ lead_scoring.config_check('engagement_rules', 'rule_id',
        lead_scoring.clean_text('rule_id') ~ ' is not null and rows_with_rule_id > 1',
        "'appears ' || cast(rows_with_rule_id as " ~ dbt.type_string() ~ ") || ' times in the model; rule ids must be unique per model'") }}
    union all
    {{ lead_scoring.config_check('engagement_rules', 'activity_type',
        lead_scoring.clean_text('activity_type') ~ ' is null', "'is required'") }}
    union all
    {{ lead_scoring.config_number_check('engagement_rules', 'points', required=true) }}
    union all
    {{ lead_scoring.config_number_check('engagement_rules', 'min_occurrences', data_type=dbt.type_int()) }}
    union all
    {{ lead_scoring.config_number_check('engagement_rules', 'max_occurrences', data_type=dbt.type_int()) }}
    union all
    {{ lead_scoring.config_number_check('engagement_rules', 'window_days', data_type=dbt.type_int()) }}
    union all
    {{ lead_scoring.config_check('engagement_rules', 'min_occurrences',
        lead_scoring.parse_as('min_occurrences', dbt.type_int()) ~ ' < 1',
        "'must be at least 1, got ' || " ~ lead_scoring.quoted_value('min_occurrences')) }}
    union all
    {{ lead_scoring.config_check('engagement_rules', 'max_occurrences',
        lead_scoring.parse_as('max_occurrences', dbt.type_int()) ~ ' < coalesce('
        ~ lead_scoring.parse_as('min_occurrences', dbt.type_int()) ~ ', 1)',
        "'must not be below min_occurrences, got ' || " ~ lead_scoring.quoted_value('max_occurrences')) }}
    union all
    {{ lead_scoring.config_check('engagement_rules', 'window_days',
        lead_scoring.parse_as('window_days', dbt.type_int()) ~ ' < 1',
        "'must be at least 1 day, got ' || " ~ lead_scoring.quoted_value('window_days')) }}
    union all
    {{ lead_scoring.config_boolean_check('engagement_rules', 'disqualify') }}

)

{{ lead_scoring.raise_config_problems('problems') }}
