{%- set source_relation = source('crm', 'companies') -%}
{%- set extra_columns = lead_scoring.raw_extra_columns(source_relation, 'companies') -%}
{%- set raw_types = lead_scoring.column_types(source_relation) -%}
{%- set fields = lead_scoring.raw_checked_fields('companies') -%}

with

source as (

    select * from {{ source_relation }}

),

fields_checked as (

    {{ lead_scoring.select_with_field_rejections('source', 'companies', raw_types) }}

),

typed as (

    select
        {{ lead_scoring.clean_text('company_id') }} as company_id,
        {{ lead_scoring.clean_text('name') }} as name,
        {{ lead_scoring.normalize_text('domain') }} as domain,
        {{ lead_scoring.normalize_text('industry') }} as industry,
        {%- for field in fields %}
        {{ lead_scoring.field_value(field, raw_types.get(field['column'])) }} as {{ field['column'] }},
        {%- endfor %}
        {{ lead_scoring.normalize_text('country') }} as country,
        {%- for column in extra_columns %}
        {{ lead_scoring.mask_personal_data(lead_scoring.clean_text(lead_scoring.quote_identifier(column))) }} as {{ lead_scoring.quote_identifier(column) }},
        {%- endfor %}
        {{- lead_scoring.field_rejection_columns('companies') }}
        case
            when {{ lead_scoring.clean_text('company_id') }} is null then 'missing_company_id'
        end as row_problem
    from fields_checked

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
