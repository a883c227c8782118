-- The fit rules of the models this build computes.
with

rules as (

    select * from {{ ref('stg_scoring_config__fit_rules') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models_activated') }}

),

final as (

    select rules.*
    from rules
    inner join scoring_models
        on rules.model_id = scoring_models.model_id

)

select * from final
