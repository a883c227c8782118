{#- A view rebuilt on Spark without a moment where it is gone. Spark runs
    `create or replace view` as a drop and a create in the metastore, so a BI client
    querying the view (fct_lead_score_history) while a build runs can fail with
    TABLE_OR_VIEW_NOT_FOUND. `alter view ... as` swaps the query in one metastore
    update. A new view (or a table in the way, which dbt drops first) is created as
    dbt-spark does. -#}
{% macro spark__create_view_as(relation, sql) -%}
    {%- set existing = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier
    ) -%}
    {%- if config.get('contract').enforced -%}
        {{ get_assert_columns_equivalent(sql) }}
    {%- endif -%}
    {%- if existing is not none and existing.is_view %}
    alter view {{ relation }} as
        {{ sql }}
    {%- else -%}
    create view {{ relation }}
        {%- if config.persist_column_docs() %}
        ({{ get_persist_docs_column_list(model.columns, get_columns_in_query(sql)) }})
        {%- endif %}
        {{ comment_clause() }}
    as
        {{ sql }}
    {%- endif -%}
{%- endmacro %}
