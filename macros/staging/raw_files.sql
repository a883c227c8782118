{#- Raw files as the unit of incremental loading. A staged table that loads by file
    keeps, on every row, the file it came from with that file's size and
    modification time; a build then reads only the files it has not loaded yet, and
    when a loaded file changed or disappeared (the raw history was rewritten) it
    reloads everything instead of serving rows of a file that no longer says so. -#}

{#- The glob of a raw table's files, as the sources read them. -#}
{% macro raw_file_glob(table_name) %}
    {{- return(lead_scoring.raw_dir() ~ '/' ~ table_name ~ '*.' ~ lead_scoring.raw_format()) -}}
{% endmacro %}

{#- The name of the file a source row was read from. -#}
{% macro source_file_name() %}
    {{- return(adapter.dispatch('source_file_name', 'lead_scoring')()) -}}
{% endmacro %}

{#- DuckDB's file readers expose it as the virtual column `filename`. -#}
{% macro default__source_file_name() %}
    {{- return('filename') -}}
{% endmacro %}

{% macro spark__source_file_name() %}
    {{- return('input_file_name()') -}}
{% endmacro %}

{#- One row per current file of a raw table: file_name, file_size, file_modified_at. -#}
{% macro raw_file_listing(table_name) %}
    {{- return(adapter.dispatch('raw_file_listing', 'lead_scoring')(table_name)) -}}
{% endmacro %}

{#- read_blob lists the files without reading them when `content` is not selected. -#}
{% macro default__raw_file_listing(table_name) %}
    select
        filename as file_name,
        cast(size as {{ dbt.type_bigint() }}) as file_size,
        cast(last_modified as {{ dbt.type_timestamp() }}) as file_modified_at
    from read_blob({{ lead_scoring.sql_string(lead_scoring.raw_file_glob(table_name)) }})
{% endmacro %}

{#- Spark rebuilds its file-loaded tables in full (see loads_incrementally), so the
    listing is never compared; the columns stay for one schema on both engines. -#}
{% macro spark__raw_file_listing(table_name) %}
    select
        cast(null as string) as file_name,
        cast(null as bigint) as file_size,
        cast(null as timestamp) as file_modified_at
    where 1 = 0
{% endmacro %}

{#- Whether a model loads by file (DuckDB) or is rebuilt in full on every run (Spark,
    whose parquet tables can neither delete nor merge rows). -#}
{% macro loads_incrementally() %}
    {{- return(adapter.dispatch('loads_incrementally', 'lead_scoring')()) -}}
{% endmacro %}

{% macro default__loads_incrementally() %}
    {{- return(true) -}}
{% endmacro %}

{% macro spark__loads_incrementally() %}
    {{- return(false) -}}
{% endmacro %}

{#- The raw files of `table_name` compared with what `relation` has loaded:
    {'new': files never loaded, 'changed': loaded files now different or gone}.
    Run at execution time, when the relation exists. -#}
{% macro raw_file_changes(relation, table_name) %}
    {%- set query -%}
        with

        loaded as (
            select distinct
                source_file,
                source_file_size,
                source_file_modified_at
            from {{ relation }}
        ),

        current_files as (
            {{ lead_scoring.raw_file_listing(table_name) }}
        )

        select
            coalesce(current_files.file_name, loaded.source_file) as file_name,
            case
                when loaded.source_file is null then 'new'
                when current_files.file_name is null then 'changed'
                when current_files.file_size != loaded.source_file_size then 'changed'
                when current_files.file_modified_at != loaded.source_file_modified_at then 'changed'
                else 'loaded'
            end as file_status
        from current_files
        full outer join loaded
            on current_files.file_name = loaded.source_file
        order by file_name
    {%- endset -%}
    {%- set rows = run_query(query).rows -%}
    {%- set changes = {'new': [], 'changed': []} -%}
    {%- for row in rows if row[1] != 'loaded' -%}
        {%- do changes[row[1]].append(row[0]) -%}
    {%- endfor -%}
    {{- return(changes) -}}
{% endmacro %}

{#- The files an incremental run of a file-loaded model reads: the new ones, or all
    of them when the raw history changed. none means every file (a full build). -#}
{% macro raw_files_to_load(relation, table_name) %}
    {%- if not execute or not is_incremental() -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set changes = lead_scoring.raw_file_changes(relation, table_name) -%}
    {%- if changes['changed'] -%}
        {{- return(none) -}}
    {%- endif -%}
    {{- return(changes['new']) -}}
{% endmacro %}

{#- A filter keeping the rows of the given files (none: every file). Literal names:
    DuckDB then skips the other files instead of reading and discarding them. -#}
{% macro only_raw_files(files) %}
    {%- if files is none -%}
        {{- return('') -}}
    {%- endif -%}
    {%- if files | length == 0 -%}
        {{- return('where 1 = 0') -}}
    {%- endif -%}
    {%- set literals = [] -%}
    {%- for file in files -%}
        {%- do literals.append(lead_scoring.sql_string(file)) -%}
    {%- endfor -%}
    {{- return('where ' ~ lead_scoring.source_file_name() ~ ' in (' ~ literals | join(', ') ~ ')') -}}
{% endmacro %}

{#- Pre-hook of a file-loaded model: when a file it loaded changed or disappeared,
    empty the table (the run then reloads every file) and say so in the build log. -#}
{% macro reset_when_raw_files_changed(relation, table_name) %}
    {%- if not execute or not is_incremental() -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set changed = lead_scoring.raw_file_changes(relation, table_name)['changed'] -%}
    {%- if not changed -%}
        {{- return('') -}}
    {%- endif -%}
    {{- log(
        'Raw ' ~ table_name ~ ' files changed or removed since they were loaded ('
        ~ changed | join(', ') ~ '): reloading ' ~ relation ~ ' from every file.',
        info=true
    ) -}}
    {{- return('delete from ' ~ relation) -}}
{% endmacro %}

{#- Whether a model built incrementally from a file-loaded table must be rebuilt: none
    of the rows it was built from remain there (the table was reloaded from every
    file). `loaded_at` is each row's build time. -#}
{% macro upstream_was_reloaded(relation, upstream) %}
    {%- if not execute or not is_incremental() -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- set query -%}
        select count(*)
        from (select max(loaded_at) as loaded_at from {{ relation }}) as built
        where
            built.loaded_at is not null
            and not exists (
                select 1 from {{ upstream }} as upstream_rows
                where upstream_rows.loaded_at <= built.loaded_at
            )
    {%- endset -%}
    {{- return(run_query(query).columns[0].values()[0] > 0) -}}
{% endmacro %}

{#- Pre-hook of such a model: empty it when upstream_was_reloaded, so the run rebuilds
    it from what is loaded now, and say so in the build log. -#}
{% macro reset_when_upstream_reloaded(relation, upstream) %}
    {%- if not lead_scoring.upstream_was_reloaded(relation, upstream) -%}
        {{- return('') -}}
    {%- endif -%}
    {{- log(upstream ~ ' was reloaded since ' ~ relation ~ ' was built: rebuilding it.', info=true) -}}
    {{- return('delete from ' ~ relation) -}}
{% endmacro %}
