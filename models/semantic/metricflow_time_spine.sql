{#- MetricFlow's day time spine (one row per day, column date_day): it joins metrics to
    time (metric_time, cumulative and offset metrics, filling empty days). A fixed wide
    range covers every score date, history date and 90-day outcome of the demo and of a
    real deployment; override with vars time_spine_start_date / time_spine_end_date
    (end exclusive). dbt.date_spine keeps it portable (DuckDB, Spark). -#}
{{ config(materialized='table') }}

with

days as (

    {{ dbt.date_spine(
        datepart='day',
        start_date="cast('" ~ var('time_spine_start_date', '2015-01-01') ~ "' as date)",
        end_date="cast('" ~ var('time_spine_end_date', '2036-01-01') ~ "' as date)"
    ) }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
