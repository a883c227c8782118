-- An account roll-up that cannot be read would mis-rank every account silently.
with

source as (

    select * from {{ ref('account_scoring_rules') }}

),

labelled as (

    select
        *,
        'model_id ' || {{ lead_scoring.quoted_value('model_id') }} as row_label,
        count(*) over (partition by {{ lead_scoring.normalize_text('model_id') }}) as rows_with_model_id
    from source

),

problems as (

    {{ lead_scoring.config_model_exists_check('account_scoring_rules') }}
    union all
    {{ lead_scoring.config_check('account_scoring_rules', 'model_id',
        'rows_with_model_id > 1', "'has more than one account roll-up row'") }}
    union all
    {{ lead_scoring.config_check('account_scoring_rules', 'engagement_rollup',
        'coalesce(' ~ lead_scoring.normalize_text('engagement_rollup') ~ ", 'sum') not in ('sum', 'max', 'avg')",
        "'must be sum, max or avg, got ' || " ~ lead_scoring.quoted_value('engagement_rollup')) }}
    union all
    {{ lead_scoring.config_number_check('account_scoring_rules', 'engagement_weight', required=true) }}
    union all
    {{ lead_scoring.config_number_check('account_scoring_rules', 'engaged_contact_min_engagement', required=true) }}
    union all
    {{ lead_scoring.config_number_check('account_scoring_rules', 'breadth_points_per_department', required=true) }}
    union all
    {{ lead_scoring.config_number_check('account_scoring_rules', 'max_breadth_departments', data_type=dbt.type_int()) }}
    union all
    {{ lead_scoring.config_number_check('account_scoring_rules', 'min_engaged_contacts', data_type=dbt.type_int()) }}
    union all
    {{ lead_scoring.config_number_check('account_scoring_rules', 'account_mql_threshold', required=true) }}

)

{{ lead_scoring.raise_config_problems('problems') }}
