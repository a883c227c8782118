{#- Trimmed text with blanks as null: raw exports write "missing" many ways. -#}
{% macro clean_text(column) %}
    nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{%- endmacro %}

{#- Codes and emails compare case-insensitively: trimmed, lower-cased, blank as null. -#}
{% macro normalize_text(column) %}
    lower({{ lead_scoring.clean_text(column) }})
{%- endmacro %}

{#- Booleans from parquet (true/false) or CSV text (true/1/yes/...); anything else is null. -#}
{% macro parse_boolean(column) %}
    case
        when {{ lead_scoring.normalize_text(column) }} in ('true', 't', '1', 'yes', 'y') then true
        when {{ lead_scoring.normalize_text(column) }} in ('false', 'f', '0', 'no', 'n') then false
    end
{%- endmacro %}

{#- A cast that gives null instead of failing on a bad value. -#}
{% macro safe_cast(expression, data_type) %}
    {{- return(adapter.dispatch('safe_cast', 'lead_scoring')(expression, data_type)) -}}
{% endmacro %}

{% macro default__safe_cast(expression, data_type) %}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{#- Text cleaned, then cast safely: the typed value of a raw column. -#}
{% macro parse_as(column, data_type) %}
    {{ lead_scoring.safe_cast(lead_scoring.clean_text(column), data_type) }}
{%- endmacro %}

{#- True when the raw column holds something that does not parse as data_type. -#}
{% macro is_unparseable(column, data_type) %}
    ({{ lead_scoring.clean_text(column) }} is not null and {{ lead_scoring.parse_as(column, data_type) }} is null)
{%- endmacro %}

{#- Rows of a table, one per element of a delimited text column. -#}
{% macro split_to_rows(column, delimiter) %}
    {{- return(adapter.dispatch('split_to_rows', 'lead_scoring')(column, delimiter)) -}}
{% endmacro %}

{% macro default__split_to_rows(column, delimiter) %}
    unnest(string_split({{ column }}, '{{ delimiter }}'))
{%- endmacro %}

{#- Spark's split() takes a regular expression: the delimiter is matched literally. -#}
{% macro spark__split_to_rows(column, delimiter) %}
    explode(split({{ column }}, '{{ modules.re.escape(delimiter) | replace("\\", "\\\\") }}'))
{%- endmacro %}

{#- Text values of a group joined in a fixed order. dbt's listagg ignores the order
    on Spark (collect_list has none), which would make a hash of the list depend on
    how the data was partitioned: Spark sorts the collected (key, value) pairs. -#}
{% macro ordered_listagg(measure, delimiter_text, order_by) %}
    {{- return(adapter.dispatch('ordered_listagg', 'lead_scoring')(measure, delimiter_text, order_by)) -}}
{% endmacro %}

{% macro default__ordered_listagg(measure, delimiter_text, order_by) %}
    {{- dbt.listagg(measure, delimiter_text, 'order by ' ~ order_by) -}}
{% endmacro %}

{% macro spark__ordered_listagg(measure, delimiter_text, order_by) %}
    array_join(
        transform(
            array_sort(collect_list(named_struct('sort_key', {{ order_by }}, 'value', {{ measure }}))),
            pair -> pair.value
        ),
        {{ delimiter_text }}
    )
{%- endmacro %}

{#- Fail the query with a message: how a data test reports a problem in words. -#}
{% macro raise_error(message) %}
    {{- return(adapter.dispatch('raise_error', 'lead_scoring')(message)) -}}
{% endmacro %}

{% macro default__raise_error(message) %}
    error({{ message }})
{%- endmacro %}

{% macro spark__raise_error(message) %}
    raise_error({{ message }})
{%- endmacro %}

{#- The median of a column in an aggregate. -#}
{% macro median(expression) %}
    {{- return(adapter.dispatch('median', 'lead_scoring')(expression)) -}}
{% endmacro %}

{% macro default__median(expression) %}
    median({{ expression }})
{%- endmacro %}

{% macro spark__median(expression) %}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{#- A value as a Spark SQL literal: null, or a string with backslashes and quotes
    escaped (Spark string literals treat a backslash as an escape character). -#}
{% macro spark_literal(value) %}
    {%- if value is none -%}
        {{- return('null') -}}
    {%- endif -%}
    {{- return("'" ~ (value | string) | replace('\\', '\\\\') | replace("'", "\\'") ~ "'") -}}
{% endmacro %}

{#- The data type of each column of a relation or raw source, by lower-cased name,
    lower-cased (e.g. 'timestamp', 'varchar'). Empty when not executing. -#}
{% macro column_types(relation) %}
    {%- if not execute -%}
        {{- return({}) -}}
    {%- endif -%}
    {%- set types = {} -%}
    {%- for column in adapter.get_column_schema_from_query('select * from ' ~ relation) -%}
        {%- do types.update({column.name | lower: column.dtype | lower}) -%}
    {%- endfor -%}
    {{- return(types) -}}
{% endmacro %}

{#- Whether a raw column already holds timestamps (parquet), so staging can take the
    values as they are instead of parsing their text. -#}
{% macro is_native_timestamp(source_type) %}
    {{- return((source_type or '').startswith('timestamp') and 'zone' not in (source_type or '') and 'tz' not in (source_type or '')) -}}
{% endmacro %}

{#- A raw timestamp column, typed: native timestamps as they are, anything else
    (CSV text, mixed files) parsed from trimmed text, null when it does not parse. -#}
{% macro parse_timestamp(column, source_type) %}
    {%- if lead_scoring.is_native_timestamp(source_type) -%}
        cast({{ column }} as {{ dbt.type_timestamp() }})
    {%- else -%}
        {{ lead_scoring.parse_as(column, dbt.type_timestamp()) }}
    {%- endif -%}
{%- endmacro %}

{#- Whether a raw timestamp column is missing (null or blank). -#}
{% macro timestamp_is_missing(column, source_type) %}
    {%- if lead_scoring.is_native_timestamp(source_type) -%}
        ({{ column }} is null)
    {%- else -%}
        ({{ lead_scoring.clean_text(column) }} is null)
    {%- endif -%}
{%- endmacro %}

{#- Whether a raw timestamp column holds something that is not a timestamp. -#}
{% macro timestamp_is_unparseable(column, source_type) %}
    {%- if lead_scoring.is_native_timestamp(source_type) -%}
        false
    {%- else -%}
        {{ lead_scoring.is_unparseable(column, dbt.type_timestamp()) }}
    {%- endif -%}
{%- endmacro %}
