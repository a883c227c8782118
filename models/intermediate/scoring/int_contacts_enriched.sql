{%- set company_columns = adapter.get_columns_in_relation(ref('stg_crm__companies')) | map(attribute='name') | list if execute else [] -%}

with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

companies as (

    select * from {{ ref('stg_crm__companies') }}

),

scored_population as (
    -- deleted contacts are never scored; nor are those created after the score date
    select *
    from contacts
    where
        not is_deleted
        and created_date <= {{ lead_scoring.score_date() }}

),

final as (

    select
        scored_population.*,
        {%- for column in company_columns if column | lower != 'company_id' %}
        companies.{{ lead_scoring.quote_identifier(column) }} as {{ lead_scoring.quote_identifier('company_' ~ column | lower) }},
        {%- endfor %}
        companies.company_id is not null as has_known_company
    from scored_population
    left join companies
        on scored_population.company_id = companies.company_id

)

select * from final
