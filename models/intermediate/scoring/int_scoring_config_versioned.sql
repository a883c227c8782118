-- One row per scoring model with a stable hash of every configuration row that
-- shapes its scores (its model row, rules, groups, bands, decay steps, the scoring
-- lists, and for a composite its components and their versions). Values are hashed
-- as typed, so reformatting a CSV (spaces, 10 vs 10.0) does not change the version.
with

scoring_models as (

    select * from {{ ref('stg_scoring_config__scoring_models') }}

),

fit_rules as (

    select * from {{ ref('stg_scoring_config__fit_rules') }}

),

engagement_rules as (

    select * from {{ ref('stg_scoring_config__engagement_rules') }}

),

rule_groups as (

    select * from {{ ref('stg_scoring_config__engagement_rule_groups') }}

),

grade_bands as (

    select * from {{ ref('stg_scoring_config__grade_bands') }}

),

decay_steps as (

    select * from {{ ref('stg_scoring_config__decay_schedule') }}

),

scoring_lists as (

    select * from {{ ref('stg_scoring_config__scoring_lists') }}

),

components as (

    select * from {{ ref('stg_scoring_config__composite_model_components') }}

),

{%- set s = dbt.type_string() %}

model_rows as (
    -- one text line per configuration row, tagged with its seed
    select
        model_id,
        {{ dbt.concat([
            "'scoring_models'", "'|'", "coalesce(cast(mql_threshold as " ~ s ~ "), '')",
            "'|'", "coalesce(cast(score_floor as " ~ s ~ "), '')", "'|'", "coalesce(cast(score_cap as " ~ s ~ "), '')",
            "'|'", "decay_mode", "'|'", "coalesce(cast(half_life_days as " ~ s ~ "), '')",
        ]) }} as config_row
    from scoring_models
    union all
    select
        model_id,
        {{ dbt.concat([
            "'fit_rules'", "'|'", "rule_id", "'|'", "coalesce(attribute, '')", "'|'", "coalesce(operator, '')",
            "'|'", "coalesce(value_text, '')", "'|'", "cast(points as " ~ s ~ ")",
            "'|'", "cast(is_disqualifying as " ~ s ~ ")",
        ]) }} as config_row
    from fit_rules
    union all
    select
        model_id,
        {{ dbt.concat([
            "'engagement_rules'", "'|'", "rule_id", "'|'", "coalesce(activity_type, '')", "'|'", "coalesce(url_pattern, '')",
            "'|'", "cast(points as " ~ s ~ ")", "'|'", "cast(min_occurrences as " ~ s ~ ")",
            "'|'", "coalesce(cast(max_occurrences as " ~ s ~ "), '')", "'|'", "coalesce(cast(window_days as " ~ s ~ "), '')",
            "'|'", "coalesce(group_id, '')", "'|'", "cast(is_disqualifying as " ~ s ~ ")",
        ]) }} as config_row
    from engagement_rules
    union all
    select
        model_id,
        {{ dbt.concat(["'engagement_rule_groups'", "'|'", "group_id", "'|'", "cast(max_points as " ~ s ~ ")"]) }} as config_row
    from rule_groups
    union all
    select
        model_id,
        {{ dbt.concat(["'grade_bands'", "'|'", "dimension", "'|'", "grade", "'|'", "cast(min_score as " ~ s ~ ")"]) }} as config_row
    from grade_bands
    union all
    select
        model_id,
        {{ dbt.concat([
            "'decay_schedule'", "'|'", "cast(inactive_days as " ~ s ~ ")", "'|'", "cast(points_subtracted as " ~ s ~ ")",
            "'|'", "cast(resets_score as " ~ s ~ ")",
        ]) }} as config_row
    from decay_steps
    union all
    -- lists are shared: a list change versions every model
    select
        scoring_models.model_id,
        {{ dbt.concat(["'scoring_lists'", "'|'", "scoring_lists.list_name", "'|'", "scoring_lists.value_text"]) }} as config_row
    from scoring_models
    cross join scoring_lists

),

own_versions as (

    select
        model_id,
        {{ dbt.hash(lead_scoring.ordered_listagg('config_row', 'chr(10)', 'config_row')) }} as own_version
    from model_rows
    group by model_id

),

composite_rows as (
    -- a composite's version covers its weights and its components' versions
    select
        components.model_id,
        {{ dbt.concat([
            "'component'", "'|'", "components.component_model_id", "'|'", "cast(components.weight as " ~ s ~ ")",
            "'|'", "coalesce(own_versions.own_version, '')",
        ]) }} as config_row
    from components
    left join own_versions
        on components.component_model_id = own_versions.model_id

),

composite_versions as (

    select
        model_id,
        {{ dbt.hash(lead_scoring.ordered_listagg('config_row', 'chr(10)', 'config_row')) }} as components_version
    from composite_rows
    group by model_id

),

final as (

    select
        own_versions.model_id,
        case
            when composite_versions.model_id is null then own_versions.own_version
            else {{ dbt.hash(dbt.concat(['own_versions.own_version', "'|'", 'composite_versions.components_version'])) }}
        end as scoring_config_version
    from own_versions
    left join composite_versions
        on own_versions.model_id = composite_versions.model_id

)

select * from final
