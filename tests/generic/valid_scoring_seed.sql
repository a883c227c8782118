{#- A scoring seed holds what its checks (declared with the seed in
    seeds/scoring/_scoring__seeds.yml, and read by `leadscore validate-seeds` too)
    accept: otherwise the build fails with one message naming every bad row, by its
    key (row_label), and column. -#}
{% test valid_scoring_seed(model, row_label, checks) %}

{%- set label_parts = [] -%}
{%- for piece in modules.re.split('(\{[a-z_]+\})', row_label) if piece -%}
    {%- if piece.startswith('{') -%}
        {%- do label_parts.append(lead_scoring.quoted_value(piece[1:-1])) -%}
    {%- else -%}
        {%- do label_parts.append(lead_scoring.sql_string(piece)) -%}
    {%- endif -%}
{%- endfor %}

with

source as (

    select * from {{ model }}

),

labelled as (

    select
        {%- for duplicate_count in lead_scoring.scoring_seed_duplicate_counts(checks) %}
        {{ duplicate_count }},
        {%- endfor %}
        {{ label_parts | join(' || ') }} as row_label,
        source.*
    from source

),

problems as (

    {{ lead_scoring.scoring_seed_problems(model.identifier, checks) }}

)

{{ lead_scoring.raise_config_problems('problems') }}

{% endtest %}
