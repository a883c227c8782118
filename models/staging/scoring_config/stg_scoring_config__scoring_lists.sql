with

source as (

    select * from {{ ref('scoring_lists') }}

),

normalized as (

    select
        {{ lead_scoring.normalize_text('list_name') }} as list_name,
        {{ lead_scoring.normalize_text('value') }} as value_text
    from source

),

final as (
    -- a value listed twice is still one value: rules match it once
    select distinct
        list_name,
        value_text
    from normalized

)

select * from final
