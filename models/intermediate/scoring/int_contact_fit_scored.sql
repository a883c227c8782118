-- One row per contact and scoring model with at least one matching fit rule.
with

matches as (

    select * from {{ ref('int_fit_rules_matched') }}

),

final as (

    select
        contact_id,
        model_id,
        {{ lead_scoring.to_points('sum(points)') }} as fit_score,
        {{ lead_scoring.to_points('sum(' ~ lead_scoring.negative_points('points') ~ ')') }} as negative_fit_points,
        max(case when is_disqualifying then 1 else 0 end) = 1 as is_disqualified,
        count(*) as matched_rule_count
    from matches
    group by
        contact_id,
        model_id

)

select * from final
