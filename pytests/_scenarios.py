"""Hand-made scenario leads appended to generated raw data, with the scores the
default seeds must give them, worked out by hand from seeds/scoring/*.csv.

Score date D = 2026-10-31. Default model: MQL at 75, floor -100, cap 200, step decay
30/60/90 days -10/-10/-20 and reset at 180. Upsell model: MQL at 40, floor 0, cap 150,
half-life 30 days.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from leadscore.demo.generate import GenerateConfig, generate

SCORE_DATE = "2026-10-31"

COMPANIES = """
select * from (values
    ('co_scn_1', 'Scenario Software', 'scenario-software.com', 'Software', 1000, 50000000.0, 'US',
     timestamp '2024-01-01 00:00:00')
) as t(company_id, name, domain, industry, employee_count, annual_revenue, country, created_at)
"""

CONTACTS = """
select * from (values
    -- hot VP at an ideal-fit company, everything on the score date
    ('scn_hot_vp', ' Hot.VP@Scenario-Software.com ', 'VP of Marketing', ' VP', 'Marketing ', 'us',
     'co_scn_1', 'referral', 'lead', timestamp '2026-01-01 00:00:00', timestamp '2026-10-01 00:00:00', false),
    -- same fit, engaged 100 days ago and quiet since
    ('scn_gone_quiet', 'quiet@scenario-software.com', 'VP of Marketing', 'vp', 'marketing', 'US',
     'co_scn_1', 'referral', 'lead', timestamp '2026-01-01 00:00:00', timestamp '2026-10-01 00:00:00', false),
    -- a competitor: disqualified whatever it does
    ('scn_competitor', 'spy@rivalscore.io', 'VP Marketing', 'vp', 'marketing', 'US',
     null, 'organic_search', 'lead', timestamp '2026-01-01 00:00:00', timestamp '2026-10-01 00:00:00', false),
    -- a student looking at the careers page
    ('scn_student', 'kid@stateuniversity.edu', 'Graduate Student', 'student', 'other', 'IN',
     null, 'organic_search', 'subscriber', timestamp '2026-01-01 00:00:00', timestamp '2026-10-01 00:00:00', false),
    -- deleted: never scored
    ('scn_deleted', 'gone@scenario-software.com', 'CEO', 'c_level', 'marketing', 'US',
     'co_scn_1', 'referral', 'lead', timestamp '2026-01-01 00:00:00', timestamp '2026-10-01 00:00:00', true),
    -- created after the score date: not scored yet
    ('scn_future', 'future@scenario-software.com', 'CEO', 'c_level', 'marketing', 'US',
     'co_scn_1', 'referral', 'lead', timestamp '2026-11-05 00:00:00', timestamp '2026-11-05 00:00:00', false)
) as t(contact_id, email, job_title, seniority, department, country, company_id, lead_source,
       lifecycle_stage, created_at, updated_at, is_deleted)
"""

ACTIVITIES = """
select * from (values
    ('scn_a01', 'scn_hot_vp', 'demo_request', timestamp '2026-10-31 09:00:00', null, null, 'website'),
    -- the same demo request re-sent by the source system: counted once
    ('scn_a01', 'scn_hot_vp', 'demo_request', timestamp '2026-10-31 09:00:00', null, null, 'website'),
    ('scn_a02', 'scn_hot_vp', 'pricing_page_view', timestamp '2026-10-31 09:05:00',
     'https://www.acme-scoring.com/pricing', null, 'website'),
    ('scn_a03', 'scn_hot_vp', 'pricing_page_view', timestamp '2026-10-31 09:06:00',
     'https://www.acme-scoring.com/pricing', null, 'website'),
    ('scn_a04', 'scn_hot_vp', 'pricing_page_view', timestamp '2026-10-31 09:07:00',
     'https://www.acme-scoring.com/pricing', null, 'website'),
    ('scn_a05', 'scn_hot_vp', 'pricing_page_view', timestamp '2026-10-31 09:08:00',
     'https://www.acme-scoring.com/pricing', null, 'website'),
    ('scn_a06', 'scn_hot_vp', 'email_open', timestamp '2026-10-31 10:00:00', null, 'cmp_x', 'hubspot'),
    ('scn_a07', 'scn_hot_vp', 'email_open', timestamp '2026-10-31 10:01:00', null, 'cmp_x', 'hubspot'),
    ('scn_a08', 'scn_hot_vp', 'email_open', timestamp '2026-10-31 10:02:00', null, 'cmp_x', 'hubspot'),
    ('scn_a09', 'scn_hot_vp', 'email_open', timestamp '2026-10-31 10:03:00', null, 'cmp_x', 'hubspot'),
    ('scn_a10', 'scn_hot_vp', 'email_open', timestamp '2026-10-31 10:04:00', null, 'cmp_x', 'hubspot'),
    -- after the score date: does not count
    ('scn_a11', 'scn_hot_vp', 'trial_signup', timestamp '2026-11-01 00:00:01', null, null, 'website'),
    ('scn_b01', 'scn_gone_quiet', 'demo_request', timestamp '2026-07-23 09:00:00', null, null, 'website'),
    ('scn_b02', 'scn_gone_quiet', 'webinar_attended', timestamp '2026-07-23 10:00:00', null, 'cmp_w', 'webinar_platform'),
    ('scn_b03', 'scn_gone_quiet', 'content_download', timestamp '2026-07-23 11:00:00',
     'https://www.acme-scoring.com/resources/guide', null, 'website'),
    ('scn_c01', 'scn_competitor', 'demo_request', timestamp '2026-10-31 09:00:00', null, null, 'website'),
    ('scn_d01', 'scn_student', 'page_view', timestamp '2026-10-31 09:00:00',
     'https://www.acme-scoring.com/careers/data-engineer', null, 'website'),
    ('scn_e01', 'scn_deleted', 'demo_request', timestamp '2026-10-31 09:00:00', null, null, 'website')
) as t(activity_id, contact_id, activity_type, occurred_at, page_url, campaign_id, source_system)
"""

# (contact_id, model_id) -> the fct_lead_scores columns that matter, computed by hand.
EXPECTED: dict[tuple[str, str], dict[str, object]] = {
    # fit: exec 15 + revenue dept 10 + core industry 10 + mid-market 15 + revenue 5
    #      + target country 5 + warm source 5 = 65
    # engagement: demo 20 + pricing 3 x 10 (max 3) + opens 3rd..5th 3 x 2 = 56; no decay
    ("scn_hot_vp", "default"): {
        "fit_score": 65,
        "engagement_score": 56,
        "negative_score": 0,
        "decay_points": 0,
        "total_score": 121,
        "fit_grade": "A",
        "engagement_grade": "2",
        "lead_grade": "A2",
        "is_disqualified": False,
        "is_mql": True,
        "days_inactive": 0,
    },
    # fit: seniority 10 + department 5 + size 10 = 25
    # engagement (all at age 0, no half-life loss): pricing 4 x 15 + demo 20 = 80
    ("scn_hot_vp", "upsell"): {
        "fit_score": 25,
        "engagement_score": 80,
        "decay_points": 0,
        "total_score": 105,
        "fit_grade": "B",
        "engagement_grade": "1",
        "is_mql": True,
    },
    # fit 65; engagement demo 20 + webinar 12 + download 5 = 37, 100 days inactive:
    # steps 30, 60, 90 would take 40, capped at the 37 positive points -> 0
    ("scn_gone_quiet", "default"): {
        "fit_score": 65,
        "engagement_score": 0,
        "decay_points": -37,
        "total_score": 65,
        "days_inactive": 100,
        "lead_grade": "A4",
        "is_mql": False,
    },
    # fit: exec 15 + dept 10 + country 5 + no company -5 + competitor -50 = -25
    # engagement: demo 20; total -5; disqualified
    ("scn_competitor", "default"): {
        "fit_score": -25,
        "engagement_score": 20,
        "negative_score": -55,
        "total_score": -5,
        "fit_grade": "D",
        "engagement_grade": "3",
        "is_disqualified": True,
        "is_mql": False,
    },
    # fit: student title -15 + .edu -10 + no company -5 = -30
    # engagement: page view +1, careers page -10 = -9; total -39
    ("scn_student", "default"): {
        "fit_score": -30,
        "engagement_score": -9,
        "negative_score": -40,
        "total_score": -39,
        "lead_grade": "D4",
        "is_mql": False,
    },
    # blended = 0.7 x default + 0.3 x upsell, rule by rule: 0.7 x 121 + 0.3 x 105 = 116.2
    # (fit 0.7 x 65 + 0.3 x 25 = 53 -> A; engagement 0.7 x 56 + 0.3 x 80 = 63.2 -> 1)
    ("scn_hot_vp", "blended"): {
        "fit_score": 53,
        "engagement_score": Decimal("63.2"),
        "total_score": Decimal("116.2"),
        "lead_grade": "A1",
        "is_mql": True,
    },
    # upsell: no fit rule matches (-), nothing engaged; floor 0
    ("scn_student", "upsell"): {
        "fit_score": 0,
        "engagement_score": 0,
        "total_score": 0,
        "is_mql": False,
    },
}

NOT_SCORED = ("scn_deleted", "scn_future")

# The three rules that moved scn_hot_vp's default score most (ties on size broken by
# rule id): pricing 3 x 10, demo 20, then seniority 15 before mid-market size 15.
HOT_VP_TOP_REASONS = "eng_pricing_page (+30), eng_demo_request (+20), fit_seniority_exec (+15)"


def write_demo_with_scenarios(raw_dir: Path) -> None:
    """The demo data (the generator's defaults) ending on the scenarios' score date,
    with the scenario rows beside it: what the cross-engine comparisons build."""
    generate(GenerateConfig(out_dir=raw_dir, as_of=date.fromisoformat(SCORE_DATE)))
    write_scenarios(raw_dir)


def write_scenarios(raw_dir: Path) -> None:
    """Write the scenario rows as extra raw files next to generated ones (the sources
    read every `<table>*.parquet` file of the directory)."""
    with duckdb.connect() as con:
        for table, sql in (
            ("companies", COMPANIES),
            ("contacts", CONTACTS),
            ("activities", ACTIVITIES),
        ):
            target = raw_dir / f"{table}_scenarios.parquet"
            con.execute(f"copy ({sql}) to '{target}' (format parquet)")
