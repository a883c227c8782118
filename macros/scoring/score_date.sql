{#- The score date as an ISO string: the var score_date, else the environment
    variable LEAD_SCORING_SCORE_DATE, else today. Validated here so a typo fails at
    compile time with a clear message instead of a cast error deep in a model.
    A scheduler that sets the date through the environment keeps dbt's partial
    parsing: a --vars value that changes from one run to the next makes dbt re-parse
    the whole project (about 9 s here). The environment variable is read only when
    models are compiled to run, never while dbt parses (nothing in the parsed project
    depends on the date), so a new date re-parses no file at all. -#}
{% macro score_date_value() %}
    {%- set raw = var('score_date', none) -%}
    {%- set source = 'score_date' -%}
    {%- if (raw is none or (raw | string | trim) in ('', 'None', 'null')) and not execute -%}
        {{- return(run_started_at.strftime('%Y-%m-%d')) -}}
    {%- endif -%}
    {%- if raw is none or (raw | string | trim) in ('', 'None', 'null') -%}
        {%- set raw = env_var('LEAD_SCORING_SCORE_DATE', '') -%}
        {%- set source = 'score_date (from the environment variable LEAD_SCORING_SCORE_DATE)' -%}
    {%- endif -%}
    {%- if (raw | string | trim) in ('', 'None', 'null', 'today') -%}
        {#- run_started_at is UTC and fixed for the whole invocation, so every model
            of one build sees the same date even across midnight. -#}
        {{- return(run_started_at.strftime('%Y-%m-%d')) -}}
    {%- endif -%}
    {{- return(lead_scoring.parse_iso_date(raw, source).strftime('%Y-%m-%d')) -}}
{% endmacro %}

{#- A var holding a date written YYYY-MM-DD, as a Python date. -#}
{% macro parse_iso_date(raw, var_name) %}
    {%- set text = raw | string | trim -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', text) -%}
        {{ exceptions.raise_compiler_error("var " ~ var_name ~ " must be a date written YYYY-MM-DD, got '" ~ text ~ "'") }}
    {%- endif -%}
    {{- return(modules.datetime.datetime.strptime(text, '%Y-%m-%d').date()) -}}
{% endmacro %}

{#- The score date as a SQL date literal. -#}
{% macro score_date() %}
    {{- return("cast('" ~ lead_scoring.score_date_value() ~ "' as date)") -}}
{% endmacro %}

{#- Every date this build scores, oldest first, ending with the score date. Checked
    when models are compiled to run: while dbt parses, the score date may not be
    known yet (score_date_value). -#}
{% macro score_dates() %}
    {%- if not execute -%}
        {{- return([lead_scoring.score_date_value()]) -}}
    {%- endif -%}
    {%- set end = lead_scoring.parse_iso_date(lead_scoring.score_date_value(), 'score_date') -%}
    {%- set start_var = var('history_start_date', none) -%}
    {%- if start_var is not none and (start_var | string | trim) not in ('', 'None', 'null') -%}
        {%- set start = lead_scoring.parse_iso_date(start_var, 'history_start_date') -%}
    {%- else -%}
        {%- set lookback = var('history_lookback_days', 0) | int -%}
        {%- if lookback < 0 -%}
            {{ exceptions.raise_compiler_error("var history_lookback_days must not be negative, got " ~ lookback) }}
        {%- endif -%}
        {%- set start = end - modules.datetime.timedelta(days=lookback) -%}
    {%- endif -%}
    {%- set days = (end - start).days -%}
    {%- if days < 0 -%}
        {{ exceptions.raise_compiler_error("history_start_date " ~ start ~ " is after score_date " ~ end) }}
    {%- endif -%}
    {%- if days > 3660 -%}
        {{ exceptions.raise_compiler_error("a build scores at most 3661 dates; got " ~ (days + 1) ~ " (split the backfill)") }}
    {%- endif -%}
    {%- set dates = [] -%}
    {%- for offset in range(days + 1) -%}
        {%- do dates.append((start + modules.datetime.timedelta(days=offset)).strftime('%Y-%m-%d')) -%}
    {%- endfor -%}
    {#- extra single dates (e.g. month ends to evaluate the score at), before the score date -#}
    {%- for extra in var('history_dates', []) or [] -%}
        {%- set extra_date = lead_scoring.parse_iso_date(extra, 'history_dates') -%}
        {%- if extra_date > end -%}
            {{ exceptions.raise_compiler_error("history_dates " ~ extra_date ~ " is after score_date " ~ end) }}
        {%- endif -%}
        {%- if extra_date.strftime('%Y-%m-%d') not in dates -%}
            {%- do dates.append(extra_date.strftime('%Y-%m-%d')) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(dates | sort) -}}
{% endmacro %}

{#- Whole days from one date expression to a later one (activity age, inactivity). -#}
{% macro days_between(start_date, end_date) %}
    {#- bigint everywhere: Spark's datediff is an int, DuckDB's a bigint -#}
    {{- return('cast(' ~ dbt.datediff(start_date, end_date, 'day') | trim ~ ' as ' ~ dbt.type_bigint() ~ ')') -}}
{% endmacro %}

{#- When this dbt invocation started (UTC), as a timestamp literal: bookkeeping of
    incremental models (which rows a build wrote), never an input to a score. -#}
{% macro build_started_at() %}
    {{- return("cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as " ~ dbt.type_timestamp() ~ ")") -}}
{% endmacro %}

{#- A filter on score_date for the dates this build scores: data tests of the
    incremental history check what a build wrote, not every past date again. -#}
{% macro built_score_dates_filter() %}
    {%- set literals = [] -%}
    {%- for score_date in lead_scoring.score_dates() -%}
        {%- do literals.append("cast('" ~ score_date ~ "' as date)") -%}
    {%- endfor -%}
    {{- return('score_date in (' ~ literals | join(', ') ~ ')') -}}
{% endmacro %}
