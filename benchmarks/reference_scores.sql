-- Reference lead scores: one hand-written DuckDB query computing fct_lead_scores for
-- every active rule-scored model at one score date, straight from the raw Parquet
-- files and the seed CSVs. It states ../shared/DESIGN.md's rules as directly as SQL
-- allows, occurrence by occurrence (every activity ranked per contact and rule by
-- (occurred_at, activity_id), group caps filled in that order, half-life weights per
-- occurrence summed exactly and rounded once), plus the project's own staging choices
-- (dedupe orders, text normalisation, seed numbers parsed as doubles). It shares no
-- code with the dbt models: `leadscore benchmark` times it against the build and
-- requires its rows to equal the mart's.
--
-- Composite models (composite_model_components.csv) are not computed here.
--
-- It reads DuckDB variables, so it also runs as is in the duckdb CLI:
--   SET VARIABLE raw_dir = 'data/demo';            -- <raw_dir>/<table>*.parquet
--   SET VARIABLE seeds_dir = 'seeds/scoring';       -- the scoring seed CSVs
--   SET VARIABLE score_date = DATE '2026-10-31';
--   SET VARIABLE erased_contact_ids = []::VARCHAR[];-- erasure_requests*.parquet ids, if any
-- (the erasure file is optional and a glob that matches nothing is an error in DuckDB,
-- so the caller reads it, when present, into a list variable).
with

-- ---------------------------------------------------------------- configuration (seeds)

composite_models as (
    select distinct lower(nullif(trim(model_id), '')) as model_id
    from read_csv(
        getvariable('seeds_dir') || '/composite_model_components.csv', all_varchar = true, header = true
    )
),

scoring_models as (
    -- active models scored by their own rules
    select
        lower(nullif(trim(model_id), '')) as model_id,
        cast(round(try_cast(nullif(trim(mql_threshold), '') as double), 4) as decimal(18, 4))
            as mql_threshold,
        cast(round(try_cast(nullif(trim(score_floor), '') as double), 4) as decimal(18, 4))
            as score_floor,
        cast(round(try_cast(nullif(trim(score_cap), '') as double), 4) as decimal(18, 4))
            as score_cap,
        coalesce(lower(nullif(trim(decay_mode), '')), 'none') as decay_mode,
        try_cast(nullif(trim(half_life_days), '') as double) as half_life_days
    from read_csv(
        getvariable('seeds_dir') || '/scoring_models.csv', all_varchar = true, header = true
    )
    where
        coalesce(
            case
                when lower(nullif(trim(is_active), '')) in ('true', 't', '1', 'yes', 'y') then true
                when lower(nullif(trim(is_active), '')) in ('false', 'f', '0', 'no', 'n') then false
            end,
            true
        )
        and lower(nullif(trim(model_id), '')) not in (select model_id from composite_models)
),

fit_rules as (
    select
        lower(nullif(trim(model_id), '')) as model_id,
        nullif(trim(rule_id), '') as rule_id,
        lower(nullif(trim(attribute), '')) as attribute,
        lower(nullif(trim(operator), '')) as operator,
        lower(nullif(trim(value), '')) as value_text,
        try_cast(nullif(trim(value), '') as double) as value_number,
        try_cast(nullif(trim(string_split(nullif(trim(value), ''), '|')[1]), '') as double)
            as value_low,
        try_cast(nullif(trim(string_split(nullif(trim(value), ''), '|')[2]), '') as double)
            as value_high,
        cast(round(try_cast(nullif(trim(points), '') as double), 4) as decimal(18, 4)) as points,
        coalesce(
            lower(nullif(trim(disqualify), '')) in ('true', 't', '1', 'yes', 'y'), false
        ) as is_disqualifying
    from read_csv(getvariable('seeds_dir') || '/fit_rules.csv', all_varchar = true, header = true)
    where lower(nullif(trim(model_id), '')) in (select model_id from scoring_models)
),

scoring_lists as (
    select distinct
        lower(nullif(trim(list_name), '')) as list_name,
        lower(nullif(trim(value), '')) as value_text
    from read_csv(
        getvariable('seeds_dir') || '/scoring_lists.csv', all_varchar = true, header = true
    )
),

-- `in` values split on `|`, `in_list` values from the named list: matched by equality
fit_rule_values as (
    select distinct
        model_id,
        rule_id,
        attribute,
        nullif(trim(unnest(string_split(value_text, '|'))), '') as value_text
    from fit_rules
    where operator = 'in'
    union
    select
        fit_rules.model_id,
        fit_rules.rule_id,
        fit_rules.attribute,
        scoring_lists.value_text
    from fit_rules
    inner join scoring_lists on fit_rules.value_text = scoring_lists.list_name
    where fit_rules.operator = 'in_list'
),

engagement_rules as (
    select
        lower(nullif(trim(model_id), '')) as model_id,
        nullif(trim(rule_id), '') as rule_id,
        lower(nullif(trim(activity_type), '')) as activity_type,
        lower(nullif(trim(url_pattern), '')) as url_pattern,
        cast(round(try_cast(nullif(trim(points), '') as double), 4) as decimal(18, 4)) as points,
        coalesce(try_cast(nullif(trim(min_occurrences), '') as integer), 1) as min_occurrences,
        try_cast(nullif(trim(max_occurrences), '') as integer) as max_occurrences,
        try_cast(nullif(trim(window_days), '') as integer) as window_days,
        lower(nullif(trim(group_id), '')) as group_id,
        coalesce(
            lower(nullif(trim(disqualify), '')) in ('true', 't', '1', 'yes', 'y'), false
        ) as is_disqualifying
    from read_csv(
        getvariable('seeds_dir') || '/engagement_rules.csv', all_varchar = true, header = true
    )
    where lower(nullif(trim(model_id), '')) in (select model_id from scoring_models)
),

rule_groups as (
    select
        lower(nullif(trim(model_id), '')) as model_id,
        lower(nullif(trim(group_id), '')) as group_id,
        cast(round(try_cast(nullif(trim(max_points), '') as double), 4) as decimal(18, 4))
            as max_points
    from read_csv(
        getvariable('seeds_dir') || '/engagement_rule_groups.csv', all_varchar = true, header = true
    )
),

decay_steps as (
    select
        lower(nullif(trim(model_id), '')) as model_id,
        try_cast(nullif(trim(inactive_days), '') as integer) as inactive_days,
        cast(round(try_cast(nullif(trim(points_subtracted), '') as double), 4) as decimal(18, 4))
            as points_subtracted,
        coalesce(
            lower(nullif(trim(resets_score), '')) in ('true', 't', '1', 'yes', 'y'), false
        ) as resets_score
    from read_csv(
        getvariable('seeds_dir') || '/decay_schedule.csv', all_varchar = true, header = true
    )
),

grade_bands as (
    select
        lower(nullif(trim(model_id), '')) as model_id,
        lower(nullif(trim(dimension), '')) as dimension,
        nullif(trim(grade), '') as grade,
        cast(round(try_cast(nullif(trim(min_score), '') as double), 4) as decimal(18, 4))
            as min_score
    from read_csv(getvariable('seeds_dir') || '/grade_bands.csv', all_varchar = true, header = true)
),

-- ---------------------------------------------------------------- contacts and companies

contacts_raw as (
    -- custom raw columns are carried (fit attributes too); derived names are reserved
    select columns(lambda c: lower(c) not in ('email_domain', 'quarantine_reason', 'duplicate_rank'))
    from read_parquet(getvariable('raw_dir') || '/contacts*.parquet', union_by_name = true)
),

contacts_typed as (
    select
        * replace (
            nullif(trim(cast(contact_id as varchar)), '') as contact_id,
            lower(nullif(trim(cast(email as varchar)), '')) as email,
            nullif(trim(cast(job_title as varchar)), '') as job_title,
            lower(nullif(trim(cast(seniority as varchar)), '')) as seniority,
            lower(nullif(trim(cast(department as varchar)), '')) as department,
            lower(nullif(trim(cast(country as varchar)), '')) as country,
            nullif(trim(cast(company_id as varchar)), '') as company_id,
            lower(nullif(trim(cast(lead_source as varchar)), '')) as lead_source,
            lower(nullif(trim(cast(lifecycle_stage as varchar)), '')) as lifecycle_stage,
            try_cast(nullif(trim(cast(created_at as varchar)), '') as timestamp) as created_at,
            try_cast(nullif(trim(cast(updated_at as varchar)), '') as timestamp) as updated_at,
            case
                when lower(nullif(trim(cast(is_deleted as varchar)), '')) in ('true', 't', '1', 'yes', 'y')
                    then true
                when lower(nullif(trim(cast(is_deleted as varchar)), '')) in ('false', 'f', '0', 'no', 'n')
                    then false
            end as is_deleted
        ),
        nullif(trim(cast(is_deleted as varchar)), '') as is_deleted_text,
        nullif(trim(cast(created_at as varchar)), '') as created_at_text,
        nullif(trim(cast(updated_at as varchar)), '') as updated_at_text
    from contacts_raw
),

contacts_checked as (
    select
        * exclude (is_deleted_text, created_at_text, updated_at_text) replace (
            coalesce(is_deleted, false) as is_deleted
        ),
        contact_id is not null
        and contact_id not in (select unnest(getvariable('erased_contact_ids')))
        and created_at_text is not null
        and created_at is not null
        and (updated_at_text is null or updated_at is not null)
        and (is_deleted_text is null or is_deleted is not null) as is_valid
    from contacts_typed
),

contacts_id_ranked as (
    -- one row per contact id: the most recently updated valid version
    select
        *,
        row_number() over (
            partition by contact_id
            order by
                case when is_valid then 0 else 1 end,
                updated_at desc nulls last,
                created_at desc nulls last,
                email asc nulls last,
                is_deleted asc
        ) as duplicate_rank
    from contacts_checked
),

contacts_email_ranked as (
    -- one contact per email: a person is scored once
    select
        *,
        row_number() over (
            partition by email
            order by
                case when is_valid and duplicate_rank = 1 then 0 else 1 end,
                is_deleted asc,
                updated_at desc nulls last,
                created_at desc nulls last,
                contact_id asc
        ) as email_rank
    from contacts_id_ranked
),

scored_contacts as (
    -- not deleted, created on or before the score date
    select
        * exclude (is_valid, duplicate_rank, email_rank),
        nullif(string_split(email, '@')[2], '') as email_domain,
        cast(created_at as date) as created_date
    from contacts_email_ranked
    where
        is_valid
        and duplicate_rank = 1
        and (email is null or email_rank = 1)
        and not is_deleted
        and cast(created_at as date) <= getvariable('score_date')
),

companies_raw as (
    select columns(lambda c: lower(c) not in ('email_domain', 'quarantine_reason', 'duplicate_rank'))
    from read_parquet(getvariable('raw_dir') || '/companies*.parquet', union_by_name = true)
),

companies_typed as (
    select
        * replace (
            nullif(trim(cast(company_id as varchar)), '') as company_id,
            nullif(trim(cast(name as varchar)), '') as name,
            lower(nullif(trim(cast(domain as varchar)), '')) as domain,
            lower(nullif(trim(cast(industry as varchar)), '')) as industry,
            try_cast(nullif(trim(cast(employee_count as varchar)), '') as double) as employee_count,
            try_cast(nullif(trim(cast(annual_revenue as varchar)), '') as double) as annual_revenue,
            lower(nullif(trim(cast(country as varchar)), '')) as country,
            try_cast(nullif(trim(cast(created_at as varchar)), '') as timestamp) as created_at
        ),
        nullif(trim(cast(employee_count as varchar)), '') as employee_count_text,
        nullif(trim(cast(annual_revenue as varchar)), '') as annual_revenue_text,
        nullif(trim(cast(created_at as varchar)), '') as created_at_text
    from companies_raw
),

companies_ranked as (
    select
        *,
        company_id is not null
        and (employee_count_text is null or employee_count is not null)
        and coalesce(employee_count >= 0, true)
        and (annual_revenue_text is null or annual_revenue is not null)
        and coalesce(annual_revenue >= 0, true)
        and (created_at_text is null or created_at is not null) as is_valid
    from companies_typed
),

companies_staged as (
    select
        * exclude (employee_count_text, annual_revenue_text, created_at_text, is_valid) replace (
            cast(employee_count as bigint) as employee_count
        )
    from companies_ranked
    where is_valid
    qualify row_number() over (
        partition by company_id
        order by created_at desc nulls last, name asc nulls last, domain asc nulls last
    ) = 1
),

companies_prefixed as (
    -- company columns are fit attributes as company_<name>
    select
        company_id as joined_company_id,
        columns(lambda c: c != 'company_id') as 'company_\0'
    from companies_staged
),

contacts_enriched as (
    select
        scored_contacts.*,
        companies_prefixed.* exclude (joined_company_id),
        companies_prefixed.joined_company_id is not null as has_known_company
    from scored_contacts
    left join companies_prefixed
        on scored_contacts.company_id = companies_prefixed.joined_company_id
),

-- ---------------------------------------------------------------- fit

contacts_normalised as (
    select
        contact_id,
        lower(nullif(trim(cast(columns(* exclude (contact_id)) as varchar)), ''))
    from contacts_enriched
),

attribute_columns as (
    -- a name on both tables is the contact's; a company column is also reachable
    -- without its prefix when the contact has no column of that name
    select lower(column_name) as column_name
    from (from (from contacts_normalised limit 1)
        unpivot include nulls (value_text for column_name in (columns(* exclude (contact_id)))))
),

attribute_names as (
    select
        column_name as attribute,
        column_name
    from attribute_columns
    union all
    select
        substr(column_name, 9) as attribute,
        column_name
    from attribute_columns
    where
        starts_with(column_name, 'company_')
        and column_name != 'company_id'
        and substr(column_name, 9) not in (
            select contact_side.column_name from attribute_columns as contact_side
            where not starts_with(contact_side.column_name, 'company_')
                or contact_side.column_name = 'company_id'
        )
),

used_attributes as (
    select * from attribute_names
    where attribute in (select distinct fit_rules.attribute from fit_rules)
),

attribute_values as (
    select
        values_unpivoted.contact_id,
        used_attributes.attribute,
        values_unpivoted.value_text,
        try_cast(values_unpivoted.value_text as double) as value_number
    from (from contacts_normalised
        unpivot include nulls (value_text for column_name in (columns(* exclude (contact_id)))))
        as values_unpivoted
    inner join used_attributes
        on lower(values_unpivoted.column_name) = used_attributes.column_name
),

fit_matches as (
    select
        attribute_values.contact_id,
        fit_rules.model_id,
        fit_rules.rule_id
    from attribute_values
    inner join fit_rules on attribute_values.attribute = fit_rules.attribute
    where
        fit_rules.operator not in ('in', 'in_list')
        and coalesce(
            case fit_rules.operator
                when 'eq' then attribute_values.value_text = fit_rules.value_text
                when 'contains' then position(fit_rules.value_text in attribute_values.value_text) > 0
                when 'gte' then attribute_values.value_number >= fit_rules.value_number
                when 'lte' then attribute_values.value_number <= fit_rules.value_number
                when 'between'
                    then attribute_values.value_number between fit_rules.value_low and fit_rules.value_high
                when 'is_null' then attribute_values.value_text is null
                when 'not_null' then attribute_values.value_text is not null
                else false
            end,
            false
        )
    union all
    select distinct
        attribute_values.contact_id,
        fit_rule_values.model_id,
        fit_rule_values.rule_id
    from attribute_values
    inner join fit_rule_values
        on
            attribute_values.attribute = fit_rule_values.attribute
            and attribute_values.value_text = fit_rule_values.value_text
),

fit_rows as (
    -- every matching rule counts once, as one contribution row
    select
        fit_matches.contact_id,
        fit_rules.model_id,
        fit_rules.rule_id,
        fit_rules.points,
        fit_rules.is_disqualifying
    from fit_matches
    inner join fit_rules
        on fit_matches.model_id = fit_rules.model_id and fit_matches.rule_id = fit_rules.rule_id
),

-- ---------------------------------------------------------------- activities

activities_typed as (
    select
        nullif(trim(cast(activity_id as varchar)), '') as activity_id,
        nullif(trim(cast(contact_id as varchar)), '') as contact_id,
        lower(nullif(trim(cast(activity_type as varchar)), '')) as activity_type,
        try_cast(nullif(trim(cast(occurred_at as varchar)), '') as timestamp) as occurred_at,
        nullif(trim(cast(page_url as varchar)), '') as page_url,
        nullif(trim(cast(campaign_id as varchar)), '') as campaign_id,
        lower(nullif(trim(cast(source_system as varchar)), '')) as source_system
    from read_parquet(getvariable('raw_dir') || '/activities*.parquet', union_by_name = true)
),

valid_activities as not materialized (
    -- the kept copy of an activity_id is its earliest, so filtering on the score date
    -- before deduplicating keeps the same copy whenever one is on or before the date.
    -- Read three times below: re-scanning the Parquet file is cheaper than holding every
    -- activity in memory (which at tens of millions of rows spills to disk).
    select
        activity_id,
        contact_id,
        activity_type,
        occurred_at,
        cast(occurred_at as date) as occurred_date,
        page_url,
        campaign_id,
        source_system
    from activities_typed
    where
        activity_id is not null
        and contact_id is not null
        and activity_type is not null
        and occurred_at is not null
        and cast(occurred_at as date) <= getvariable('score_date')
),

repeated_activity_ids as (
    select activity_id
    from valid_activities
    group by activity_id
    having count(*) > 1
),

activities_deduplicated as (
    -- ids seen once need no ranking (a hash anti join instead of sorting every row);
    -- copies of a repeated id: the one chosen by its values, never by file order
    select * exclude (campaign_id, source_system)
    from valid_activities
    anti join repeated_activity_ids
        on valid_activities.activity_id = repeated_activity_ids.activity_id
    union all
    select * exclude (campaign_id, source_system)
    from valid_activities
    semi join repeated_activity_ids
        on valid_activities.activity_id = repeated_activity_ids.activity_id
    qualify row_number() over (
        partition by activity_id
        order by
            occurred_at asc,
            contact_id asc,
            activity_type asc,
            page_url asc nulls last,
            campaign_id asc nulls last,
            source_system asc nulls last
    ) = 1
),

scored_activities as (
    select activities_deduplicated.*
    from activities_deduplicated
    semi join scored_contacts
        on activities_deduplicated.contact_id = scored_contacts.contact_id
),

last_activity as (
    -- any activity, scored or not
    select
        contact_id,
        max(occurred_at) as last_activity_at
    from scored_activities
    group by contact_id
),

-- ---------------------------------------------------------------- engagement

occurrences_ranked as (
    -- every activity a rule counts at the score date, ranked per contact and rule
    select
        scored_activities.contact_id,
        scored_activities.activity_id,
        scored_activities.occurred_at,
        scored_activities.occurred_date,
        date_diff('day', scored_activities.occurred_date, getvariable('score_date')) as age_days,
        engagement_rules.model_id,
        engagement_rules.rule_id,
        engagement_rules.group_id,
        engagement_rules.points,
        engagement_rules.min_occurrences,
        engagement_rules.max_occurrences,
        engagement_rules.is_disqualifying,
        row_number() over (
            partition by scored_activities.contact_id, engagement_rules.model_id, engagement_rules.rule_id
            order by scored_activities.occurred_at, scored_activities.activity_id
        ) as occurrence_number
    from scored_activities
    inner join engagement_rules
        on scored_activities.activity_type = engagement_rules.activity_type
    where
        (
            engagement_rules.url_pattern is null
            or lower(scored_activities.page_url) like engagement_rules.url_pattern
        )
        and (
            engagement_rules.window_days is null
            or date_diff('day', scored_activities.occurred_date, getvariable('score_date'))
            < engagement_rules.window_days
        )
),

earning_occurrences as (
    -- only earning occurrences move points (and fill group caps, in time order)
    select
        occurrences_ranked.*,
        rule_groups.max_points as group_max_points,
        sum(case when occurrences_ranked.points > 0 then occurrences_ranked.points else 0 end)
            over (
                partition by
                    occurrences_ranked.contact_id,
                    occurrences_ranked.model_id,
                    occurrences_ranked.group_id
                order by
                    occurrences_ranked.occurred_at,
                    occurrences_ranked.activity_id,
                    occurrences_ranked.rule_id
                rows between unbounded preceding and current row
            ) as group_points_to_here
    from occurrences_ranked
    left join rule_groups
        on
            occurrences_ranked.model_id = rule_groups.model_id
            and occurrences_ranked.group_id = rule_groups.group_id
    where
        occurrences_ranked.occurrence_number >= occurrences_ranked.min_occurrences
        and (
            occurrences_ranked.max_occurrences is null
            or occurrences_ranked.occurrence_number <= occurrences_ranked.max_occurrences
        )
),

occurrences_capped as (
    select
        *,
        case
            when group_max_points is null or points <= 0 then points
            when group_points_to_here <= group_max_points then points
            when group_points_to_here - points >= group_max_points then 0
            else group_max_points - (group_points_to_here - points)
        end as capped_points
    from earning_occurrences
),

engagement_rows as (
    select
        contact_id,
        model_id,
        rule_id,
        cast(round(sum(capped_points), 4) as decimal(18, 4)) as points,
        bool_or(is_disqualifying) as is_disqualifying
    from occurrences_capped
    group by contact_id, model_id, rule_id
),

engagement_per_contact as (
    select
        occurrences_capped.contact_id,
        occurrences_capped.model_id,
        cast(round(sum(greatest(occurrences_capped.capped_points, 0)), 4) as decimal(18, 4))
            as positive_engagement_points,
        -- p x 0.5 ^ (age / half-life) per occurrence, summed exactly, rounded once
        cast(round(sum(
            case
                when occurrences_capped.capped_points > 0
                    then cast(
                        cast(occurrences_capped.capped_points as double)
                        * power(0.5, cast(occurrences_capped.age_days as double) / scoring_models.half_life_days)
                        as decimal(38, 18)
                    )
                else 0
            end
        ), 4) as decimal(18, 4)) as half_life_positive_points,
        max(case when occurrences_capped.capped_points > 0 then occurrences_capped.occurred_at end)
            as last_engaged_at,
        date_diff(
            'day',
            max(case when occurrences_capped.capped_points > 0 then occurrences_capped.occurred_date end),
            getvariable('score_date')
        ) as days_inactive,
        any_value(scoring_models.decay_mode) as decay_mode
    from occurrences_capped
    inner join scoring_models on occurrences_capped.model_id = scoring_models.model_id
    group by occurrences_capped.contact_id, occurrences_capped.model_id
),

reached_steps as (
    select
        engagement_per_contact.contact_id,
        engagement_per_contact.model_id,
        sum(decay_steps.points_subtracted) as reached_points_subtracted,
        bool_or(decay_steps.resets_score) as has_reached_reset
    from engagement_per_contact
    inner join decay_steps
        on
            engagement_per_contact.model_id = decay_steps.model_id
            and engagement_per_contact.days_inactive >= decay_steps.inactive_days
    where engagement_per_contact.decay_mode = 'step'
    group by engagement_per_contact.contact_id, engagement_per_contact.model_id
),

decay_rows as (
    -- decay touches positive engagement only, never more than it
    select
        engagement_per_contact.contact_id,
        engagement_per_contact.model_id,
        engagement_per_contact.last_engaged_at,
        engagement_per_contact.days_inactive,
        cast(round(
            case
                when engagement_per_contact.decay_mode = 'step' and reached_steps.contact_id is not null
                    then case
                        when reached_steps.has_reached_reset
                            then -engagement_per_contact.positive_engagement_points
                        when reached_steps.reached_points_subtracted
                            > engagement_per_contact.positive_engagement_points
                            then -engagement_per_contact.positive_engagement_points
                        else -reached_steps.reached_points_subtracted
                    end
                when engagement_per_contact.decay_mode = 'half_life'
                    then engagement_per_contact.half_life_positive_points
                    - engagement_per_contact.positive_engagement_points
                else 0
            end,
            4
        ) as decimal(18, 4)) as decay_points
    from engagement_per_contact
    left join reached_steps
        on
            engagement_per_contact.contact_id = reached_steps.contact_id
            and engagement_per_contact.model_id = reached_steps.model_id
),

-- ---------------------------------------------------------------- scores

contributions as (
    select contact_id, model_id, rule_id, 'fit' as contribution_type, points, is_disqualifying
    from fit_rows
    union all
    select contact_id, model_id, rule_id, 'engagement' as contribution_type, points, is_disqualifying
    from engagement_rows
    union all
    select contact_id, model_id, '_decay' as rule_id, 'decay' as contribution_type, decay_points, false
    from decay_rows
    where decay_points != 0
),

component_totals as (
    select
        contact_id,
        model_id,
        sum(case when contribution_type = 'fit' then points else 0 end) as fit_score,
        sum(case when contribution_type != 'fit' then points else 0 end) as engagement_score,
        sum(case when contribution_type = 'engagement' and points > 0 then points else 0 end)
            as positive_engagement_points,
        sum(case when contribution_type != 'decay' and points < 0 then points else 0 end)
            as negative_score,
        sum(case when contribution_type = 'decay' then points else 0 end) as decay_points,
        bool_or(is_disqualifying) as is_disqualified,
        -- the three rules that moved the score most, as "rule_id (+20)", strongest first
        min_by(
            rule_id || ' ('
            || case when points > 0 then '+' else '' end
            || case
                when points = floor(points) then cast(cast(points as bigint) as varchar)
                else cast(round(points, 2) as varchar)
            end
            || ')',
            struct_pack(strength := -abs(points), rule_id := rule_id),
            3
        ) filter (where points != 0) as reasons
    from contributions
    group by contact_id, model_id
),

totals as (
    select
        scored_contacts.contact_id,
        scoring_models.model_id,
        scored_contacts.company_id,
        scoring_models.mql_threshold,
        cast(round(coalesce(component_totals.fit_score, 0), 4) as decimal(18, 4)) as fit_score,
        cast(round(coalesce(component_totals.engagement_score, 0), 4) as decimal(18, 4))
            as engagement_score,
        cast(round(coalesce(component_totals.positive_engagement_points, 0), 4) as decimal(18, 4))
            as positive_engagement_points,
        cast(round(coalesce(component_totals.negative_score, 0), 4) as decimal(18, 4))
            as negative_score,
        cast(round(coalesce(component_totals.decay_points, 0), 4) as decimal(18, 4))
            as decay_points,
        cast(round(
            coalesce(component_totals.fit_score, 0) + coalesce(component_totals.engagement_score, 0),
            4
        ) as decimal(18, 4)) as total_score_unclamped,
        cast(round(
            case
                when
                    scoring_models.score_cap is not null
                    and coalesce(component_totals.fit_score, 0)
                    + coalesce(component_totals.engagement_score, 0) > scoring_models.score_cap
                    then scoring_models.score_cap
                when
                    scoring_models.score_floor is not null
                    and coalesce(component_totals.fit_score, 0)
                    + coalesce(component_totals.engagement_score, 0) < scoring_models.score_floor
                    then scoring_models.score_floor
                else coalesce(component_totals.fit_score, 0)
                    + coalesce(component_totals.engagement_score, 0)
            end,
            4
        ) as decimal(18, 4)) as total_score,
        coalesce(component_totals.is_disqualified, false) as is_disqualified,
        last_activity.last_activity_at,
        decay_rows.last_engaged_at,
        decay_rows.days_inactive,
        nullif(array_to_string(component_totals.reasons, ', '), '') as top_reasons
    from scored_contacts
    cross join scoring_models
    left join component_totals
        on
            scored_contacts.contact_id = component_totals.contact_id
            and scoring_models.model_id = component_totals.model_id
    left join last_activity on scored_contacts.contact_id = last_activity.contact_id
    left join decay_rows
        on
            scored_contacts.contact_id = decay_rows.contact_id
            and scoring_models.model_id = decay_rows.model_id
),

lowest_bands as (
    select
        model_id,
        dimension,
        min_by(grade, min_score) as grade
    from grade_bands
    group by model_id, dimension
),

graded as (
    -- the band with the highest min_score not above the score; below every band, the lowest
    select
        totals.*,
        coalesce(fit_band.grade, lowest_fit.grade) as fit_grade,
        coalesce(engagement_band.grade, lowest_engagement.grade) as engagement_grade
    from totals
    asof left join (select * from grade_bands where dimension = 'fit') as fit_band
        on totals.model_id = fit_band.model_id and totals.fit_score >= fit_band.min_score
    asof left join (select * from grade_bands where dimension = 'engagement') as engagement_band
        on totals.model_id = engagement_band.model_id and totals.engagement_score >= engagement_band.min_score
    left join lowest_bands as lowest_fit
        on totals.model_id = lowest_fit.model_id and lowest_fit.dimension = 'fit'
    left join lowest_bands as lowest_engagement
        on totals.model_id = lowest_engagement.model_id and lowest_engagement.dimension = 'engagement'
)

select
    getvariable('score_date') as score_date,
    contact_id,
    model_id,
    company_id,
    fit_score,
    engagement_score,
    positive_engagement_points,
    negative_score,
    decay_points,
    total_score_unclamped,
    total_score,
    mql_threshold,
    fit_grade,
    engagement_grade,
    fit_grade || engagement_grade as lead_grade,
    is_disqualified,
    coalesce(total_score >= mql_threshold and not is_disqualified, false) as is_mql,
    last_activity_at,
    last_engaged_at,
    days_inactive,
    top_reasons
from graded
