-- The scoring models this build computes: every active model, and the components of
-- active composites (a component scores for its composite even when it publishes no
-- scores of its own). Inactive models are filtered here, once: every rule reaches
-- the scoring through this model.
with

scoring_models as (

    select * from {{ ref('stg_scoring_config__scoring_models') }}

),

components as (

    select * from {{ ref('stg_scoring_config__composite_model_components') }}

),

needed_components as (

    select distinct components.component_model_id as model_id
    from components
    inner join scoring_models
        on components.model_id = scoring_models.model_id
    where scoring_models.is_active

),

composites as (

    select distinct model_id
    from components

),

final as (

    select
        scoring_models.model_id,
        scoring_models.mql_threshold,
        scoring_models.score_floor,
        scoring_models.score_cap,
        scoring_models.decay_mode,
        scoring_models.half_life_days,
        scoring_models.is_active,
        composites.model_id is not null as is_composite
    from scoring_models
    left join composites
        on scoring_models.model_id = composites.model_id
    where
        scoring_models.is_active
        or scoring_models.model_id in (select needed_components.model_id from needed_components)

)

select * from final
