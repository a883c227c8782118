-- var campaign_cost_mql_model_id must name a scoring model of the seeds: a typo would
-- otherwise count no MQL at all and show every cost per MQL as null.
with

models as (

    select model_id from {{ ref('stg_scoring_config__scoring_models') }}

),

configured as (

    select {{ lead_scoring.sql_string(var('campaign_cost_mql_model_id')) }} as campaign_cost_mql_model_id

),

final as (

    select configured.campaign_cost_mql_model_id
    from configured
    left join models
        on configured.campaign_cost_mql_model_id = models.model_id
    where models.model_id is null

)

select * from final
