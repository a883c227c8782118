with

source as (

    select * from {{ source('crm', 'deals') }}

),

typed as (

    select
        {{ lead_scoring.clean_text('deal_id') }} as deal_id,
        {{ lead_scoring.clean_text('contact_id') }} as contact_id,
        {{ lead_scoring.clean_text('company_id') }} as company_id,
        {{ lead_scoring.parse_as('created_at', dbt.type_timestamp()) }} as created_at,
        {{ lead_scoring.parse_as('closed_at', dbt.type_timestamp()) }} as closed_at,
        {{ lead_scoring.normalize_text('stage') }} as stage,
        coalesce({{ lead_scoring.parse_boolean('is_won') }}, false) as is_won,
        {{ lead_scoring.parse_as('amount', lead_scoring.type_double()) }} as amount,
        case
            when {{ lead_scoring.clean_text('deal_id') }} is null then 'missing_deal_id'
            when {{ lead_scoring.clean_text('created_at') }} is null then 'missing_created_at'
            when {{ lead_scoring.is_unparseable('created_at', dbt.type_timestamp()) }} then 'unparseable_created_at'
            when {{ lead_scoring.is_unparseable('closed_at', dbt.type_timestamp()) }} then 'unparseable_closed_at'
            when {{ lead_scoring.is_unparseable('amount', lead_scoring.type_double()) }} then 'unparseable_amount'
            when
                {{ lead_scoring.clean_text('is_won') }} is not null
                and {{ lead_scoring.parse_boolean('is_won') }} is null
                then 'unparseable_is_won'
        end as row_problem
    from source

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
