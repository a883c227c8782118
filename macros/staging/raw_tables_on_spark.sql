{#- Spark has no read_parquet() to put in a source's location: before the build, each
    raw source table becomes a view over the same files DuckDB reads
    (`<raw_dir>/<table>*.<raw_format>`). Runs as an on-run-start hook; a no-op on
    DuckDB, whose sources read the files directly.

    Each file is an external table of its own (in schema `<source>__files`, dropped
    and re-created on every run, which never touches the files), and the source is
    a view that unions them by column name: a column missing from one file is null
    there, and int and bigint files union as bigint. Spark's own multi-file read
    (mergeSchema) refuses both, where DuckDB's union_by_name accepts them. -#}
{% macro register_raw_tables() %}
    {{- return(adapter.dispatch('register_raw_tables', 'lead_scoring')()) -}}
{% endmacro %}

{% macro default__register_raw_tables() %}
{% endmacro %}

{% macro spark__register_raw_tables() %}
    {%- if not execute -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set sources = graph.sources.values() | selectattr('package_name', 'equalto', project_name) | list -%}
    {%- for schema in sources | map(attribute='schema') | unique | sort -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
        {%- do run_query('drop schema if exists ' ~ lead_scoring.raw_files_schema(schema) ~ ' cascade') -%}
        {%- do run_query('create schema ' ~ lead_scoring.raw_files_schema(schema)) -%}
    {%- endfor -%}
    {%- for source_node in sources | sort(attribute='unique_id') -%}
        {%- set existing = adapter.get_relation(database=none, schema=source_node.schema, identifier=source_node.identifier) -%}
        {%- if existing is not none -%}
            {%- do adapter.drop_relation(existing) -%}
        {%- endif -%}
        {#- An optional table (erasure requests) without files stays absent; models
            check raw_table_is_present before reading it. -#}
        {%- set files = lead_scoring.spark_raw_files(source_node.identifier) -%}
        {%- if files -%}
            {%- do run_query(lead_scoring.create_raw_view_sql(source_node, files)) -%}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{% macro raw_files_schema(schema) %}
    {{- return(schema ~ '__files') -}}
{% endmacro %}

{#- Registers one external table per file and returns the view over them all. -#}
{% macro create_raw_view_sql(source_node, files) %}
    {%- set raw_format = lead_scoring.raw_format() -%}
    {%- set file_tables = [] -%}
    {%- set column_names = [] -%}
    {%- for file in files -%}
        {%- set file_table = api.Relation.create(
            schema=lead_scoring.raw_files_schema(source_node.schema),
            identifier=source_node.identifier ~ '__' ~ loop.index,
        ) -%}
        {%- do run_query(lead_scoring.create_raw_file_table_sql(file_table, file, raw_format)) -%}
        {%- set names = adapter.get_columns_in_relation(file_table) | map(attribute='name') | map('lower') | list -%}
        {%- do file_tables.append((file_table, names)) -%}
        {%- for name in names if name not in column_names -%}
            {%- do column_names.append(name) -%}
        {%- endfor -%}
    {%- endfor -%}
    create view {{ source_node.schema }}.{{ source_node.identifier }} as
    {%- for file_table, names in file_tables %}
    select
        {%- for name in column_names %}
        {{ lead_scoring.quote_identifier(name) if name in names else 'null' }} as {{ lead_scoring.quote_identifier(name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ file_table }}
    {{- '\n    union all' if not loop.last }}
    {%- endfor %}
{% endmacro %}

{% macro create_raw_file_table_sql(relation, file, raw_format) %}
    {%- set options = {'path': file} -%}
    {%- if raw_format == 'csv' -%}
        {#- Every CSV column as text, as on DuckDB: staging types and quarantines. A
            row with more or fewer fields than the header fails the read (FAILFAST)
            instead of being padded or cut. -#}
        {%- do options.update({'header': 'true', 'inferSchema': 'false', 'mode': 'FAILFAST'}) -%}
    {%- endif -%}
    create table {{ relation }}
    using {{ raw_format }}
    options (
        {%- for key, value in options.items() %}
        {{ key }} {{ lead_scoring.spark_literal(value) }}{{ ',' if not loop.last }}
        {%- endfor %}
    )
{% endmacro %}
