{%- set source_relation = source('crm', 'companies') -%}
{%- set extra_columns = lead_scoring.raw_extra_columns(source_relation, 'companies') -%}

with

source as (

    select * from {{ source_relation }}

),

typed as (

    select
        {{ lead_scoring.clean_text('company_id') }} as company_id,
        {{ lead_scoring.clean_text('name') }} as name,
        {{ lead_scoring.normalize_text('domain') }} as domain,
        {{ lead_scoring.normalize_text('industry') }} as industry,
        cast({{ lead_scoring.parse_as('employee_count', lead_scoring.type_double()) }} as {{ dbt.type_bigint() }}) as employee_count,
        {{ lead_scoring.parse_as('annual_revenue', lead_scoring.type_double()) }} as annual_revenue,
        {{ lead_scoring.normalize_text('country') }} as country,
        {{ lead_scoring.parse_as('created_at', dbt.type_timestamp()) }} as created_at,
        {%- for column in extra_columns %}
        {{ lead_scoring.clean_text(adapter.quote(column)) }} as {{ adapter.quote(column) }},
        {%- endfor %}
        case
            when {{ lead_scoring.clean_text('company_id') }} is null then 'missing_company_id'
            when {{ lead_scoring.is_unparseable('employee_count', lead_scoring.type_double()) }} then 'unparseable_employee_count'
            when {{ lead_scoring.parse_as('employee_count', lead_scoring.type_double()) }} < 0 then 'negative_employee_count'
            when {{ lead_scoring.is_unparseable('annual_revenue', lead_scoring.type_double()) }} then 'unparseable_annual_revenue'
            when {{ lead_scoring.parse_as('annual_revenue', lead_scoring.type_double()) }} < 0 then 'negative_annual_revenue'
            when {{ lead_scoring.is_unparseable('created_at', dbt.type_timestamp()) }} then 'unparseable_created_at'
        end as row_problem
    from source

),

ranked as (

    select
        *,
        row_number() over (
            partition by company_id
            order by
                case when row_problem is null then 0 else 1 end,
                created_at desc nulls last,
                name asc nulls last,
                domain asc nulls last
        ) as duplicate_rank
    from typed

),

final as (

    select
        *,
        coalesce(
            row_problem,
            case when duplicate_rank > 1 then 'duplicate_company_id' end
        ) as quarantine_reason
    from ranked

)

select * from final
