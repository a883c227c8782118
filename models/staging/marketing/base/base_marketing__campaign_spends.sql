{#- Every raw campaign spend row, typed, with `quarantine_reason` when it cannot be
    staged. The table is optional (var raw_optional_tables): without a file this model
    is empty with the same columns, and the reports say there is no spend data. The
    cost is the fact itself, so a cost that is not a non-negative number quarantines
    the row (it is not staged null as an optional field would be). -#}
{%- set source_relation = source('marketing', 'campaign_spend') -%}
{%- set is_present = lead_scoring.raw_table_is_present('campaign_spend') -%}
{%- set extra_columns = lead_scoring.raw_extra_columns(source_relation, 'campaign_spend') if is_present else [] -%}
{%- set raw_types = lead_scoring.column_types(source_relation) if is_present else {} -%}
{%- set currency = lead_scoring.normalize_text('currency') if 'currency' in extra_columns else 'null' -%}
{%- set spend_at = lead_scoring.parse_timestamp('spend_date', raw_types.get('spend_date')) -%}
{%- set cost_problem = lead_scoring.value_problem('cost', lead_scoring.type_double()) %}

with

{% if is_present %}
source as (

    select * from {{ source_relation }}

),

typed as (

    select
        {{ lead_scoring.clean_text('campaign_id') }} as campaign_id,
        cast({{ spend_at }} as date) as spend_date,
        {{ lead_scoring.normalize_text('channel') }} as channel,
        -- money as a fixed-point decimal: sums are exact and the same on every engine
        cast({{ lead_scoring.parse_as('cost', lead_scoring.type_double()) }} as {{ dbt.type_numeric() }}) as cost,
        upper(coalesce({{ currency }}, {{ lead_scoring.sql_string(var('campaign_spend_currency') | lower) }})) as currency,
        -- how the audit names the row: the raw table has no id of its own
        {{ dbt.concat([
            "coalesce(" ~ lead_scoring.clean_text('campaign_id') ~ ", '')",
            "'|'",
            "coalesce(" ~ lead_scoring.clean_text('spend_date') ~ ", '')",
            "'|'",
            "coalesce(" ~ lead_scoring.normalize_text('channel') ~ ", '')",
        ]) }} as spend_record_id,
        -- the first problem found names the row's quarantine reason
        case
            when {{ lead_scoring.clean_text('campaign_id') }} is null then 'missing_campaign_id'
            when {{ lead_scoring.timestamp_is_missing('spend_date', raw_types.get('spend_date')) }} then 'missing_spend_date'
            when {{ lead_scoring.timestamp_is_unparseable('spend_date', raw_types.get('spend_date')) }} then 'unparseable_spend_date'
            when {{ lead_scoring.clean_text('cost') }} is null then 'missing_cost'
            when {{ cost_problem }} is not null then {{ cost_problem }} || '_cost'
            when {{ lead_scoring.parse_as('cost', lead_scoring.type_double()) }} < 0 then 'negative_cost'
            when
                {{ currency }} is not null
                and upper({{ currency }}) != {{ lead_scoring.sql_string(var('campaign_spend_currency') | upper) }}
                then 'unconverted_currency'
        end as row_problem
    from source

),
{% else %}
typed as (
    -- no campaign_spend file: no spend data (not zero spend)
    select
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as date) as spend_date,
        cast(null as {{ dbt.type_string() }}) as channel,
        cast(null as {{ dbt.type_numeric() }}) as cost,
        cast(null as {{ dbt.type_string() }}) as currency,
        cast(null as {{ dbt.type_string() }}) as spend_record_id,
        cast(null as {{ dbt.type_string() }}) as row_problem
    where 1 = 0

),
{% endif %}

ranked as (

    select
        *,
        -- one cost per campaign, day and channel: a re-sent row would count twice;
        -- the copy kept is chosen by its values (the highest cost), never by file order
        row_number() over (
            partition by campaign_id, spend_date, channel
            order by
                case when row_problem is null then 0 else 1 end,
                cost desc nulls last,
                currency asc nulls last
        ) as duplicate_rank
    from typed

),

final as (

    select
        *,
        coalesce(
            row_problem,
            case when duplicate_rank > 1 then 'duplicate_campaign_spend' end
        ) as quarantine_reason
    from ranked

)

select * from final
