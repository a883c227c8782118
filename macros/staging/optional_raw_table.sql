{#- Whether an optional raw table (erasure requests) has any file in the raw
    directory. Required tables fail loudly when missing; optional ones are read only
    when present. The file pattern mirrors external_location in _crm__sources.yml. -#}
{% macro raw_table_is_present(table_name) %}
    {{- return(adapter.dispatch('raw_table_is_present', 'lead_scoring')(table_name)) -}}
{% endmacro %}

{% macro default__raw_table_is_present(table_name) %}
    {%- if not execute -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set raw_format = var('raw_format', env_var('LEAD_SCORING_RAW_FORMAT', 'parquet')) -%}
    {%- set raw_dir = var('raw_dir', env_var('LEAD_SCORING_RAW_DIR', 'data/demo')) | replace("'", "''") -%}
    {%- set result = run_query("select count(*) from glob('" ~ raw_dir ~ "/" ~ table_name ~ "*." ~ raw_format ~ "')") -%}
    {{- return(result.columns[0].values()[0] > 0) -}}
{% endmacro %}
