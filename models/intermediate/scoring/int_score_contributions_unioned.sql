{{ config(materialized='view') }}

-- One row per score date, scored contact, rule-scored model and rule that moved the
-- score (fit rules matched, engagement rules with occurrences, and decay as a row of
-- its own). Every point of a score comes from exactly one of these rows. A view:
-- what reads it aggregates or filters it (one score date for the marts).
with

score_dates as (

    select * from {{ ref('int_score_dates') }}

),

contacts as (

    select * from {{ ref('int_contacts_enriched') }}

),

fit_matches as (

    select * from {{ ref('int_fit_rules_matched') }}

),

rules_capped as (

    select * from {{ ref('int_engagement_rules_capped') }}

),

engagement as (

    select * from {{ ref('int_contact_engagement_decayed') }}

),

scored_contacts as (
    -- a contact counts from the date it was created
    select
        score_dates.score_date,
        contacts.contact_id
    from contacts
    inner join score_dates
        on contacts.created_date <= score_dates.score_date

),

fit_rows as (

    select
        scored_contacts.score_date,
        fit_matches.contact_id,
        fit_matches.model_id,
        fit_matches.rule_id,
        'fit' as contribution_type,
        cast(1 as {{ dbt.type_bigint() }}) as occurrence_count,
        cast(1 as {{ dbt.type_bigint() }}) as earning_occurrence_count,
        fit_matches.points as points_before_caps,
        fit_matches.points as points_after_caps,
        fit_matches.points,
        fit_matches.is_disqualifying
    from fit_matches
    inner join scored_contacts
        on fit_matches.contact_id = scored_contacts.contact_id

),

engagement_rows as (

    select
        score_date,
        contact_id,
        model_id,
        rule_id,
        'engagement' as contribution_type,
        occurrence_count,
        earning_occurrence_count,
        points_before_caps,
        points_after_caps,
        points_after_caps as points,
        is_disqualifying
    from rules_capped

),

decay_rows as (

    select
        score_date,
        contact_id,
        model_id,
        '_decay' as rule_id,
        'decay' as contribution_type,
        cast(null as {{ dbt.type_bigint() }}) as occurrence_count,
        cast(null as {{ dbt.type_bigint() }}) as earning_occurrence_count,
        cast(null as {{ lead_scoring.points_type() }}) as points_before_caps,
        cast(null as {{ lead_scoring.points_type() }}) as points_after_caps,
        decay_points as points,
        false as is_disqualifying
    from engagement
    where decay_points != 0

),

engagement_and_decay_rows as (

    select * from engagement_rows
    union all
    select * from decay_rows

),

scored_engagement_rows as (
    -- activities of contacts outside the scored population score nothing
    select engagement_and_decay_rows.*
    from engagement_and_decay_rows
    inner join scored_contacts
        on
            engagement_and_decay_rows.score_date = scored_contacts.score_date
            and engagement_and_decay_rows.contact_id = scored_contacts.contact_id

),

final as (

    select * from fit_rows
    union all
    select * from scored_engagement_rows

)

select * from final
