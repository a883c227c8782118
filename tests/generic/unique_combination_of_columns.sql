{#- No two rows share the same values of the given columns (the grain of a model).
    Returns one row per duplicated key with how many times it occurs.

    built_score_dates_only: only the score dates this build scored (an incremental
    history's other dates were checked by the builds that wrote them).
    latest_load_column: an incremental model's build-time column (e.g. loaded_at): only
    keys that rows of the latest build have are checked, against every row, so a daily
    build checks its own rows instead of the whole table again. A duplicate needs a
    row of the latest build unless an earlier build wrote it, which its check caught.
    When every row is of the latest build (a full build) the keys are grouped once,
    without first listing the latest build's keys (one pass over the table, not three).
    where_clause: rows the grain applies to (e.g. staged rows only). -#}
{% test unique_combination_of_columns(model, combination_of_columns, built_score_dates_only=false, latest_load_column=none, where_clause=none) %}

{%- set key = combination_of_columns | join(', ') %}
{%- set only_latest_load = latest_load_column and not lead_scoring.every_row_of_latest_load(model, latest_load_column) %}

with

checked_rows as (

    select {{ key }}
    from {{ model }}
    where
        1 = 1
        {%- if where_clause %}
        and ({{ where_clause }})
        {%- endif %}
        {%- if built_score_dates_only %}
        and {{ lead_scoring.built_score_dates_filter() }}
        {%- endif %}

)

{%- if only_latest_load %},

latest_keys as (

    select distinct {{ key }}
    from {{ model }}
    where {{ latest_load_column }} = (select max({{ latest_load_column }}) from {{ model }})

)
{%- endif %}

select
    {{ combination_of_columns | join(',\n    ') }},
    count(*) as occurrences
from checked_rows
{%- if only_latest_load %}
where ({{ key }}) in (select {{ key }} from latest_keys)
{%- endif %}
group by
    {{ combination_of_columns | join(',\n    ') }}
having count(*) > 1

{% endtest %}
