{#- Where the raw files are: var raw_dir, else env LEAD_SCORING_RAW_DIR, else the demo.
    (The sources' YAML repeats these two lookups: YAML cannot call project macros.) -#}
{% macro raw_dir() %}
    {{- return(var('raw_dir', env_var('LEAD_SCORING_RAW_DIR', 'data/demo'))) -}}
{% endmacro %}

{#- parquet (default) or csv: var raw_format, else env LEAD_SCORING_RAW_FORMAT. -#}
{% macro raw_format() %}
    {%- set raw_format = var('raw_format', env_var('LEAD_SCORING_RAW_FORMAT', 'parquet')) -%}
    {%- if raw_format not in ('parquet', 'csv') -%}
        {{ exceptions.raise_compiler_error("raw_format must be parquet or csv, got '" ~ raw_format ~ "'") }}
    {%- endif -%}
    {{- return(raw_format) -}}
{% endmacro %}

{#- Whether an optional raw table (var raw_optional_tables: erasure requests,
    campaign spend) has any file in the raw directory. Required tables fail loudly when missing; optional ones are read only
    when present. The file pattern mirrors external_location in _crm__sources.yml. -#}
{% macro raw_table_is_present(table_name) %}
    {{- return(adapter.dispatch('raw_table_is_present', 'lead_scoring')(table_name)) -}}
{% endmacro %}

{% macro default__raw_table_is_present(table_name) %}
    {%- if not execute -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set pattern = lead_scoring.raw_dir() ~ '/' ~ table_name ~ '*.' ~ lead_scoring.raw_format() -%}
    {%- set result = run_query("select count(*) from glob(" ~ lead_scoring.sql_string(pattern) ~ ")") -%}
    {{- return(result.columns[0].values()[0] > 0) -}}
{% endmacro %}

{% macro spark__raw_table_is_present(table_name) %}
    {{- return(lead_scoring.spark_raw_files(table_name) | length > 0) -}}
{% endmacro %}

{#- The raw files of a table on Spark, as absolute URIs, listed through the
    binaryFile source: a directory with no match for the glob filter is an empty
    listing, not an error, and the URIs are resolved against the working directory
    (a relative path in a table's location would be resolved against the warehouse). -#}
{% macro spark_raw_files(table_name) %}
    {%- if not execute -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set listing -%}
        create or replace temporary view lead_scoring_raw_file_listing
        using binaryFile
        options (
            path {{ lead_scoring.spark_literal(lead_scoring.raw_dir()) }},
            pathGlobFilter {{ lead_scoring.spark_literal(table_name ~ '*.' ~ lead_scoring.raw_format()) }}
        )
    {%- endset -%}
    {%- do run_query(listing) -%}
    {%- set result = run_query('select path from lead_scoring_raw_file_listing order by path') -%}
    {{- return(result.columns[0].values() | list) -}}
{% endmacro %}
