{#- The score date as an ISO string. Validated here so a typo in --vars fails at
    compile time with a clear message instead of a cast error deep in a model. -#}
{% macro score_date_value() %}
    {%- set raw = var('score_date', none) -%}
    {%- if raw is none or (raw | string | trim) in ('', 'None', 'null', 'today') -%}
        {#- run_started_at is UTC and fixed for the whole invocation, so every model
            of one build sees the same date even across midnight. -#}
        {{- return(run_started_at.strftime('%Y-%m-%d')) -}}
    {%- endif -%}
    {%- set text = raw | string | trim -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', text) -%}
        {{ exceptions.raise_compiler_error("var score_date must be a date written YYYY-MM-DD, got '" ~ text ~ "'") }}
    {%- endif -%}
    {%- do modules.datetime.datetime.strptime(text, '%Y-%m-%d') -%}
    {{- return(text) -}}
{% endmacro %}

{#- The score date as a SQL date literal. -#}
{% macro score_date() %}
    {{- return("cast('" ~ lead_scoring.score_date_value() ~ "' as date)") -}}
{% endmacro %}

{#- Whole days from a date column to the score date (age of an activity, inactivity). -#}
{% macro days_to_score_date(date_column) %}
    {{- return(dbt.datediff(date_column, lead_scoring.score_date(), 'day') | trim) -}}
{% endmacro %}
