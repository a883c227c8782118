-- Decay steps are cumulative and ordered by inactive_days: two steps at the same
-- day, or a negative subtraction, would make decay ambiguous or add points.
with

source as (

    select * from {{ ref('decay_schedule') }}

),

labelled as (

    select
        *,
        'inactive_days ' || {{ lead_scoring.quoted_value('inactive_days') }}
        || ' of model ' || {{ lead_scoring.quoted_value('model_id') }} as row_label,
        count(*) over (
            partition by
                {{ lead_scoring.normalize_text('model_id') }},
                {{ lead_scoring.parse_as('inactive_days', dbt.type_int()) }}
        ) as steps_with_inactive_days
    from source

),

problems as (

    {{ lead_scoring.config_model_exists_check('decay_schedule') }}
    union all
    {{ lead_scoring.config_number_check('decay_schedule', 'inactive_days', required=true, data_type=dbt.type_int()) }}
    union all
    {{ lead_scoring.config_check('decay_schedule', 'inactive_days',
        lead_scoring.parse_as('inactive_days', dbt.type_int()) ~ ' < 1',
        "'must be at least 1 day'") }}
    union all
    {{ lead_scoring.config_check('decay_schedule', 'inactive_days',
        lead_scoring.parse_as('inactive_days', dbt.type_int()) ~ ' is not null and steps_with_inactive_days > 1',
        "'another step has the same inactive_days; steps must be strictly ordered'") }}
    union all
    {{ lead_scoring.config_number_check('decay_schedule', 'points_subtracted', required=true) }}
    union all
    {{ lead_scoring.config_check('decay_schedule', 'points_subtracted',
        lead_scoring.parse_as('points_subtracted', lead_scoring.type_double()) ~ ' < 0',
        "'must not be negative (it is subtracted), got ' || " ~ lead_scoring.quoted_value('points_subtracted')) }}
    union all
    {{ lead_scoring.config_boolean_check('decay_schedule', 'resets_score') }}

)

{{ lead_scoring.raise_config_problems('problems') }}
