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

{#- The check that a column holds a number (blank allowed unless required). -#}
{% macro config_number_check(seed_name, column_name, required=false, data_type=none, relation='labelled') %}
    {%- set data_type = data_type or lead_scoring.type_double() -%}
    {{ lead_scoring.config_check(
        seed_name, column_name,
        (lead_scoring.clean_text(column_name) ~ ' is null or ' if required else '') ~ lead_scoring.is_unparseable(column_name, data_type),
        "'must be a " ~ ('whole ' if data_type == dbt.type_int() else '') ~ "number, got ' || " ~ lead_scoring.quoted_value(column_name),
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
