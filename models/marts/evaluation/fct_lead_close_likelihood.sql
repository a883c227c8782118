-- Likelihood to close for every contact scored at the current score date: the predicted
-- probability of a won deal within the evaluation horizon, its priority tier, the top
-- reasons behind it and why a probability may be missing (model_status). The model
-- itself is the Python model int_close_likelihood_predicted; this mart fixes the types
-- BI relies on (contract).
with

predicted as (

    select * from {{ ref('int_close_likelihood_predicted') }}

),

final as (

    select
        cast(score_date as date) as score_date,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(model_id as {{ dbt.type_string() }}) as model_id,
        cast(likelihood_to_close as double) as likelihood_to_close_90d,
        cast(lift_over_base_rate as double) as lift_over_base_rate,
        cast(priority_tier as {{ dbt.type_string() }}) as priority_tier,
        cast(top_reasons as {{ dbt.type_string() }}) as top_reasons,
        cast(is_customer as boolean) as is_customer,
        cast(population as {{ dbt.type_string() }}) as population,
        cast(model_status as {{ dbt.type_string() }}) as model_status,
        cast(estimator as {{ dbt.type_string() }}) as estimator,
        cast(feature_set as {{ dbt.type_string() }}) as feature_set,
        cast(horizon_days as bigint) as horizon_days,
        cast(training_score_dates as bigint) as training_score_dates,
        cast(training_rows as bigint) as training_rows,
        cast(training_conversions as bigint) as training_conversions,
        cast(training_base_rate as double) as training_base_rate
    from predicted

)

select * from final
