{{ config(materialized='view') }}

-- The contributions of every model: rule-scored models as they are, and composite
-- models as their components' rows, each point multiplied by the component's weight.
-- Composite rule ids are `<component model>.<rule id>`. The one place a composite's
-- weight is applied: composite totals, reasons and company fit all sum these rows.
with

contributions as (

    select * from {{ ref('int_score_contributions_unioned') }}

),

component_contributions as (
    -- the same rows read a second time for the composites: one read shared by both
    -- would have the engine hold every contribution row
    select * from {{ ref('int_score_contributions_unioned') }}

),

components as (

    select * from {{ ref('stg_scoring_config__composite_model_components') }}

),

scoring_models as (

    select * from {{ ref('int_scoring_models_activated') }}

),

active_components as (
    -- composites that this build scores
    select components.*
    from components
    inner join scoring_models
        on components.model_id = scoring_models.model_id

),

rule_scored_rows as (

    select
        score_date,
        contact_id,
        model_id,
        rule_id,
        cast(null as {{ dbt.type_string() }}) as component_model_id,
        rule_id as component_rule_id,
        contribution_type,
        occurrence_count,
        earning_occurrence_count,
        points_before_caps,
        points_after_caps,
        points,
        is_disqualifying
    from contributions

),

composite_rows as (

    select
        contributions.score_date,
        contributions.contact_id,
        components.model_id,
        {{ dbt.concat(['contributions.model_id', "'.'", 'contributions.rule_id']) }} as rule_id,
        contributions.model_id as component_model_id,
        contributions.rule_id as component_rule_id,
        contributions.contribution_type,
        contributions.occurrence_count,
        contributions.earning_occurrence_count,
        {{ lead_scoring.to_points('components.weight * contributions.points_before_caps') }} as points_before_caps,
        {{ lead_scoring.to_points('components.weight * contributions.points_after_caps') }} as points_after_caps,
        {{ lead_scoring.to_points('components.weight * contributions.points') }} as points,
        contributions.is_disqualifying
    from component_contributions as contributions
    inner join active_components as components
        on contributions.model_id = components.component_model_id

),

final as (

    select * from rule_scored_rows
    union all
    select * from composite_rows

)

select * from final
