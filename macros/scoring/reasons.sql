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

