with

source as (

    select * from {{ ref('account_scoring_rules') }}

),

final as (

    select
        {{ lead_scoring.normalize_text('model_id') }} as model_id,
        coalesce({{ lead_scoring.normalize_text('engagement_rollup') }}, 'sum') as engagement_rollup,
        -- fixed-point like points, so that weighted points are exact decimals
        {{ lead_scoring.parse_points('engagement_weight') }} as engagement_weight,
        {{ lead_scoring.parse_points('engaged_contact_min_engagement') }} as engaged_contact_min_engagement,
        {{ lead_scoring.parse_points('breadth_points_per_department') }} as breadth_points_per_department,
        {{ lead_scoring.parse_as('max_breadth_departments', dbt.type_int()) }} as max_breadth_departments,
        coalesce({{ lead_scoring.parse_as('min_engaged_contacts', dbt.type_int()) }}, 1) as min_engaged_contacts,
        {{ lead_scoring.parse_points('account_mql_threshold') }} as account_mql_threshold,
        {{ lead_scoring.clean_text('description') }} as description
    from source

)

select * from final
