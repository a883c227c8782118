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

ranked as (
    -- a sort, not a top-3 aggregate: a sort spills to disk when memory runs short
    select
        *,
        row_number() over (
            partition by contact_id, model_id
            order by abs(points) desc, rule_id
        ) as reason_rank
    from current_contributions

),

labelled as (

    select
        contact_id,
        model_id,
        reason_rank,
        {{ lead_scoring.reason_label('rule_id', 'points') }} as reason
    from ranked
    where reason_rank <= 3

),

final as (

    select
        contact_id,
        model_id,
        {{ lead_scoring.ordered_listagg('reason', "', '", 'reason_rank') }} as top_reasons
    from labelled
    group by
        contact_id,
        model_id

)

select * from final
