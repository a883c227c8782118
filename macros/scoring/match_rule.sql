{#- Whether a fit rule with a scalar operator matches one attribute value.
    List operators (`in`, `in_list`) are matched by joining value sets, not here.
    Text values arrive trimmed and lower-cased; numbers arrive parsed (null when the
    value is not a number, so numeric operators never match it). -#}
{% macro fit_rule_matches(operator, value_text, value_number, rule_value_text, rule_value_number, rule_value_low, rule_value_high) %}
    {{- return(adapter.dispatch('fit_rule_matches', 'lead_scoring')(operator, value_text, value_number, rule_value_text, rule_value_number, rule_value_low, rule_value_high)) -}}
{% endmacro %}

{% macro default__fit_rule_matches(operator, value_text, value_number, rule_value_text, rule_value_number, rule_value_low, rule_value_high) %}
    coalesce(
        case {{ operator }}
            when 'eq' then {{ value_text }} = {{ rule_value_text }}
            when 'contains' then {{ dbt.position(rule_value_text, value_text) }} > 0
            when 'gte' then {{ value_number }} >= {{ rule_value_number }}
            when 'lte' then {{ value_number }} <= {{ rule_value_number }}
            when 'between' then {{ value_number }} between {{ rule_value_low }} and {{ rule_value_high }}
            when 'is_null' then {{ value_text }} is null
            when 'not_null' then {{ value_text }} is not null
            else false
        end,
        false
    )
{%- endmacro %}

{#- Engagement occurrences of a rule are ranked 1, 2, ... from the first one counted
    (DESIGN.md); occurrence k earns when min_occurrences <= k <= max_occurrences (an
    empty max is unlimited). These macros apply that rule to ranges of ranks, which
    is all the day aggregates give: a day holds the ranks rank_first..rank_last. -#}

{#- How many of the ranks rank_first..rank_last earn. -#}
{% macro earning_ranks_between(rank_first, rank_last, min_occurrences, max_occurrences) %}
    {{- return(adapter.dispatch('earning_ranks_between', 'lead_scoring')(rank_first, rank_last, min_occurrences, max_occurrences)) -}}
{% endmacro %}

{% macro default__earning_ranks_between(rank_first, rank_last, min_occurrences, max_occurrences) %}
    greatest(
        0,
        least({{ rank_last }}, coalesce({{ max_occurrences }}, {{ rank_last }}))
        - greatest({{ rank_first }}, {{ min_occurrences }}, 1)
        + 1
    )
{%- endmacro %}

{#- How many of a rule's occurrence_count counted occurrences earn. -#}
{% macro earning_occurrence_count(occurrence_count, min_occurrences, max_occurrences) %}
    {{- return(lead_scoring.earning_ranks_between('1', occurrence_count, min_occurrences, max_occurrences)) -}}
{% endmacro %}

{#- Whether the k-th occurrence of an engagement rule earns its points. -#}
{% macro occurrence_earns(occurrence_number, min_occurrences, max_occurrences) %}
    {{- return(adapter.dispatch('occurrence_earns', 'lead_scoring')(occurrence_number, min_occurrences, max_occurrences)) -}}
{% endmacro %}

{% macro default__occurrence_earns(occurrence_number, min_occurrences, max_occurrences) %}
    (
        {{ occurrence_number }} >= coalesce({{ min_occurrences }}, 1)
        and ({{ max_occurrences }} is null or {{ occurrence_number }} <= {{ max_occurrences }})
    )
{%- endmacro %}

{#- Clamp a score into [floor, cap]; an unset bound does not clamp. -#}
{% macro clamp_score(score, score_floor, score_cap) %}
    {{- return(adapter.dispatch('clamp_score', 'lead_scoring')(score, score_floor, score_cap)) -}}
{% endmacro %}

{% macro default__clamp_score(score, score_floor, score_cap) %}
    case
        when {{ score_cap }} is not null and {{ score }} > {{ score_cap }} then {{ score_cap }}
        when {{ score_floor }} is not null and {{ score }} < {{ score_floor }} then {{ score_floor }}
        else {{ score }}
    end
{%- endmacro %}
