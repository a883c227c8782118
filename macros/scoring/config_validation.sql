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

{#- One validation check: rows of `labelled` for which `condition` holds are problems. -#}
{% macro config_check(seed_name, column_name, condition, problem, relation='labelled') %}
    select
        '{{ seed_name }}' as seed_name,
        row_label,
        '{{ column_name }}' as column_name,
        {{ problem }} as problem
    from {{ relation }}
    where {{ condition }}
{% endmacro %}

{#- A seed value quoted for a message, '(blank)' when empty. -#}
{% macro quoted_value(column) %}
    coalesce('''' || {{ lead_scoring.clean_text(column) }} || '''', '(blank)')
{%- endmacro %}

{#- The check that a boolean column holds true/false (or is blank). -#}
{% macro config_boolean_check(seed_name, column_name, relation='labelled') %}
    {{ lead_scoring.config_check(
        seed_name, column_name,
        lead_scoring.clean_text(column_name) ~ ' is not null and ' ~ lead_scoring.parse_boolean(column_name) ~ ' is null',
        "'must be true or false, got ' || " ~ lead_scoring.quoted_value(column_name),
        relation
    ) }}
{% endmacro %}

{#- The check that a column holds a number (blank allowed unless required): written
    as one and within the limit of value_rules (leadscore validate-seeds gives the same
    messages). -#}
{% macro config_number_check(seed_name, column_name, required=false, data_type=none, relation='labelled') %}
    {%- set data_type = data_type or lead_scoring.type_double() -%}
    {%- set whole = data_type == dbt.type_int() -%}
    {%- set kind = 'whole number' if whole else 'number' -%}
    {%- set limit = lead_scoring.value_rules()['whole_number_limit' if whole else 'number_limit'] | int -%}
    {{ lead_scoring.config_check(
        seed_name, column_name,
        (lead_scoring.clean_text(column_name) ~ ' is null or ' if required else '') ~ lead_scoring.is_unparseable(column_name, data_type),
        "case when " ~ lead_scoring.value_problem(column_name, data_type) ~ " = 'out_of_range' then 'must be a " ~ kind
        ~ " between -" ~ limit ~ " and " ~ limit ~ ", got ' else 'must be a " ~ kind ~ ", got ' end || "
        ~ lead_scoring.quoted_value(column_name),
        relation
    ) }}
{% endmacro %}

{#- The check that a row's model_id names a row of scoring_models. -#}
{% macro config_model_exists_check(seed_name, relation='labelled') %}
    {{ lead_scoring.config_check(
        seed_name, 'model_id',
        lead_scoring.normalize_text('model_id') ~ ' is null or ' ~ lead_scoring.normalize_text('model_id')
        ~ " not in (select " ~ lead_scoring.normalize_text('model_id') ~ " from " ~ ref('scoring_models')
        ~ " where " ~ lead_scoring.normalize_text('model_id') ~ " is not null)",
        "'model_id ' || " ~ lead_scoring.quoted_value('model_id') ~ " || ' has no row in scoring_models.csv'",
        relation
    ) }}
{% endmacro %}

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
