{#- Step decay for one lead: the reached steps' points, never more than the positive
    engagement points; a reached reset step removes all of them. -#}
{% macro step_decay_points(positive_engagement_points, reached_points_subtracted, has_reached_reset) %}
    {{- return(adapter.dispatch('step_decay_points', 'lead_scoring')(positive_engagement_points, reached_points_subtracted, has_reached_reset)) -}}
{% endmacro %}

{% macro default__step_decay_points(positive_engagement_points, reached_points_subtracted, has_reached_reset) %}
    case
        when {{ has_reached_reset }} then -{{ positive_engagement_points }}
        when {{ reached_points_subtracted }} > {{ positive_engagement_points }} then -{{ positive_engagement_points }}
        else -{{ reached_points_subtracted }}
    end
{%- endmacro %}

{#- Half-life decay of positive points earned age_days ago: what they are still worth,
    points x 0.5 ^ (age_days / half_life_days), unrounded (precise_points_type): a
    lead's values are summed first and rounded once, so that thousands of occurrences
    do not add up thousands of roundings. -#}
{% macro half_life_value(points, age_days, half_life_days) %}
    {{- return(adapter.dispatch('half_life_value', 'lead_scoring')(points, age_days, half_life_days)) -}}
{% endmacro %}

{% macro default__half_life_value(points, age_days, half_life_days) %}
    cast(
        cast({{ points }} as {{ lead_scoring.type_double() }})
        * power(0.5, cast({{ age_days }} as {{ lead_scoring.type_double() }}) / cast({{ half_life_days }} as {{ lead_scoring.type_double() }}))
        as {{ lead_scoring.precise_points_type() }}
    )
{%- endmacro %}
