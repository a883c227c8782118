-- Transitions must agree with the history they come from: on a became_mql row the
-- lead is an MQL on the transition date and was not on the previous scored date
-- (fell_back: the reverse), no scored date lies between the two, and only a lead's
-- first scored date may have no previous date.
with

transitions as (

    select * from {{ ref('fct_mql_transitions') }}

),

history as (

    select * from {{ ref('fct_lead_score_history') }}

),

dates_between as (

    select
        transitions.contact_id,
        transitions.model_id,
        transitions.transition_date,
        count(history.score_date) as scored_dates_in_between
    from transitions
    left join history
        on
            transitions.contact_id = history.contact_id
            and transitions.model_id = history.model_id
            and transitions.transition_date > history.score_date
            and (
                transitions.previous_score_date is null
                or transitions.previous_score_date < history.score_date
            )
    group by
        transitions.contact_id,
        transitions.model_id,
        transitions.transition_date

),

checked as (

    select
        transitions.contact_id,
        transitions.model_id,
        transitions.transition_date,
        transitions.transition_type,
        transitions.previous_score_date,
        current_day.is_mql as is_mql_on_date,
        previous_day.is_mql as was_mql_before,
        dates_between.scored_dates_in_between
    from transitions
    inner join dates_between
        on
            transitions.contact_id = dates_between.contact_id
            and transitions.model_id = dates_between.model_id
            and transitions.transition_date = dates_between.transition_date
    left join history as current_day
        on
            transitions.contact_id = current_day.contact_id
            and transitions.model_id = current_day.model_id
            and transitions.transition_date = current_day.score_date
    left join history as previous_day
        on
            transitions.contact_id = previous_day.contact_id
            and transitions.model_id = previous_day.model_id
            and transitions.previous_score_date = previous_day.score_date

)

select *
from checked
where
    is_mql_on_date is null
    or is_mql_on_date != (transition_type = 'became_mql')
    or (previous_score_date is not null and (was_mql_before is null or was_mql_before = is_mql_on_date))
    or (previous_score_date is null and transition_type != 'became_mql')
    or scored_dates_in_between > 0
