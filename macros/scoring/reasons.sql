{#- A contribution as a reason for sales: "rule_id (+20)", points shown whole when
    they are whole, else to 2 decimals. -#}
{% macro reason_label(rule_id, points) %}
    {{- dbt.concat([
        rule_id, "' ('",
        "case when " ~ points ~ " > 0 then '+' else '' end",
        "case when " ~ points ~ " = floor(" ~ points ~ ") then cast(cast(" ~ points ~ " as " ~ dbt.type_bigint() ~ ") as " ~ dbt.type_string() ~ ")"
        ~ " else cast(round(" ~ points ~ ", 2) as " ~ dbt.type_string() ~ ") end",
        "')'",
    ]) -}}
{%- endmacro %}

{#- One row per contact and model of `relation` (contact_id, model_id, rule_id,
    points; no zero points): its three strongest rows (largest absolute points, then
    rule_id) as reason labels joined by ', ', strongest first. -#}
{% macro top_three_reasons(relation) %}
    {{- return(adapter.dispatch('top_three_reasons', 'lead_scoring')(relation)) -}}
{% endmacro %}

{% macro default__top_three_reasons(relation) %}
    select
        contact_id,
        model_id,
        {{ lead_scoring.ordered_listagg('reason', "', '", 'reason_rank') }} as top_reasons
    from (
        select
            contact_id,
            model_id,
            reason_rank,
            {{ lead_scoring.reason_label('rule_id', 'points') }} as reason
        from (
            select
                *,
                row_number() over (
                    partition by contact_id, model_id
                    order by abs(points) desc, rule_id
                ) as reason_rank
            from {{ relation }}
        ) as ranked
        where reason_rank <= 3
    ) as labelled
    group by
        contact_id,
        model_id
{% endmacro %}

{#- DuckDB keeps the three strongest rows per group in the aggregate itself instead of
    sorting every contribution row (min_by with a count returns them in order). -#}
{% macro duckdb__top_three_reasons(relation) %}
    select
        contact_id,
        model_id,
        array_to_string(
            list_transform(
                min_by(
                    struct_pack(rule_id := rule_id, points := points),
                    struct_pack(strength := -abs(points), rule_id := rule_id),
                    3
                ),
                lambda reason: {{ lead_scoring.reason_label('reason.rule_id', 'reason.points') }}
            ),
            ', '
        ) as top_reasons
    from {{ relation }}
    group by
        contact_id,
        model_id
{% endmacro %}
