-- Composite models and rule groups refer to other rows: a composite built on a
-- model that does not exist (or on another composite, or with rules of its own), a
-- group without a cap or a rule in a group that is not declared would score leads
-- on configuration nobody reviewed. Fail the build and name the row.
with

components as (

    select * from {{ ref('composite_model_components') }}

),

groups as (

    select * from {{ ref('engagement_rule_groups') }}

),

rules as (

    select * from {{ ref('engagement_rules') }}

),

fit_rules as (

    select * from {{ ref('fit_rules') }}

),

composite_ids as (

    select distinct {{ lead_scoring.normalize_text('model_id') }} as model_id
    from components

),

labelled_components as (

    select
        'composite_model_components' as seed_name,
        'model_id ' || {{ lead_scoring.quoted_value('model_id') }}
        || ', component ' || {{ lead_scoring.quoted_value('component_model_id') }} as row_label,
        components.*,
        count(*) over (
            partition by
                {{ lead_scoring.normalize_text('model_id') }},
                {{ lead_scoring.normalize_text('component_model_id') }}
        ) as rows_with_component
    from components

),

labelled_groups as (

    select
        'engagement_rule_groups' as seed_name,
        'group_id ' || {{ lead_scoring.quoted_value('group_id') }}
        || ' of model ' || {{ lead_scoring.quoted_value('model_id') }} as row_label,
        groups.*,
        count(*) over (
            partition by
                {{ lead_scoring.normalize_text('model_id') }},
                {{ lead_scoring.normalize_text('group_id') }}
        ) as rows_with_group
    from groups

),

labelled_rules as (

    select
        'engagement_rules' as seed_name,
        'rule_id ' || {{ lead_scoring.quoted_value('rule_id') }}
        || ' of model ' || {{ lead_scoring.quoted_value('model_id') }} as row_label,
        rules.*
    from rules

),

ruled_models as (

    select {{ lead_scoring.normalize_text('model_id') }} as model_id from fit_rules
    union all
    select {{ lead_scoring.normalize_text('model_id') }} as model_id from rules

),

problems as (

    {{ lead_scoring.config_model_exists_check('composite_model_components', relation='labelled_components') }}
    union all
    {{ lead_scoring.config_check('composite_model_components', 'component_model_id',
        lead_scoring.normalize_text('component_model_id') ~ ' is null or ' ~ lead_scoring.normalize_text('component_model_id')
        ~ ' not in (select ' ~ lead_scoring.normalize_text('model_id') ~ ' from ' ~ ref('scoring_models')
        ~ ' where ' ~ lead_scoring.normalize_text('model_id') ~ ' is not null)',
        "'component ' || " ~ lead_scoring.quoted_value('component_model_id') ~ " || ' has no row in scoring_models.csv'", relation='labelled_components') }}
    union all
    {{ lead_scoring.config_check('composite_model_components', 'component_model_id',
        lead_scoring.normalize_text('component_model_id') ~ ' in (select model_id from composite_ids)',
        "'component ' || " ~ lead_scoring.quoted_value('component_model_id') ~ " || ' is itself a composite; composites combine rule-scored models'", relation='labelled_components') }}
    union all
    {{ lead_scoring.config_check('composite_model_components', 'model_id',
        lead_scoring.normalize_text('model_id') ~ ' in (select model_id from ruled_models)',
        "'composite ' || " ~ lead_scoring.quoted_value('model_id') ~ " || ' also has fit or engagement rules; a composite only combines its components'", relation='labelled_components') }}
    union all
    {{ lead_scoring.config_check('composite_model_components', 'component_model_id',
        'rows_with_component > 1', "'is listed more than once for this composite'", relation='labelled_components') }}
    union all
    {{ lead_scoring.config_number_check('composite_model_components', 'weight', required=true, relation='labelled_components') }}
    union all
    {{ lead_scoring.config_model_exists_check('engagement_rule_groups', relation='labelled_groups') }}
    union all
    {{ lead_scoring.config_check('engagement_rule_groups', 'group_id',
        lead_scoring.clean_text('group_id') ~ ' is null', "'is required'", relation='labelled_groups') }}
    union all
    {{ lead_scoring.config_check('engagement_rule_groups', 'group_id',
        lead_scoring.clean_text('group_id') ~ ' is not null and rows_with_group > 1', "'is declared more than once for this model'", relation='labelled_groups') }}
    union all
    {{ lead_scoring.config_number_check('engagement_rule_groups', 'max_points', required=true, relation='labelled_groups') }}
    union all
    {{ lead_scoring.config_check('engagement_rule_groups', 'max_points',
        lead_scoring.parse_as('max_points', lead_scoring.type_double()) ~ ' < 0',
        "'must not be negative, got ' || " ~ lead_scoring.quoted_value('max_points'), relation='labelled_groups') }}
    union all
    {{ lead_scoring.config_check('engagement_rules', 'group_id',
        lead_scoring.clean_text('group_id') ~ ' is not null and not exists (select 1 from groups where '
        ~ lead_scoring.normalize_text('groups.model_id') ~ ' = ' ~ lead_scoring.normalize_text('labelled_rules.model_id')
        ~ ' and ' ~ lead_scoring.normalize_text('groups.group_id') ~ ' = ' ~ lead_scoring.normalize_text('labelled_rules.group_id') ~ ')',
        "'group ' || " ~ lead_scoring.quoted_value('group_id') ~ " || ' is not declared for this model in engagement_rule_groups.csv'", relation='labelled_rules') }}

)

{{ lead_scoring.raise_config_problems('problems') }}
