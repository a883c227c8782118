with

transitions as (

    select * from {{ ref('int_mql_transitions_detected') }}

),

final as (

    select
        contact_id,
        model_id,
        transition_date,
        previous_score_date,
        transition_type,
        transition_reason,
        previous_total_score,
        total_score,
        mql_threshold
    from transitions

)

select * from final
