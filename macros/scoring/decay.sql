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

{#- Half-life decay of one occurrence: what positive points are still worth after
    age_days, as 0.5 ^ (age_days / half_life_days). -#}
{% macro half_life_decayed_points(points, age_days, half_life_days) %}
    {{- return(adapter.dispatch('half_life_decayed_points', 'lead_scoring')(points, age_days, half_life_days)) -}}
{% endmacro %}

{% macro default__half_life_decayed_points(points, age_days, half_life_days) %}
    {{ lead_scoring.to_points(
        'cast(' ~ points ~ ' as double) * power(0.5, cast(' ~ age_days ~ ' as double) / cast(' ~ half_life_days ~ ' as double))'
    ) }}
{%- endmacro %}
