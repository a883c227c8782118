{%- set source_relation = source('crm', 'deals') -%}
{%- do lead_scoring.raw_extra_columns(source_relation, 'deals') -%}
{%- set raw_types = lead_scoring.column_types(source_relation) -%}
{%- set fields = lead_scoring.raw_checked_fields('deals') -%}

with

source as (

    select * from {{ source_relation }}

),

fields_checked as (

    {{ lead_scoring.select_with_field_rejections('source', 'deals', raw_types) }}

),

typed as (

    select
        {{ lead_scoring.clean_text('deal_id') }} as deal_id,
        {{ lead_scoring.clean_text('contact_id') }} as contact_id,
        {{ lead_scoring.clean_text('company_id') }} as company_id,
        {{ lead_scoring.parse_timestamp('created_at', raw_types.get('created_at')) }} as created_at,
        {{ lead_scoring.parse_timestamp('closed_at', raw_types.get('closed_at')) }} as closed_at,
        {{ lead_scoring.normalize_text('stage') }} as stage,
        coalesce({{ lead_scoring.parse_boolean('is_won') }}, false) as is_won,
        {%- for field in fields %}
        {{ lead_scoring.field_value(field, raw_types.get(field['column'])) }} as {{ field['column'] }},
        {%- endfor %}
        {{- lead_scoring.field_rejection_columns('deals') }}
        case
            when {{ lead_scoring.clean_text('deal_id') }} is null then 'missing_deal_id'
            when {{ lead_scoring.timestamp_is_missing('created_at', raw_types.get('created_at')) }} then 'missing_created_at'
            when {{ lead_scoring.timestamp_is_unparseable('created_at', raw_types.get('created_at')) }} then 'unparseable_created_at'
            when {{ lead_scoring.timestamp_is_unparseable('closed_at', raw_types.get('closed_at')) }} then 'unparseable_closed_at'
            when
                {{ lead_scoring.clean_text('is_won') }} is not null
                and {{ lead_scoring.parse_boolean('is_won') }} is null
                then 'unparseable_is_won'
        end as row_problem
    from fields_checked

),

ranked as (

    select
        *,
        row_number() over (
            partition by deal_id
            order by
                case when row_problem is null then 0 else 1 end,
                closed_at desc nulls last,
                created_at desc nulls last,
                stage asc nulls last,
                amount desc nulls last
        ) as duplicate_rank
    from typed

),

final as (

    select
        *,
        coalesce(
            row_problem,
            case when duplicate_rank > 1 then 'duplicate_deal_id' end
        ) as quarantine_reason
    from ranked

)

select * from final
