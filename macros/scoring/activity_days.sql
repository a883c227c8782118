{#- Post-hook of int_activity_days_counted: drops the zero rows a re-count leaves for
    days that lost their activities, and the rows of URL patterns no rule uses any
    more (a pattern that comes back is then counted again over every day). -#}
{% macro delete_stale_activity_days(relation, rules) %}
    {#- a full build writes neither (and Spark's parquet tables have no delete) -#}
    {%- if not is_incremental() -%}
        {{- return('') -}}
    {%- endif %}
    delete from {{ relation }} as days
    where
        occurrence_count = 0
        or (
            url_pattern != ''
            and not exists (
                select 1 from {{ rules }} as rules
                where
                    rules.activity_type = days.activity_type
                    and rules.url_pattern = days.url_pattern
            )
        )
{% endmacro %}

{#- Whether the rules filter on a URL pattern that int_activity_days_counted has not
    counted yet (an incremental build then counts it over every day), including when
    the table is about to be rebuilt from a reloaded upstream. Compares data with
    data; no pattern is written into SQL. -#}
{% macro has_uncounted_url_patterns(relation, rules, upstream) %}
    {%- if not execute or not is_incremental() -%}
        {{- return(false) -}}
    {%- endif -%}
    {%- if lead_scoring.upstream_was_reloaded(relation, upstream) -%}
        {{- return(true) -}}
    {%- endif -%}
    {%- set query -%}
        select count(*) from (
            select distinct activity_type, url_pattern from {{ rules }} where url_pattern is not null
            except
            select distinct activity_type, url_pattern from {{ relation }} where url_pattern != ''
        ) as uncounted
    {%- endset -%}
    {{- return(run_query(query).columns[0].values()[0] > 0) -}}
{% endmacro %}

{#- Whether a row of int_activity_days_counted is its series' latest day on or before
    `on_date`: each row holds from its activity_date until the series' next day with
    activities (next_activity_date, exclusive). Its cumulative_count is then the
    series' count up to and including on_date, found by a filter instead of a search
    over every earlier day. -#}
{% macro activity_day_holds_on(days, on_date) %}
    (
        {{ days }}.activity_date <= {{ on_date }}
        and ({{ days }}.next_activity_date is null or {{ days }}.next_activity_date > {{ on_date }})
    )
{%- endmacro %}
