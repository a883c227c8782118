{#- Ends a seed validation test: when the `problems` CTE (seed_name, row_label,
    column_name, problem) has rows, the query fails with one message listing every
    problem, each naming the seed file, the row and the column. dbt shows that
    message as the build error; on a valid configuration the test returns no rows. -#}
{% macro raise_config_problems(problems) %}
{%- set message = "seed_name || '.csv, row ' || row_label || ', column ' || column_name || ': ' || problem" %}

select
    problem_count,
    messages
from (
    select
        count(*) as problem_count,
        {{ lead_scoring.ordered_listagg(message, "' | '", message) }} as messages
    from {{ problems }}
) as summary
-- the error is raised in the filter, not the select list: dbt wraps a test in
-- `select count(*) from (...)`, and the engine may skip evaluating unused columns
where
    problem_count > 0
    and {{ lead_scoring.raise_error(
        "'Invalid scoring configuration (' || cast(problem_count as " ~ dbt.type_string() ~ ") || ' problem(s)): ' || messages"
    ) }} is null

{% endmacro %}

{#- The checks of one scoring seed, as declared once in seeds/scoring/_scoring__seeds.yml
    (the arguments of its valid_scoring_seed test, which leadscore validate-seeds reads
    too). Returns the SQL of the `problems` rows (seed_name, row_label, column_name,
    problem) over the CTE `labelled`; checks of kind `order` see the file's row order,
    which a loaded table does not have, and are left to validate-seeds. -#}
{% macro scoring_seed_problems(seed_name, checks) %}
    {%- set selects = [] -%}
    {%- for check in checks if check.check != 'order' -%}
        {%- set condition = lead_scoring.config_check_condition(check) -%}
        {%- if check.get('when') -%}
            {%- set condition = '(' ~ condition ~ ') and ' ~ lead_scoring.config_check_when(check.get('when')) -%}
        {%- endif -%}
        {%- do selects.append(
            "select " ~ lead_scoring.sql_string(seed_name) ~ " as seed_name, row_label, "
            ~ lead_scoring.sql_string(check.column) ~ " as column_name, "
            ~ lead_scoring.config_check_message(check) ~ " as problem from labelled where " ~ condition
        ) -%}
    {%- endfor -%}
    {{- return(selects | join('\nunion all\n')) -}}
{% endmacro %}

{#- The windowed counts the `unique` checks compare with 1, as columns of `labelled`. -#}
{% macro scoring_seed_duplicate_counts(checks) %}
    {%- set counts = [] -%}
    {%- for check in checks if check.check == 'unique' -%}
        {%- set keys = [] -%}
        {%- for key in check.key -%}
            {%- do keys.append(lead_scoring.config_key_expression(key.column, key.as)) -%}
        {%- endfor -%}
        {%- do counts.append('count(*) over (partition by ' ~ keys | join(', ') ~ ') as ' ~ lead_scoring.config_duplicate_count_column(check)) -%}
    {%- endfor -%}
    {{- return(counts) -}}
{% endmacro %}

{#- A column as a check compares it: code (trimmed, lower case), text (trimmed),
    number or whole_number (parsed, null when it is not one). -#}
{% macro config_key_expression(column, kind='code') %}
    {%- if kind == 'text' -%}
        {{- return(lead_scoring.clean_text(column)) -}}
    {%- elif kind == 'number' -%}
        {{- return(lead_scoring.parse_as(column, lead_scoring.type_double())) -}}
    {%- elif kind == 'whole_number' -%}
        {{- return(lead_scoring.parse_as(column, dbt.type_int())) -}}
    {%- endif -%}
    {{- return(lead_scoring.normalize_text(column)) -}}
{% endmacro %}

{#- `when: {column: values}`: the check applies to rows whose code is one of the values. -#}
{% macro config_check_when(when) %}
    {%- set conditions = [] -%}
    {%- for column, values in when.items() -%}
        {%- do conditions.append(lead_scoring.normalize_text(column) ~ ' in ' ~ lead_scoring.sql_string_list(values)) -%}
    {%- endfor -%}
    {{- return(conditions | join(' and ')) -}}
{% endmacro %}

{#- The rows a check reports, by its kind (see the header of _scoring__seeds.yml). -#}
{% macro config_check_condition(check) %}
    {%- set column = check.column -%}
    {%- set data_type = dbt.type_int() if check.get('type') == 'whole_number' else lead_scoring.type_double() -%}
    {%- set parsed = lead_scoring.parse_as(column, data_type) -%}
    {%- if check.check == 'required' -%}
        {{- return(lead_scoring.clean_text(column) ~ ' is null') -}}
    {%- elif check.check == 'number' -%}
        {{- return((lead_scoring.clean_text(column) ~ ' is null or ' if check.get('required') else '') ~ lead_scoring.is_unparseable(column, data_type)) -}}
    {%- elif check.check == 'parses' -%}
        {{- return(parsed ~ ' is null') -}}
    {%- elif check.check == 'boolean' -%}
        {{- return(lead_scoring.clean_text(column) ~ ' is not null and ' ~ lead_scoring.parse_boolean(column) ~ ' is null') -}}
    {%- elif check.check == 'one_of' -%}
        {%- set code = lead_scoring.normalize_text(column) -%}
        {%- if check.get('default') is not none -%}
            {%- set code = 'coalesce(' ~ code ~ ', ' ~ lead_scoring.sql_string(check.get('default')) ~ ')' -%}
        {%- endif -%}
        {{- return(code ~ ' is null or ' ~ code ~ ' not in ' ~ lead_scoring.sql_string_list(check['values'])) -}}
    {%- elif check.check == 'bound' -%}
        {%- if check.get('bound_column') -%}
            {%- set bound = lead_scoring.parse_as(check.get('bound_column'), data_type) -%}
            {%- if check.get('bound_default') is not none -%}
                {%- set bound = 'coalesce(' ~ bound ~ ', ' ~ check.get('bound_default') ~ ')' -%}
            {%- endif -%}
        {%- else -%}
            {%- set bound = check.bound -%}
        {%- endif -%}
        {%- set operators = {'at_least': '<', 'above': '<=', 'at_most': '>'} -%}
        {%- set outside = parsed ~ ' ' ~ operators[check.limit] ~ ' ' ~ bound -%}
        {{- return('(' ~ parsed ~ ' is null or ' ~ outside ~ ')' if check.get('missing_fails') else outside) -}}
    {%- elif check.check == 'range' -%}
        {%- set text = lead_scoring.clean_text(column) -%}
        {%- set low = lead_scoring.safe_cast(lead_scoring.clean_text(dbt.split_part(text, lead_scoring.sql_string(check.separator), 1)), lead_scoring.type_double()) -%}
        {%- set high = lead_scoring.safe_cast(lead_scoring.clean_text(dbt.split_part(text, lead_scoring.sql_string(check.separator), 2)), lead_scoring.type_double()) -%}
        {{- return('not coalesce(' ~ low ~ ' <= ' ~ high ~ ', false)') -}}
    {%- elif check.check == 'unique' -%}
        {%- set reported = (check.key | selectattr('column', 'equalto', column) | first) -%}
        {{- return(lead_scoring.config_key_expression(column, reported.as) ~ ' is not null and ' ~ lead_scoring.config_duplicate_count_column(check) ~ ' > 1') -}}
    {%- elif check.check == 'exists' -%}
        {%- set found = [] -%}
        {%- for target in check['in'] -%}
            {%- set matches = [lead_scoring.normalize_text('referenced.' ~ target.column) ~ ' = ' ~ lead_scoring.normalize_text('labelled.' ~ column)] -%}
            {%- for scope in check.get('scope', []) -%}
                {%- do matches.append(lead_scoring.normalize_text('referenced.' ~ scope) ~ ' = ' ~ lead_scoring.normalize_text('labelled.' ~ scope)) -%}
            {%- endfor -%}
            {%- do found.append('exists (select 1 from ' ~ ref(target.ref) ~ ' as referenced where ' ~ matches | join(' and ') ~ ')') -%}
        {%- endfor -%}
        {%- set found = '(' ~ found | join(' or ') ~ ')' -%}
        {%- set code = lead_scoring.normalize_text('labelled.' ~ column) -%}
        {%- if check.get('forbidden') -%}
            {{- return(code ~ ' is not null and ' ~ found) -}}
        {%- endif -%}
        {{- return((code ~ ' is null or ' if check.get('missing_fails') else code ~ ' is not null and ') ~ 'not ' ~ found) -}}
    {%- endif -%}
    {{- exceptions.raise_compiler_error("valid_scoring_seed: unknown check kind '" ~ check.check ~ "' on column " ~ column) -}}
{% endmacro %}

{#- The column of `labelled` holding the rows that share a unique check's key. -#}
{% macro config_duplicate_count_column(check) %}
    {{- return('duplicate_count_' ~ check.key | map(attribute='column') | join('_')) -}}
{% endmacro %}

{#- A check's message as SQL: its template with {value} (the column's value, quoted),
    {<column>} (another column's, quoted), {code:<column>} (a code as compared),
    {count} (rows sharing a unique key) and {hint} (validate-seeds only) filled in.
    Number checks say what value_rules accept. -#}
{% macro config_check_message(check) %}
    {%- if check.check == 'number' -%}
        {%- set whole = check.get('type') == 'whole_number' -%}
        {%- set kind = 'whole number' if whole else 'number' -%}
        {%- set limit = lead_scoring.value_rules()['whole_number_limit' if whole else 'number_limit'] | int -%}
        {%- set data_type = dbt.type_int() if whole else lead_scoring.type_double() -%}
        {{- return("case when " ~ lead_scoring.value_problem(check.column, data_type) ~ " = 'out_of_range' then 'must be a " ~ kind
            ~ " between -" ~ limit ~ " and " ~ limit ~ ", got ' else 'must be a " ~ kind ~ ", got ' end || "
            ~ lead_scoring.quoted_value(check.column)) -}}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for piece in modules.re.split('(\{[a-z_:]+\})', check.message) if piece -%}
        {%- if piece == '{value}' -%}
            {%- do parts.append(lead_scoring.quoted_value(check.column)) -%}
        {%- elif piece == '{count}' -%}
            {%- do parts.append('cast(' ~ lead_scoring.config_duplicate_count_column(check) ~ ' as ' ~ dbt.type_string() ~ ')') -%}
        {%- elif piece == '{hint}' -%}
        {%- elif piece.startswith('{code:') -%}
            {%- do parts.append(lead_scoring.normalize_text(piece[6:-1])) -%}
        {%- elif piece.startswith('{') and piece.endswith('}') -%}
            {%- do parts.append(lead_scoring.quoted_value(piece[1:-1])) -%}
        {%- else -%}
            {%- do parts.append(lead_scoring.sql_string(piece)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(parts | join(' || ')) -}}
{% endmacro %}

{#- A seed value quoted for a message, '(blank)' when empty. -#}
{% macro quoted_value(column) %}
    coalesce('''' || {{ lead_scoring.clean_text(column) }} || '''', '(blank)')
{%- endmacro %}

{#- On-run-start: a seed CSV of the project that is empty (or only whitespace) stops
    the run with a message naming it, before dbt's seed loader fails on it with a bare
    StopIteration. Files are read relative to the working directory (dbt is run from
    the project root); one not found there is left to dbt. Spark has no file reader in
    SQL: its seeds are loaded by the same dbt loader, after this check ran on DuckDB
    in CI. -#}
{% macro check_seed_files() %}
    {{- return(adapter.dispatch('check_seed_files', 'lead_scoring')()) -}}
{% endmacro %}

{% macro default__check_seed_files() %}
    {%- if not execute -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set paths = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'seed' and node.package_name == project_name -%}
        {%- do paths.append(lead_scoring.sql_string(node.original_file_path)) -%}
    {%- endfor -%}
    {%- if paths -%}
        {%- set found = run_query('select file from glob([' ~ paths | join(', ') ~ '])').columns[0].values() | list -%}
        {%- if found -%}
            {%- set literals = [] -%}
            {%- for path in found -%}
                {%- do literals.append(lead_scoring.sql_string(path)) -%}
            {%- endfor -%}
            {%- set empty = run_query(
                'select filename from read_text([' ~ literals | join(', ') ~ ']) where trim(content) = \'\' order by filename'
            ).columns[0].values() | list -%}
            {%- if empty -%}
                {{ exceptions.raise_compiler_error(
                    "Empty seed file(s): " ~ empty | join(', ')
                    ~ ". Line 1 of a seed CSV must be its header (see seeds/scoring/_scoring__seeds.yml for the columns)."
                ) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {{- return('') -}}
{% endmacro %}

{% macro spark__check_seed_files() %}
    {{- return('') -}}
{% endmacro %}
