-- How good is the likelihood-to-close model, and is it better than the rule score? One
-- row per population, holdout date, scorer, metric and decile, from the rolling-origin
-- evaluation of the Python model int_predictive_model_evaluated (long format: the
-- report pivots it).
with

evaluated as (

    select * from {{ ref('int_predictive_model_evaluated') }}

),

final as (

    select
        cast(model_id as {{ dbt.type_string() }}) as model_id,
        cast(population as {{ dbt.type_string() }}) as population,
        cast(scorer as {{ dbt.type_string() }}) as scorer,
        cast(metric_name as {{ dbt.type_string() }}) as metric_name,
        cast(bucket as bigint) as bucket,
        -- value and rows are the long-format names BI reads; DuckDB takes them unquoted
        cast(value as double) as value,  -- noqa: RF04
        cast(rows as bigint) as rows,  -- noqa: RF04
        cast(status as {{ dbt.type_string() }}) as status,
        cast(holdout_score_date as date) as holdout_score_date,
        cast(training_score_dates as bigint) as training_score_dates,
        cast(training_rows as bigint) as training_rows,
        cast(training_conversions as bigint) as training_conversions,
        cast(holdout_rows as bigint) as holdout_rows,
        cast(holdout_conversions as bigint) as holdout_conversions,
        cast(estimator as {{ dbt.type_string() }}) as estimator,
        cast(feature_set as {{ dbt.type_string() }}) as feature_set
    from evaluated

)

select * from final
