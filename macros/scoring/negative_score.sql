{#- Negative scoring: the part of a rule's points that takes score away. -#}
{% macro negative_points(points) %}
    {{- return(adapter.dispatch('negative_points', 'lead_scoring')(points)) -}}
{% endmacro %}

{% macro default__negative_points(points) %}
    case when {{ points }} < 0 then {{ points }} else 0 end
{%- endmacro %}

{#- The part of a rule's points that adds score (the only part decay may touch). -#}
{% macro positive_points(points) %}
    {{- return(adapter.dispatch('positive_points', 'lead_scoring')(points)) -}}
{% endmacro %}

{% macro default__positive_points(points) %}
    case when {{ points }} > 0 then {{ points }} else 0 end
{%- endmacro %}
