-- The top reasons behind each current score: the three rules (or decay) that moved
-- it most, as "rule_id (+20)", for sales and BI. Current score date only.
with

contributions as (

    select * from {{ ref('int_score_contributions_composited') }}

),

current_contributions as (
    -- the score date as a literal, so the engine reads only that date's rows
    select
        contact_id,
        model_id,
        rule_id,
        points
    from contributions
    where
        score_date = {{ lead_scoring.score_date() }}
        and points != 0

),

final as (

    {{ lead_scoring.top_three_reasons('current_contributions') }}

)

select * from final
