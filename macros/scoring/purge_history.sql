{#- Forget every history row of a contact that is no longer scored (deleted, erased
    or gone from the CRM export), on every past score date: history keeps no one BI
    may not see. The SQL of fct_lead_score_history's post-hook. -#}
{% macro purge_unscored_history(history, scored_contacts) %}
    {{- return(adapter.dispatch('purge_unscored_history', 'lead_scoring')(history, scored_contacts)) -}}
{% endmacro %}

{% macro default__purge_unscored_history(history, scored_contacts) %}
    delete from {{ history }}
    where contact_id not in (select scored.contact_id from {{ scored_contacts }} as scored)
{% endmacro %}

{#- Spark parquet tables have no delete (Delta, Iceberg and Hudi do, and take the
    default). The score dates that hold such rows are rewritten instead: their kept
    rows are copied aside, their partitions dropped, the kept rows inserted back. On
    an ordinary build there is nothing to purge and this is one query. Parquet tables
    are not transactional: a crash between the drop and the insert loses those dates
    until they are re-scored (a backfill over them restores them). -#}
{% macro spark__purge_unscored_history(history, scored_contacts) %}
    {%- if not execute -%}
        {{- return('') -}}
    {%- endif -%}
    {%- if config.get('file_format', 'parquet') in ('delta', 'iceberg', 'hudi') -%}
        {{- return(lead_scoring.default__purge_unscored_history(history, scored_contacts)) -}}
    {%- endif -%}
    {#- not exists, not `not in`: Spark plans a `not in` over a table too large to
        broadcast as a nested-loop join -#}
    {%- set unscored -%}
        not exists (
            select 1 from {{ scored_contacts }} as scored
            where scored.contact_id = history.contact_id
        )
    {%- endset -%}
    {%- set affected = run_query(
        'select distinct cast(score_date as string) as score_date from ' ~ history
        ~ ' as history where ' ~ unscored ~ ' order by score_date'
    ).columns[0].values() -%}
    {%- if affected | length == 0 -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set dates_sql = "date'" ~ affected | join("', date'") ~ "'" -%}
    {%- set kept = history.incorporate(path={'identifier': history.identifier ~ '__dbt_purge'}) -%}
    {%- set columns = adapter.get_columns_in_relation(history) | map(attribute='quoted') | join(', ') -%}
    {%- do run_query('drop table if exists ' ~ kept) -%}
    {%- do run_query(
        'create table ' ~ kept ~ ' using parquet as select ' ~ columns ~ ' from ' ~ history
        ~ ' as history where score_date in (' ~ dates_sql ~ ') and not (' ~ unscored ~ ')'
    ) -%}
    {%- set partitions = [] -%}
    {%- for score_date in affected -%}
        {%- do partitions.append("partition (score_date = date'" ~ score_date ~ "')") -%}
    {%- endfor -%}
    {%- do run_query('alter table ' ~ history ~ ' drop if exists ' ~ partitions | join(', ')) -%}
    {%- do run_query('insert into table ' ~ history ~ ' partition (score_date) select ' ~ columns ~ ' from ' ~ kept) -%}
    {%- do run_query('drop table ' ~ kept) -%}
    {{- return('') -}}
{% endmacro %}
