-- Grades must be unambiguous: each band of a model and dimension has its own
-- min_score and its own label, or two leads with one score could get two grades.
with

source as (

    select * from {{ ref('grade_bands') }}

),

labelled as (

    select
        *,
        'grade ' || {{ lead_scoring.quoted_value('grade') }}
        || ', dimension ' || {{ lead_scoring.quoted_value('dimension') }}
        || ' of model ' || {{ lead_scoring.quoted_value('model_id') }} as row_label,
        count(*) over (
            partition by
                {{ lead_scoring.normalize_text('model_id') }},
                {{ lead_scoring.normalize_text('dimension') }},
                {{ lead_scoring.parse_as('min_score', lead_scoring.type_double()) }}
        ) as bands_with_min_score,
        count(*) over (
            partition by
                {{ lead_scoring.normalize_text('model_id') }},
                {{ lead_scoring.normalize_text('dimension') }},
                {{ lead_scoring.clean_text('grade') }}
        ) as bands_with_grade
    from source

),

problems as (

    {{ lead_scoring.config_model_exists_check('grade_bands') }}
    union all
    {{ lead_scoring.config_check('grade_bands', 'dimension',
        'coalesce(' ~ lead_scoring.normalize_text('dimension') ~ ", '') not in ('fit', 'engagement', 'account')",
        "'must be fit, engagement or account, got ' || " ~ lead_scoring.quoted_value('dimension')) }}
    union all
    {{ lead_scoring.config_check('grade_bands', 'grade',
        lead_scoring.clean_text('grade') ~ ' is null', "'is required'") }}
    union all
    {{ lead_scoring.config_number_check('grade_bands', 'min_score', required=true) }}
    union all
    {{ lead_scoring.config_check('grade_bands', 'min_score',
        lead_scoring.parse_as('min_score', lead_scoring.type_double()) ~ ' is not null and bands_with_min_score > 1',
        "'min_score ' || " ~ lead_scoring.quoted_value('min_score') ~ " || ' is shared by another band; bands must be strictly ordered'") }}
    union all
    {{ lead_scoring.config_check('grade_bands', 'grade',
        lead_scoring.clean_text('grade') ~ ' is not null and bands_with_grade > 1',
        "'grade appears more than once for this model and dimension'") }}

)

{{ lead_scoring.raise_config_problems('problems') }}
