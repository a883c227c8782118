-- One row per contact, model and history date on which the MQL flag changed from
-- the previous scored date (or the first date the lead was seen as an MQL), with
-- why it changed.
with

history as (

    select * from {{ ref('int_lead_scores_historized') }}

),

with_previous as (

    select
        *,
        lag(score_date) over (partition by contact_id, model_id order by score_date) as previous_score_date,
        lag(is_mql) over (partition by contact_id, model_id order by score_date) as previous_is_mql,
        lag(total_score) over (partition by contact_id, model_id order by score_date) as previous_total_score,
        lag(is_disqualified) over (partition by contact_id, model_id order by score_date) as previous_is_disqualified,
        lag(decay_points) over (partition by contact_id, model_id order by score_date) as previous_decay_points,
        lag(scoring_config_version) over (
            partition by contact_id, model_id order by score_date
        ) as previous_scoring_config_version
    from history

),

changes as (

    select *
    from with_previous
    where
        (is_mql and coalesce(not previous_is_mql, true))
        or (not is_mql and previous_is_mql)

),

final as (

    select
        contact_id,
        model_id,
        score_date as transition_date,
        previous_score_date,
        case when is_mql then 'became_mql' else 'fell_back' end as transition_type,
        case
            when is_mql and previous_score_date is null then 'first_scored_as_mql'
            when is_mql then 'reached_threshold'
            when is_disqualified and not previous_is_disqualified then 'disqualified'
            when scoring_config_version != previous_scoring_config_version then 'scoring_config_changed'
            when decay_points < previous_decay_points then 'decay'
            else 'score_dropped'
        end as transition_reason,
        previous_total_score,
        total_score,
        mql_threshold
    from changes

)

select * from final
