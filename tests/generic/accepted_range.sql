{#- A column's values lie within [min_value, max_value] (either bound optional;
    inclusive unless inclusive=false). Nulls are not checked: pair with not_null. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error("accepted_range on " ~ model ~ "." ~ column_name ~ " needs min_value or max_value") }}
{%- endif -%}
{%- set lower_op = '>=' if inclusive else '>' -%}
{%- set upper_op = '<=' if inclusive else '<' -%}

select *
from {{ model }}
where
    {{ column_name }} is not null
    and not (
        {%- if min_value is not none %}
        {{ column_name }} {{ lower_op }} {{ min_value }}
        {%- endif %}
        {%- if min_value is not none and max_value is not none %} and {% endif %}
        {%- if max_value is not none %}
        {{ column_name }} {{ upper_op }} {{ max_value }}
        {%- endif %}
    )

{% endtest %}
