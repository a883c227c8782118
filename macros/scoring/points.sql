{#- Points are fixed-point decimals: sums of doubles depend on the order rows are
    added in (and so on the thread count); sums of decimals do not. -#}
{% macro points_type() %}
    {{- return(adapter.dispatch('points_type', 'lead_scoring')()) -}}
{% endmacro %}

{% macro default__points_type() %}
    {{- return('decimal(18,4)') -}}
{% endmacro %}

{#- Sums of values that are rounded once at the end (half-life decay): exact
    decimal addition, so the order rows are added in changes nothing. -#}
{% macro precise_points_type() %}
    {{- return(adapter.dispatch('precise_points_type', 'lead_scoring')()) -}}
{% endmacro %}

{% macro default__precise_points_type() %}
    {{- return('decimal(38,18)') -}}
{% endmacro %}

{% macro to_points(expression) %}
    cast(round({{ expression }}, 4) as {{ lead_scoring.points_type() }})
{%- endmacro %}

{#- A text column of a seed as points: null when it is not a number (the seed
    validation tests name such rows). -#}
{% macro parse_points(column) %}
    {{- lead_scoring.to_points(lead_scoring.parse_as(column, lead_scoring.type_double())) -}}
{%- endmacro %}

{#- Parsed numbers and rates are doubles. dbt's type_float() is a 4-byte float, and
    engines differ in when they widen it (DuckDB divides floats as doubles, Spark
    does not), which would give different rates and parsed values across engines. -#}
{% macro type_double() %}
    {{- return(adapter.dispatch('type_double', 'lead_scoring')()) -}}
{% endmacro %}

{% macro default__type_double() %}
    {{- return('double') -}}
{% endmacro %}
