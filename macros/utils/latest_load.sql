{#- Whether every row of `model` was written by its latest build (checked at run
    time; at parse time there is nothing to read). -#}
{% macro every_row_of_latest_load(model, latest_load_column) %}
    {%- if not execute -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set query -%}
        select count(*) from {{ model }}
        having min({{ latest_load_column }}) = max({{ latest_load_column }})
    {%- endset -%}
    {{- return(run_query(query).rows | length > 0) -}}
{% endmacro %}
