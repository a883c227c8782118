-- The value sets of the list operators, one row per (rule, value), so that `in`
-- and `in_list` rules match by an equality join rather than by string search.
with

rules as (

    select * from {{ ref('int_fit_rules_activated') }}

),

lists as (

    select * from {{ ref('stg_scoring_config__scoring_lists') }}

),

inline_values as (
    -- `in`: values separated by `|` in the rule itself
    select
        model_id,
        rule_id,
        attribute,
        {{ lead_scoring.split_to_rows('value_text', '|') }} as value_text
    from rules
    where operator = 'in'

),

inline_values_trimmed as (

    select
        model_id,
        rule_id,
        attribute,
        nullif(trim(value_text), '') as value_text
    from inline_values

),

listed_values as (
    -- `in_list`: the rule's value names a list in scoring_lists
    select
        rules.model_id,
        rules.rule_id,
        rules.attribute,
        lists.value_text
    from rules
    inner join lists
        on rules.value_text = lists.list_name
    where rules.operator = 'in_list'

),

final as (

    select distinct
        model_id,
        rule_id,
        attribute,
        value_text
    from inline_values_trimmed
    where value_text is not null
    union all
    select
        model_id,
        rule_id,
        attribute,
        value_text
    from listed_values

)

select * from final
