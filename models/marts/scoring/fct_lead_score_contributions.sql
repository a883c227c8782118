-- Why each current score is what it is: one row per contact, model, score date and
-- rule that moved the score (decay is a row of its own, rule_id `_decay`). The
-- points of a contact's rows add up to its total_score_unclamped.
with

contributions as (

    select * from {{ ref('int_score_contributions_composited') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models_activated') }}

),

final as (

    select
        contributions.score_date,
        contributions.contact_id,
        contributions.model_id,
        contributions.rule_id,
        contributions.component_model_id,
        contributions.contribution_type,
        contributions.occurrence_count,
        contributions.earning_occurrence_count,
        contributions.points_before_caps,
        contributions.points_after_caps,
        contributions.points,
        contributions.is_disqualifying
    from contributions
    inner join scoring_models
        on contributions.model_id = scoring_models.model_id
    where
        scoring_models.is_active
        and contributions.score_date = {{ lead_scoring.score_date() }}

)

select * from final
