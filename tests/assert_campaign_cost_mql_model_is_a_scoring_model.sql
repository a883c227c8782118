-- var campaign_cost_mql_model_id must name a scoring model of the seeds: a typo would
-- otherwise count no MQL at all and show every cost per MQL as null.
with

models as (

    select model_id from {{ ref('stg_scoring_config__scoring_models') }}

)

select {{ lead_scoring.sql_string(var('campaign_cost_mql_model_id')) }} as campaign_cost_mql_model_id
where not exists (
    select 1 from models
    where models.model_id = {{ lead_scoring.sql_string(var('campaign_cost_mql_model_id')) }}
)
