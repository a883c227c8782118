{%- set dates = lead_scoring.score_dates() %}

-- The dates this build scores: the score date, plus the lookback or backfill range
-- (vars history_lookback_days, history_start_date). Every scoring model is computed
-- per score date, so one build fills the history for all of them.
with

dates as (
    {%- for score_date in dates %}
    select cast('{{ score_date }}' as date) as score_date
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        score_date,
        score_date = {{ lead_scoring.score_date() }} as is_current_score_date
    from dates

)

select * from final
