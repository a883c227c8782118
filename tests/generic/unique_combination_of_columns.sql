{#- No two rows share the same values of the given columns (the grain of a model).
    Returns one row per duplicated key with how many times it occurs. With
    built_score_dates_only, only the score dates this build scored are checked (an
    incremental history's other dates were checked by the builds that wrote them). -#}
{% test unique_combination_of_columns(model, combination_of_columns, built_score_dates_only=false) %}

select
    {{ combination_of_columns | join(',\n    ') }},
    count(*) as occurrences
from {{ model }}
{%- if built_score_dates_only %}
where {{ lead_scoring.built_score_dates_filter() }}
{%- endif %}
group by
    {{ combination_of_columns | join(',\n    ') }}
having count(*) > 1

{% endtest %}
