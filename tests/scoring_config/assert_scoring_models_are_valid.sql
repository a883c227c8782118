-- A scoring model row that cannot be read would silently score every lead wrong:
-- fail the build and name the row instead.
with

source as (

    select * from {{ ref('scoring_models') }}

),

labelled as (

    select
        *,
        'model_id ' || {{ lead_scoring.quoted_value('model_id') }} as row_label,
        count(*) over (partition by {{ lead_scoring.normalize_text('model_id') }}) as rows_with_model_id
    from source

),

problems as (

    {{ lead_scoring.config_check('scoring_models', 'model_id',
        lead_scoring.clean_text('model_id') ~ ' is null', "'is required'") }}
    union all
    {{ lead_scoring.config_check('scoring_models', 'model_id',
        lead_scoring.clean_text('model_id') ~ ' is not null and rows_with_model_id > 1',
        "'appears ' || cast(rows_with_model_id as " ~ dbt.type_string() ~ ") || ' times; model ids must be unique'") }}
    union all
    {{ lead_scoring.config_number_check('scoring_models', 'mql_threshold', required=true) }}
    union all
    {{ lead_scoring.config_number_check('scoring_models', 'score_floor') }}
    union all
    {{ lead_scoring.config_number_check('scoring_models', 'score_cap') }}
    union all
    {{ lead_scoring.config_check('scoring_models', 'score_floor',
        lead_scoring.parse_as('score_floor', lead_scoring.type_double()) ~ ' > ' ~ lead_scoring.parse_as('score_cap', lead_scoring.type_double()),
        "'score_floor ' || " ~ lead_scoring.quoted_value('score_floor') ~ " || ' is above score_cap ' || " ~ lead_scoring.quoted_value('score_cap')) }}
    union all
    {{ lead_scoring.config_check('scoring_models', 'decay_mode',
        'coalesce(' ~ lead_scoring.normalize_text('decay_mode') ~ ", 'none') not in ('step', 'half_life', 'none')",
        "'unknown decay_mode ' || " ~ lead_scoring.quoted_value('decay_mode') ~ " || ' (expected step, half_life or none)'") }}
    union all
    {{ lead_scoring.config_check('scoring_models', 'half_life_days',
        lead_scoring.normalize_text('decay_mode') ~ " = 'half_life' and coalesce("
        ~ lead_scoring.parse_as('half_life_days', lead_scoring.type_double()) ~ ', 0) <= 0',
        "'must be a number above 0 when decay_mode is half_life, got ' || " ~ lead_scoring.quoted_value('half_life_days')) }}
    union all
    {{ lead_scoring.config_boolean_check('scoring_models', 'is_active') }}

)

{{ lead_scoring.raise_config_problems('problems') }}
