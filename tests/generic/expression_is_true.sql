{#- Every row satisfies a boolean SQL expression (a null result counts as a failure:
    an invariant that cannot be evaluated does not hold). Returns the failing rows.
    built_score_dates_only: check only the score dates this build scored. -#}
{% test expression_is_true(model, expression, where_clause=none, built_score_dates_only=false) %}

select *
from {{ model }}
where
    not coalesce({{ expression }}, false)
    {%- if where_clause %}
    and ({{ where_clause }})
    {%- endif %}
    {%- if built_score_dates_only %}
    and {{ lead_scoring.built_score_dates_filter() }}
    {%- endif %}

{% endtest %}
