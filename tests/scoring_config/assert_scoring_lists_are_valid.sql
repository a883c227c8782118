-- A list row without a name or a value is a typo that would silently match nothing.
with

source as (

    select * from {{ ref('scoring_lists') }}

),

labelled as (

    select
        *,
        'list ' || {{ lead_scoring.quoted_value('list_name') }}
        || ' value ' || {{ lead_scoring.quoted_value('value') }} as row_label
    from source

),

problems as (

    {{ lead_scoring.config_check('scoring_lists', 'list_name',
        lead_scoring.clean_text('list_name') ~ ' is null', "'is required'") }}
    union all
    {{ lead_scoring.config_check('scoring_lists', 'value',
        lead_scoring.clean_text('value') ~ ' is null', "'is required'") }}

)

{{ lead_scoring.raise_config_problems('problems') }}
