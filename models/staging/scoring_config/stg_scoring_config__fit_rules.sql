with

source as (

    select * from {{ ref('fit_rules') }}

),

final as (

    select
        {{ lead_scoring.normalize_text('model_id') }} as model_id,
        {{ lead_scoring.clean_text('rule_id') }} as rule_id,
        {{ lead_scoring.normalize_text('attribute') }} as attribute,
        {{ lead_scoring.normalize_text('operator') }} as operator,
        {{ lead_scoring.normalize_text('value') }} as value_text,
        {{ lead_scoring.parse_as('value', lead_scoring.type_double()) }} as value_number,
        {{ lead_scoring.parse_as(dbt.split_part(lead_scoring.clean_text('value'), "'|'", 1), lead_scoring.type_double()) }} as value_low,
        {{ lead_scoring.parse_as(dbt.split_part(lead_scoring.clean_text('value'), "'|'", 2), lead_scoring.type_double()) }} as value_high,
        {{ lead_scoring.parse_points('points') }} as points,
        coalesce({{ lead_scoring.parse_boolean('disqualify') }}, false) as is_disqualifying,
        {{ lead_scoring.clean_text('description') }} as description
    from source

)

select * from final
