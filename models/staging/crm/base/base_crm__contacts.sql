{%- set source_relation = source('crm', 'contacts') -%}
{%- set erasure_relation = source('crm', 'erasure_requests') -%}
{%- set extra_columns = lead_scoring.raw_extra_columns(source_relation, 'contacts') -%}
{%- set raw_types = lead_scoring.column_types(source_relation) -%}
{%- set fields = lead_scoring.raw_checked_fields('contacts') -%}
{%- set masked_columns = lead_scoring.raw_free_text_columns('contacts', extra_columns) -%}

with

source as (

    select * from {{ source_relation }}

),

erasure_requests as (
    {%- if lead_scoring.raw_table_is_present('erasure_requests') %}

    select distinct {{ lead_scoring.clean_text('contact_id') }} as contact_id
    from {{ erasure_relation }}
    {%- else %}

    select cast(null as {{ dbt.type_string() }}) as contact_id
    where 1 = 0
    {%- endif %}

),

fields_checked as (

    {{ lead_scoring.select_with_field_rejections('source', 'contacts', raw_types) }}

),

typed as (

    select
        {{ lead_scoring.clean_text('contact_id') }} as contact_id,
        {{ lead_scoring.normalize_text('email') }} as email,
        {{ lead_scoring.mask_personal_data(lead_scoring.clean_text('job_title')) }} as job_title,
        {{ lead_scoring.normalize_text('seniority') }} as seniority,
        {{ lead_scoring.mask_personal_data(lead_scoring.normalize_text('department')) }} as department,
        {{ lead_scoring.normalize_text('country') }} as country,
        {{ lead_scoring.clean_text('company_id') }} as company_id,
        {{ lead_scoring.normalize_text('lead_source') }} as lead_source,
        {{ lead_scoring.normalize_text('lifecycle_stage') }} as lifecycle_stage,
        {{ lead_scoring.parse_timestamp('created_at', raw_types.get('created_at')) }} as created_at,
        {%- for field in fields %}
        {{ lead_scoring.field_value(field, raw_types.get(field['column'])) }} as {{ field['column'] }},
        {%- endfor %}
        coalesce({{ lead_scoring.parse_boolean('is_deleted') }}, false) as is_deleted,
        {%- for column in extra_columns %}
        {%- if column in masked_columns %}
        {{ lead_scoring.mask_personal_data(lead_scoring.clean_text(lead_scoring.quote_identifier(column))) }} as {{ lead_scoring.quote_identifier(column) }},
        {%- else %}
        {{ lead_scoring.clean_text(lead_scoring.quote_identifier(column)) }} as {{ lead_scoring.quote_identifier(column) }},
        {%- endif %}
        {%- endfor %}
        {{- lead_scoring.field_rejection_columns('contacts') }}
        -- the first problem found names the row's quarantine reason
        case
            when {{ lead_scoring.clean_text('contact_id') }} is null then 'missing_contact_id'
            when
                {{ lead_scoring.clean_text('contact_id') }} in (
                    select erasure_requests.contact_id from erasure_requests
                    where erasure_requests.contact_id is not null
                )
                then 'erasure_requested'
            when {{ lead_scoring.timestamp_is_missing('created_at', raw_types.get('created_at')) }} then 'missing_created_at'
            when {{ lead_scoring.timestamp_is_unparseable('created_at', raw_types.get('created_at')) }} then 'unparseable_created_at'
            when
                {{ lead_scoring.clean_text('is_deleted') }} is not null
                and {{ lead_scoring.parse_boolean('is_deleted') }} is null
                then 'unparseable_is_deleted'
        end as row_problem
    from fields_checked

),

ranked as (

    select
        *,
        -- one row per contact: the most recently updated valid version wins
        row_number() over (
            partition by contact_id
            order by
                case when row_problem is null then 0 else 1 end,
                updated_at desc nulls last,
                created_at desc nulls last,
                email asc nulls last,
                is_deleted asc
        ) as duplicate_rank
    from typed

),

email_ranked as (

    select
        *,
        -- one contact per email: a person with two CRM records would be scored twice
        row_number() over (
            partition by email
            order by
                case when row_problem is null and duplicate_rank = 1 then 0 else 1 end,
                is_deleted asc,
                updated_at desc nulls last,
                created_at desc nulls last,
                contact_id asc
        ) as email_rank
    from ranked

),

checked as (

    select
        *,
        coalesce(
            row_problem,
            case when duplicate_rank > 1 then 'duplicate_contact_id' end,
            case when email is not null and email_rank > 1 then 'duplicate_email' end
        ) as quarantine_reason
    from email_ranked

),

final as (

    select
        *,
        nullif({{ dbt.split_part('email', "'@'", 2) }}, '') as email_domain
    from checked

)

select * from final
