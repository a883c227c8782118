{#- The columns DESIGN.md requires of each raw table. -#}
{% macro raw_required_columns(table_name) %}
    {{- return(var('raw_required_columns')[table_name]) -}}
{% endmacro %}

{#- The columns a raw table has beyond the required ones (a user's custom fields).
    Fails with the table named when it has no raw file, when a CSV file of it is
    malformed (raw_csv_problems), or when a required column is missing: clearer than
    the IO or binder error the staging model would otherwise hit. The file checks run
    in the base model, which reads the files first; later readers pass
    check_files=false. -#}
{% macro raw_extra_columns(relation, table_name, check_files=true) %}
    {%- if not execute -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- if check_files and not lead_scoring.raw_table_is_present(table_name) -%}
        {{ exceptions.raise_compiler_error(
            "Raw table '" ~ table_name ~ "' has no file: expected " ~ lead_scoring.raw_dir() ~ "/" ~ table_name ~ "*."
            ~ lead_scoring.raw_format() ~ " (var raw_dir or env LEAD_SCORING_RAW_DIR) with the columns "
            ~ lead_scoring.raw_required_columns(table_name) | join(', ')
        ) }}
    {%- endif -%}
    {%- set problems = lead_scoring.raw_csv_problems(table_name) if check_files else [] -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error("Raw table '" ~ table_name ~ "' has malformed CSV: " ~ problems | join('; ')) }}
    {%- endif -%}
    {%- set present = dbt.get_columns_in_query('select * from ' ~ relation) | map('lower') | list -%}
    {%- set required = lead_scoring.raw_required_columns(table_name) -%}
    {%- set missing = required | reject('in', present) | list -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Raw table '" ~ table_name ~ "' (" ~ relation ~ ") is missing required column(s): "
            ~ missing | join(', ') ~ ". Required: " ~ required | join(', ')
        ) }}
    {%- endif -%}
    {{- return(present | reject('in', lead_scoring.staging_reserved_columns(table_name)) | list) -}}
{% endmacro %}

{#- The required columns and the ones the base models derive (bookkeeping, rejections):
    a raw column of the same name is not a custom field. -#}
{% macro staging_reserved_columns(table_name) %}
    {%- set reserved = lead_scoring.raw_required_columns(table_name)
        + ['email_domain', 'email_rank', 'quarantine_reason', 'duplicate_rank', 'row_problem'] -%}
    {%- for field in lead_scoring.raw_checked_fields(table_name) -%}
        {%- do reserved.extend([field['column'] ~ '_rejection', field['column'] ~ '_rejected_value']) -%}
    {%- endfor -%}
    {{- return(reserved) -}}
{% endmacro %}

{#- The custom fields a base model carried through from its raw table, read off the
    built base model: a staging model reads its base model only, never the source. -#}
{% macro base_extra_columns(base_relation, table_name) %}
    {%- if not execute -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set present = adapter.get_columns_in_relation(base_relation) | map(attribute='name') | map('lower') | list -%}
    {{- return(present | reject('in', lead_scoring.staging_reserved_columns(table_name)) | list) -}}
{% endmacro %}

{#- What is structurally wrong with the CSV files of a raw table, file and line named:
    a header naming a column twice (DuckDB would rename the copy and the build would
    read the wrong one) and rows with more or fewer fields than the header (the
    sniffer would take the widest row for the header). Empty for Parquet. -#}
{% macro raw_csv_problems(table_name) %}
    {{- return(adapter.dispatch('raw_csv_problems', 'lead_scoring')(table_name)) -}}
{% endmacro %}

{% macro default__raw_csv_problems(table_name) %}
    {%- if lead_scoring.raw_format() != 'csv' -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set csv_options = "delim = ',', quote = '\"', escape = '\"', all_varchar = true" -%}
    {%- set pattern = lead_scoring.raw_dir() ~ '/' ~ table_name ~ '*.csv' -%}
    {%- set files = run_query('select file from glob(' ~ lead_scoring.sql_string(pattern) ~ ') order by file').columns[0].values() -%}
    {%- set problems = [] -%}
    {%- do run_query('drop table if exists lead_scoring_csv_rejects') -%}
    {%- do run_query('drop table if exists lead_scoring_csv_scans') -%}
    {%- for file in files -%}
        {#- one reader thread: with preserve_insertion_order off (the profile) a parallel
            scan's `limit 1` may return any line, not the header -#}
        {%- set header_row = run_query(
            'select * from read_csv(' ~ lead_scoring.sql_string(file) ~ ', header = false, null_padding = true, '
            ~ 'parallel = false, ' ~ csv_options ~ ') limit 1'
        ) -%}
        {#- null padding gives a header narrower than the widest row trailing nulls -#}
        {%- set values = header_row.rows[0].values() | list if header_row.rows | length > 0 else [] -%}
        {%- set width = namespace(fields=0) -%}
        {%- for value in values -%}
            {%- if value is not none -%}
                {%- set width.fields = loop.index -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set names = values[:width.fields] -%}
        {%- set seen = [] -%}
        {%- for name in names -%}
            {%- set key = (name or '') | trim | lower -%}
            {%- if key in seen -%}
                {%- do problems.append(file ~ ', line 1: column \'' ~ name ~ '\' appears more than once in the header') -%}
            {%- endif -%}
            {%- do seen.append(key) -%}
        {%- endfor -%}
        {%- if names and problems | length == 0 -%}
            {%- set columns = [] -%}
            {%- for name in names -%}
                {%- do columns.append(lead_scoring.sql_string('column' ~ loop.index) ~ ": 'varchar'") -%}
            {%- endfor -%}
            {%- do run_query(
                'select count(*) from read_csv(' ~ lead_scoring.sql_string(file) ~ ', header = true, auto_detect = false, '
                ~ 'columns = {' ~ columns | join(', ') ~ '}, strict_mode = true, null_padding = false, ignore_errors = true, '
                ~ "store_rejects = true, rejects_table = 'lead_scoring_csv_rejects', rejects_scan = 'lead_scoring_csv_scans', "
                ~ csv_options ~ ')'
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if files and problems | length == 0 -%}
        {%- set rejects = run_query(
            'select scans.file_path, rejects.line, rejects.error_type from lead_scoring_csv_rejects as rejects '
            ~ 'inner join lead_scoring_csv_scans as scans on rejects.scan_id = scans.scan_id and rejects.file_id = scans.file_id '
            ~ 'order by scans.file_path, rejects.line limit 20'
        ) -%}
        {%- for row in rejects.rows -%}
            {%- do problems.append(row[0] ~ ', line ' ~ row[1] ~ ': ' ~ (row[2] | lower) ~ ' (the header has a different number of fields)') -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(problems) -}}
{% endmacro %}

{#- Spark reads each CSV file with mode FAILFAST (macros/staging/raw_tables_on_spark.sql):
    a malformed row stops the build there. -#}
{% macro spark__raw_csv_problems(table_name) %}
    {{- return([]) -}}
{% endmacro %}

{#- The optional raw fields that are parsed into values. One bad value costs the
    value, not the row: the field is staged null and the raw text is listed in
    audit_rejected_values with the reason. Ids, the times scoring and outcomes hang on
    (contact created_at, activity occurred_at, deal created_at and closed_at) and the
    flags that decide whether a row counts at all (is_deleted, is_won) stay required:
    a row with one of those unreadable is quarantined whole. -#}
{% macro raw_checked_fields(table_name) %}
    {%- set fields = {
        'contacts': [
            {'column': 'updated_at', 'kind': 'timestamp'},
        ],
        'companies': [
            {'column': 'employee_count', 'kind': 'number', 'non_negative': true, 'whole': true},
            {'column': 'annual_revenue', 'kind': 'number', 'non_negative': true},
            {'column': 'created_at', 'kind': 'timestamp'},
        ],
        'deals': [
            {'column': 'amount', 'kind': 'number'},
        ],
        'activities': [],
        'campaign_spend': [],
    } -%}
    {{- return(fields[table_name]) -}}
{% endmacro %}

{#- Why an optional field's raw value is rejected (e.g. 'fractional_employee_count'),
    null when it is a value or blank. -#}
{% macro field_rejection(field, source_type=none) %}
    {%- set column = field['column'] -%}
    {%- if field['kind'] == 'timestamp' -%}
        case when {{ lead_scoring.timestamp_is_unparseable(column, source_type) }} then {{ lead_scoring.sql_string('unparseable_' ~ column) }} end
    {%- else -%}
        {%- set number = lead_scoring.parse_as(column, lead_scoring.type_double()) -%}
        case
            when {{ lead_scoring.value_problem(column, lead_scoring.type_double()) }} is not null
                then {{ lead_scoring.value_problem(column, lead_scoring.type_double()) }} || {{ lead_scoring.sql_string('_' ~ column) }}
            {%- if field.get('non_negative') %}
            when {{ number }} < 0 then {{ lead_scoring.sql_string('negative_' ~ column) }}
            {%- endif %}
            {%- if field.get('whole') %}
            when {{ number }} <> floor({{ number }}) then {{ lead_scoring.sql_string('fractional_' ~ column) }}
            {%- endif %}
        end
    {%- endif -%}
{%- endmacro %}

{#- The typed value of an optional field, null when its `<column>_rejection` (computed
    by field_rejection in an earlier CTE) names a problem. -#}
{% macro field_value(field, source_type=none) %}
    {%- set column = field['column'] -%}
    {%- if field['kind'] == 'timestamp' -%}
        {%- set value = lead_scoring.parse_timestamp(column, source_type) -%}
    {%- elif field.get('whole') -%}
        {%- set value = 'cast(' ~ lead_scoring.parse_as(column, lead_scoring.type_double()) ~ ' as ' ~ dbt.type_bigint() ~ ')' -%}
    {%- else -%}
        {%- set value = lead_scoring.parse_as(column, lead_scoring.type_double()) -%}
    {%- endif -%}
    case when {{ column }}_rejection is null then {{ value }} end
{%- endmacro %}

{#- The columns a base model adds for its checked fields: the reason and the raw text
    of each rejected value, read by audit_rejected_values. -#}
{% macro field_rejection_columns(table_name) %}
    {%- for field in lead_scoring.raw_checked_fields(table_name) %}
        {{ field['column'] }}_rejection,
        case when {{ field['column'] }}_rejection is not null then {{ lead_scoring.clean_text(field['column']) }} end
            as {{ field['column'] }}_rejected_value,
    {%- endfor %}
{%- endmacro %}

{#- The select a base model's fields_checked CTE makes: every raw column of `source`
    plus `<column>_rejection` of each checked field of the table, which field_value
    and field_rejection_columns then read. -#}
{% macro select_with_field_rejections(source, table_name, raw_types) %}
    select
        {%- for field in lead_scoring.raw_checked_fields(table_name) %}
        {{ lead_scoring.field_rejection(field, raw_types.get(field['column'])) }} as {{ field['column'] }}_rejection,
        {%- endfor %}
        {{ source }}.*
    from {{ source }}
{%- endmacro %}
