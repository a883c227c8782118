{#- The channel of a lead or a spend row that names none (a campaign without spend
    data, a lead_source missing from lead_source_channels, a spend row without a
    channel), as an SQL string literal. -#}
{% macro unknown_channel() %}
    {{- return("'unknown'") -}}
{% endmacro %}
