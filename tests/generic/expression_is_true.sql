{#- Every row satisfies a boolean SQL expression (a null result counts as a failure:
    an invariant that cannot be evaluated does not hold). Returns the failing rows. -#}
{% test expression_is_true(model, expression, where_clause=none) %}

select *
from {{ model }}
where
    not coalesce({{ expression }}, false)
    {%- if where_clause %}
    and ({{ where_clause }})
    {%- endif %}

{% endtest %}
