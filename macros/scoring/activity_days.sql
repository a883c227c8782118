{#- Post-hook of int_activity_days_counted: drops the zero rows a re-count leaves for
    days that lost their activities, and the rows of URL patterns no rule uses any
    more (a pattern that comes back is then counted again over every day). -#}
{% macro delete_stale_activity_days(relation, rules) %}
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
