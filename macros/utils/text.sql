{#- Every character a raw export may pad a value with: ASCII whitespace, the
    no-break and other Unicode spaces, the zero-width space and the byte-order mark
    (a spreadsheet's NBSP or a BOM would otherwise make 'software\u00a0' a new code). -#}
{% macro whitespace_characters() %}
    {{- return(' \t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff') -}}
{% endmacro %}

{#- Text with every kind of whitespace trimmed from both ends. -#}
{% macro trim_whitespace(expression) %}
    {{- return(adapter.dispatch('trim_whitespace', 'lead_scoring')(expression)) -}}
{% endmacro %}

{#- Trimming with a character list is several times slower than testing the two end
    characters, and almost every value starts and ends with a printable ASCII one:
    only the others are trimmed (on 50M activities the difference is a minute).
    ascii() reads the first character; right(x, 1) would count every character of
    the text to find the last, reverse() does not. -#}
{% macro default__trim_whitespace(expression) %}
    case
        when ascii({{ expression }}) between 33 and 126 and ascii(reverse({{ expression }})) between 33 and 126
            then {{ expression }}
        else trim({{ expression }}, {{ lead_scoring.sql_string(lead_scoring.whitespace_characters()) }})
    end
{%- endmacro %}

{% macro spark__trim_whitespace(expression) %}
    trim(both {{ lead_scoring.sql_string(lead_scoring.whitespace_characters()) }} from {{ expression }})
{%- endmacro %}

{#- A 64-bit hash of a text, null for null: a fixed-width key for grouping hundreds of
    millions of distinct ids, where grouping the strings themselves outgrows memory. -#}
{% macro text_hash(expression) %}
    {{- return(adapter.dispatch('text_hash', 'lead_scoring')(expression)) -}}
{% endmacro %}

{% macro default__text_hash(expression) %}
    case when {{ expression }} is not null then hash({{ expression }}) end
{%- endmacro %}

{#- Spark's hash() is 32 bits: as many ids would collide as a 64-bit hash has values to spare. -#}
{% macro spark__text_hash(expression) %}
    case when {{ expression }} is not null then xxhash64({{ expression }}) end
{%- endmacro %}

{#- Trimmed text with blanks as null: raw exports write "missing" many ways. -#}
{% macro clean_text(column) %}
    nullif({{ lead_scoring.trim_whitespace('cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')') }}, '')
{%- endmacro %}

{#- Codes and emails compare case-insensitively: trimmed, lower-cased, blank as null. -#}
{% macro normalize_text(column) %}
    lower({{ lead_scoring.clean_text(column) }})
{%- endmacro %}

{#- Booleans from parquet (true/false) or CSV text (value_rules.boolean_words); anything
    else is null. -#}
{% macro parse_boolean(column) %}
    {%- set words = lead_scoring.value_rules()['boolean_words'] %}
    case
        when {{ lead_scoring.normalize_text(column) }} in {{ lead_scoring.sql_string_list(words['true']) }} then true
        when {{ lead_scoring.normalize_text(column) }} in {{ lead_scoring.sql_string_list(words['false']) }} then false
    end
{%- endmacro %}

{#- A value as a string literal of the engine: quotes (and on Spark backslashes)
    escaped, so a column name or seed value can never end the literal early. -#}
{% macro sql_string(value) %}
    {{- return(adapter.dispatch('sql_string', 'lead_scoring')(value)) -}}
{% endmacro %}

{% macro default__sql_string(value) %}
    {%- if value is none -%}
        {{- return('null') -}}
    {%- endif -%}
    {{- return("'" ~ (value | string) | replace("'", "''") ~ "'") -}}
{% endmacro %}

{% macro spark__sql_string(value) %}
    {{- return(lead_scoring.spark_literal(value)) -}}
{% endmacro %}

{#- Values as a parenthesised list of string literals, for `in`. -#}
{% macro sql_string_list(values) %}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- do literals.append(lead_scoring.sql_string(value)) -%}
    {%- endfor -%}
    {{- return('(' ~ literals | join(', ') ~ ')') -}}
{% endmacro %}

{#- A column name as a quoted identifier of the engine, the quote character doubled
    inside it: a raw header such as `Owner's "Region"` is only ever a name. -#}
{% macro quote_identifier(name) %}
    {{- return(adapter.dispatch('quote_identifier', 'lead_scoring')(name)) -}}
{% endmacro %}

{% macro default__quote_identifier(name) %}
    {{- return('"' ~ (name | string) | replace('"', '""') ~ '"') -}}
{% endmacro %}

{% macro spark__quote_identifier(name) %}
    {{- return('`' ~ (name | string) | replace('`', '``') ~ '`') -}}
{% endmacro %}

{#- Whether text matches a regular expression (RE2 on DuckDB, Java on Spark: the
    patterns used here mean the same in both). -#}
{% macro matches_pattern(expression, pattern) %}
    {{- return(adapter.dispatch('matches_pattern', 'lead_scoring')(expression, pattern)) -}}
{% endmacro %}

{% macro default__matches_pattern(expression, pattern) %}
    regexp_matches({{ expression }}, {{ lead_scoring.sql_string(pattern) }})
{%- endmacro %}

{% macro spark__matches_pattern(expression, pattern) %}
    ({{ expression }} rlike {{ lead_scoring.sql_string(pattern) }})
{%- endmacro %}

{#- A cast that gives null instead of failing on a bad value. -#}
{% macro safe_cast(expression, data_type) %}
    {{- return(adapter.dispatch('safe_cast', 'lead_scoring')(expression, data_type)) -}}
{% endmacro %}

{% macro default__safe_cast(expression, data_type) %}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{#- Text that is a number: written the same way on every engine (so '1_000', '0x10',
    'NaN' or 'Infinity', which some engines cast and others do not, are not numbers)
    and finite within number_limit. -#}
{% macro number_text_problem(text) %}
    case
        when {{ text }} is null then null
        when not {{ lead_scoring.matches_pattern(text, lead_scoring.value_rules()['number_pattern']) }} then 'unparseable'
        when not abs({{ lead_scoring.safe_cast(text, lead_scoring.type_double()) }}) <= {{ lead_scoring.value_rules()['number_limit'] }}
            then 'out_of_range'
    end
{%- endmacro %}

{#- Text that is a whole number within whole_number_limit (any int column holds it). -#}
{% macro whole_number_text_problem(text, data_type) %}
    case
        when {{ text }} is null then null
        when not {{ lead_scoring.matches_pattern(text, lead_scoring.value_rules()['whole_number_pattern']) }} then 'unparseable'
        when not abs({{ lead_scoring.safe_cast(text, dbt.type_bigint()) }}) <= {{ lead_scoring.value_rules()['whole_number_limit'] }}
            then 'out_of_range'
    end
{%- endmacro %}

{#- Text that is an instant: it starts with a digit (so 'epoch', 'infinity' or 'now'
    are not times) and parses as a timestamp; an offset or zone in it is applied. -#}
{% macro timestamp_text_problem(text) %}
    case
        when {{ text }} is null then null
        when not {{ lead_scoring.matches_pattern(text, lead_scoring.value_rules()['timestamp_pattern']) }} then 'unparseable'
        when {{ lead_scoring.text_to_utc_timestamp(text) }} is null then 'unparseable'
    end
{%- endmacro %}

{#- Timestamp text as a UTC timestamp without zone. DuckDB's cast to timestamp drops an
    offset; the cast to timestamptz applies it (text without one is read in the
    session zone, UTC in profiles.yml). Spark's timestamps are instants already. -#}
{% macro text_to_utc_timestamp(text) %}
    {{- return(adapter.dispatch('text_to_utc_timestamp', 'lead_scoring')(text)) -}}
{% endmacro %}

{% macro default__text_to_utc_timestamp(text) %}
    timezone('UTC', try_cast({{ text }} as timestamptz))
{%- endmacro %}

{% macro spark__text_to_utc_timestamp(text) %}
    try_cast({{ text }} as timestamp)
{%- endmacro %}

{#- Why a raw column's text is not a value of data_type ('unparseable' or
    'out_of_range'), null when it is one or is blank. -#}
{% macro value_problem(column, data_type) %}
    {%- set text = lead_scoring.clean_text(column) -%}
    {%- if data_type == lead_scoring.type_double() -%}
        {{ lead_scoring.number_text_problem(text) }}
    {%- elif data_type in (dbt.type_int(), dbt.type_bigint()) -%}
        {{ lead_scoring.whole_number_text_problem(text, data_type) }}
    {%- elif data_type == dbt.type_timestamp() -%}
        {{ lead_scoring.timestamp_text_problem(text) }}
    {%- else -%}
        case when {{ text }} is not null and {{ lead_scoring.safe_cast(text, data_type) }} is null then 'unparseable' end
    {%- endif -%}
{%- endmacro %}

{#- Text cleaned, then parsed: the typed value of a raw column, null when blank or
    when value_problem finds it is not a value of data_type. -#}
{% macro parse_as(column, data_type) %}
    {%- set text = lead_scoring.clean_text(column) -%}
    {%- set value = lead_scoring.text_to_utc_timestamp(text) if data_type == dbt.type_timestamp()
        else lead_scoring.safe_cast(text, data_type) -%}
    case when {{ lead_scoring.value_problem(column, data_type) }} is null then {{ value }} end
{%- endmacro %}

{#- True when the raw column holds something that does not parse as data_type. -#}
{% macro is_unparseable(column, data_type) %}
    ({{ lead_scoring.value_problem(column, data_type) }} is not null)
{%- endmacro %}

{#- Rows of a table, one per element of a delimited text column. -#}
{% macro split_to_rows(column, delimiter) %}
    {{- return(adapter.dispatch('split_to_rows', 'lead_scoring')(column, delimiter)) -}}
{% endmacro %}

{% macro default__split_to_rows(column, delimiter) %}
    unnest(string_split({{ column }}, {{ lead_scoring.sql_string(delimiter) }}))
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
    {#- an empty query: the types come with the result's description, and the plain
        select would run in full (a Thrift server collects every row in its driver) -#}
    {%- set empty_query = get_empty_subquery_sql('select * from ' ~ relation) -%}
    {%- for column in adapter.get_column_schema_from_query(empty_query) -%}
        {%- do types.update({column.name | lower: column.dtype | lower}) -%}
    {%- endfor -%}
    {{- return(types) -}}
{% endmacro %}

{#- How a raw column holds times: 'instant' (a zoned timestamp, e.g. Parquet with
    isAdjustedToUTC), 'utc' (a timestamp or date without zone, UTC by DESIGN.md) or
    none (text, parsed). -#}
{% macro native_timestamp_kind(source_type) %}
    {%- set source_type = (source_type or '') | lower -%}
    {%- if source_type.startswith('timestamp') and ('zone' in source_type or 'tz' in source_type) and 'ntz' not in source_type -%}
        {{- return('instant') -}}
    {%- elif source_type.startswith('timestamp') or source_type == 'date' -%}
        {{- return('utc') -}}
    {%- endif -%}
    {{- return(none) -}}
{% endmacro %}

{#- A zoned timestamp as the UTC timestamp without zone, whatever the session zone. -#}
{% macro instant_to_utc_timestamp(column) %}
    {{- return(adapter.dispatch('instant_to_utc_timestamp', 'lead_scoring')(column)) -}}
{% endmacro %}

{% macro default__instant_to_utc_timestamp(column) %}
    timezone('UTC', {{ column }})
{%- endmacro %}

{% macro spark__instant_to_utc_timestamp(column) %}
    cast({{ column }} as timestamp)
{%- endmacro %}

{#- A raw timestamp column, typed as a UTC timestamp: native timestamps as they are
    (zoned ones converted), text (CSV, mixed files) parsed, null when it does not. -#}
{% macro parse_timestamp(column, source_type) %}
    {%- set kind = lead_scoring.native_timestamp_kind(source_type) -%}
    {%- if kind == 'instant' -%}
        {{ lead_scoring.instant_to_utc_timestamp(column) }}
    {%- elif kind == 'utc' -%}
        cast({{ column }} as {{ dbt.type_timestamp() }})
    {%- else -%}
        {{ lead_scoring.parse_as(column, dbt.type_timestamp()) }}
    {%- endif -%}
{%- endmacro %}

{#- Whether a raw timestamp column is missing (null or blank). -#}
{% macro timestamp_is_missing(column, source_type) %}
    {%- if lead_scoring.native_timestamp_kind(source_type) -%}
        ({{ column }} is null)
    {%- else -%}
        ({{ lead_scoring.clean_text(column) }} is null)
    {%- endif -%}
{%- endmacro %}

{#- Whether a raw timestamp column holds something that is not a timestamp. -#}
{% macro timestamp_is_unparseable(column, source_type) %}
    {%- if lead_scoring.native_timestamp_kind(source_type) -%}
        false
    {%- else -%}
        {{ lead_scoring.is_unparseable(column, dbt.type_timestamp()) }}
    {%- endif -%}
{%- endmacro %}

{#- The value vocabulary (dbt_project.yml var value_rules): patterns and the limit a
    number is read with, shared with leadscore validate-seeds. -#}
{% macro value_rules() %}
    {{- return(var('value_rules')) -}}
{% endmacro %}
