{#- Orders the candidate grade bands of one score so that the first is its grade:
    the band with the highest min_score not above the score, or, when the score is
    below every band, the lowest band (DESIGN.md). Use in row_number() ... order by. -#}
{% macro grade_band_order(min_score, score) %}
    {{- return(adapter.dispatch('grade_band_order', 'lead_scoring')(min_score, score)) -}}
{% endmacro %}

{% macro default__grade_band_order(min_score, score) %}
    case when {{ min_score }} <= {{ score }} then 0 else 1 end,
    case when {{ min_score }} <= {{ score }} then -{{ min_score }} else {{ min_score }} end
{%- endmacro %}
