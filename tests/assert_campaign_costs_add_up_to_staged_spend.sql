-- rpt_campaign_costs neither loses nor invents money or leads: its spend adds up to
-- the staged spend up to the score date (to the cent per row), and its leads to the
-- attributed leads.
with

report as (

    select
        coalesce(sum(spend), 0) as spend,
        sum(leads) as leads,
        count(*) as report_rows
    from {{ ref('rpt_campaign_costs') }}

),

staged as (

    select coalesce(sum(cost), 0) as spend
    from {{ ref('stg_marketing__campaign_spends') }}
    where spend_date <= {{ lead_scoring.score_date() }}

),

attributed as (

    select count(*) as leads
    from {{ ref('int_leads_attributed') }}

)

select
    report.spend as report_spend,
    staged.spend as staged_spend,
    report.leads as report_leads,
    attributed.leads as attributed_leads
from report
cross join staged
cross join attributed
where
    -- each row's spend is rounded to cents: at most half a cent off per row
    abs(report.spend - staged.spend) > 0.005 * report.report_rows
    or coalesce(report.leads, 0) != attributed.leads
