-- One row per score date, contact and engagement rule with occurrences counted at
-- that date: the rule's contribution, its points after the group cap beside the
-- counts and points before caps (int_engagement_rules_counted).
with

rules_counted as (

    select * from {{ ref('int_engagement_rules_counted') }}

),

rule_days as (

    select * from {{ ref('int_engagement_rule_days_capped') }}

),

capped_totals as (

    select
        score_date,
        contact_id,
        model_id,
        rule_id,
        sum(capped_points) as points_after_caps
    from rule_days
    group by
        score_date,
        contact_id,
        model_id,
        rule_id

),

final as (

    select
        rules_counted.score_date,
        rules_counted.contact_id,
        rules_counted.model_id,
        rules_counted.rule_id,
        rules_counted.occurrence_count,
        rules_counted.earning_occurrence_count,
        rules_counted.points_before_caps,
        {{ lead_scoring.to_points('coalesce(capped_totals.points_after_caps, 0)') }} as points_after_caps,
        rules_counted.is_disqualifying
    from rules_counted
    left join capped_totals
        on
            rules_counted.score_date = capped_totals.score_date
            and rules_counted.contact_id = capped_totals.contact_id
            and rules_counted.model_id = capped_totals.model_id
            and rules_counted.rule_id = capped_totals.rule_id

)

select * from final
