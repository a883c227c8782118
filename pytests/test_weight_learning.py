"""suggest-weights' learner on a hand-made warehouse: the tables it reads, filled with
generated leads whose conversion depends on a planted activity type no rule scores and a
planted custom attribute value, plus rules that must be reweighted, held or left alone.
No dbt build: the learner reads the same relations a build writes."""

from __future__ import annotations

import csv
import io
import math
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pytest

from leadscore.evaluation.suggest_weights import suggest_weights
from leadscore.evaluation.weight_learning import LearningError, learn

DATES = [date(2026, 1, 31) + timedelta(days=7 * i) for i in range(8)]
WINDOW = (DATES[0], DATES[5])
HOLDOUT = (DATES[6], DATES[7])
THRESHOLD = 12.0


def _warehouse(path: Path, seed: int = 0) -> Path:
    """Per date 400 new leads: 'pro' plan and a recent webinar_watched (unscored) raise
    the odds; r_noise fires at random; r_negative (-20 points) fires on leads that in
    truth convert more; r_everyone fires on every lead."""
    rng = np.random.default_rng(seed)
    outcomes, contributions, activities, contacts, pages = [], [], [], [], []
    for day in DATES:
        for i in range(400):
            contact = f"{day:%m%d}-{i:03d}"
            pro = rng.random() < 0.3
            webinar = rng.random() < 0.25
            noise = rng.random() < 0.5
            negative = rng.random() < 0.2
            pricing = rng.random() < 0.3
            logit = -2.5 + 1.6 * pro + 1.8 * webinar + 0.8 * negative + 1.4 * pricing
            converted = bool(rng.random() < 1 / (1 + math.exp(-logit)))
            points = {"r_noise": 10.0 * noise, "r_negative": -20.0 * negative, "r_everyone": 5.0}
            total = sum(points.values())
            outcomes.append((day, contact, converted, total, False))
            contributions += [(day, contact, r, p) for r, p in points.items() if p]
            if webinar:
                activities.append((day, contact, "webinar_watched", 3))
            activities.append((day, contact, "page_view", 40))
            page = "/pricing/team" if pricing else "/blog/post"
            pages.append((contact, day - timedelta(days=3), f"https://x.example{page}"))
            pages.append((contact, day - timedelta(days=45), "https://x.example/careers"))
            contacts.append((contact, "pro" if pro else "free", f"person-{contact}"))
    database = path / "warehouse.duckdb"
    con = duckdb.connect(str(database))
    con.execute(
        "create table int_lead_outcomes_populated (population varchar, model_id varchar,"
        " score_date date, contact_id varchar, is_converted boolean, total_score double,"
        " is_disqualified boolean)"
    )
    con.executemany(
        "insert into int_lead_outcomes_populated values ('new_leads', 'm', ?, ?, ?, ?, ?)",
        outcomes,
    )
    con.execute(
        "create table int_score_contributions_composited (score_date date, contact_id varchar,"
        " model_id varchar, component_model_id varchar, rule_id varchar, points double)"
    )
    con.executemany(
        "insert into int_score_contributions_composited values (?, ?, 'm', null, ?, ?)",
        contributions,
    )
    con.execute(
        "create table int_lead_activity_features_counted (score_date date, contact_id varchar,"
        " activity_type varchar, days_since_last bigint)"
    )
    con.executemany(
        "insert into int_lead_activity_features_counted values (?, ?, ?, ?)", activities
    )
    con.execute(
        "create table stg_marketing__activities (contact_id varchar, activity_type varchar,"
        " occurred_date date, page_url varchar)"
    )
    con.executemany("insert into stg_marketing__activities values (?, 'page_view', ?, ?)", pages)
    con.execute(
        "create table int_contacts_enriched (contact_id varchar, plan varchar, email varchar)"
    )
    con.executemany("insert into int_contacts_enriched values (?, ?, ?)", contacts)
    con.execute(
        "create table stg_scoring_config__fit_rules as select 'm' as model_id,"
        " 'r_disqualify' as rule_id, -100.0 as points, true as is_disqualifying"
    )
    con.execute(
        "create table stg_scoring_config__engagement_rules as"
        " select 'm' as model_id, rule_id, activity_type, url_pattern, points,"
        " false as is_disqualifying from (values ('r_noise', 'email_open', '', 10.0),"
        " ('r_negative', 'email_bounce', '', -20.0), ('r_everyone', 'page_view', '', 5.0),"
        " ('r_blog', 'page_view', '%/blog%', 0.0))"
        " as rules(rule_id, activity_type, url_pattern, points)"
    )
    con.execute(
        f"create table stg_scoring_config__scoring_models as"
        f" select 'm' as model_id, {THRESHOLD} as mql_threshold, -100.0 as score_floor,"
        " 200.0 as score_cap"
    )
    con.close()
    return database


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _warehouse(tmp_path_factory.mktemp("weights"))


def _finding(learned, rule_id: str):  # type: ignore[no-untyped-def]
    (found,) = [f for f in learned.findings if f.candidate.rule_id == rule_id]
    return found


def test_new_rules_are_proposed_for_the_planted_activity_and_attribute(database: Path) -> None:
    learned = learn(database, "m", "new_leads", WINDOW, holdout=HOLDOUT)
    webinar = _finding(learned, "eng_webinar_watched")
    assert webinar.status == "proposed"
    assert webinar.candidate.fields["activity_type"] == "webinar_watched"
    assert webinar.suggested_points and webinar.suggested_points > 0
    assert webinar.interval and webinar.interval[0] > 0
    pricing = _finding(learned, "eng_page_view_pricing")
    assert pricing.status == "proposed"
    assert pricing.candidate.fields["url_pattern"] == "%/pricing%"
    assert pricing.suggested_points and pricing.suggested_points > 0
    # a pattern a rule already scores is not proposed again; a page only seen before
    # the 30-day window never fires
    ids = {f.candidate.rule_id for f in learned.findings}
    assert "eng_page_view_blog" not in ids
    careers = [f for f in learned.findings if f.candidate.rule_id == "eng_page_view_careers"]
    assert all(f.support == 0 or f.status == "no_contrast" for f in careers)
    pro = _finding(learned, "fit_plan_pro")
    assert pro.status == "proposed"
    assert pro.candidate.fields == {"attribute": "plan", "operator": "eq", "value": "pro"}
    assert pro.suggested_points and pro.suggested_points > 0
    # support and conversion are counted on the window's lead-dates
    assert 0.2 * learned.rows < pro.support < 0.4 * learned.rows
    # an identifier column (one value per contact) proposes nothing
    assert not [f for f in learned.findings if "email" in f.candidate.rule_id]
    # the candidates carry the signal the current rules miss
    assert learned.comparison is not None
    assert learned.comparison.auc_now is not None and learned.comparison.auc_candidate
    assert learned.comparison.auc_candidate > learned.comparison.auc_now + 0.1


def test_a_sign_flip_is_held_and_listed_unless_allowed(database: Path) -> None:
    held = _finding(learn(database, "m", "new_leads", WINDOW), "r_negative")
    assert held.status == "sign_flip_held"
    assert held.suggested_points == -20.0
    assert held.coefficient is not None and held.coefficient > 0
    flipped = _finding(
        learn(database, "m", "new_leads", WINDOW, allow_sign_flips=True), "r_negative"
    )
    assert flipped.status == "flipped"
    assert flipped.suggested_points is not None and flipped.suggested_points > 0


def test_a_rule_without_contrast_gets_no_weight(database: Path) -> None:
    learned = learn(database, "m", "new_leads", WINDOW)
    everyone = _finding(learned, "r_everyone")
    assert everyone.status == "no_contrast"
    assert everyone.suggested_points is None
    # a disqualifying rule is never a candidate
    assert not [f for f in learned.findings if f.candidate.rule_id == "r_disqualify"]


def test_threshold_keeps_the_mql_volume_or_reaches_a_target_precision(database: Path) -> None:
    volume = learn(database, "m", "new_leads", WINDOW).threshold
    assert volume.current == THRESHOLD
    # whole-point thresholds on a few rules: the volume is kept to the nearest step
    assert abs(volume.mqls_candidate - volume.mqls_now) <= 0.1 * volume.mqls_now
    precise = learn(
        database, "m", "new_leads", WINDOW, threshold_mode="precision", threshold_target=0.5
    ).threshold
    assert precise.precision_candidate is not None and precise.precision_candidate >= 0.5


def test_candidate_seed_files_change_only_points_threshold_and_append_rules(
    database: Path, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "fit_rules.csv").write_text(
        "model_id,rule_id,attribute,operator,value,points,disqualify,description\r\n"
        'm,r_disqualify,country,eq,xx,-100,true,"Kept, as is"\r\n',
        encoding="utf-8",
    )
    (seeds / "engagement_rules.csv").write_text(
        "model_id,rule_id,activity_type,url_pattern,points,min_occurrences,max_occurrences,"
        "window_days,group_id,disqualify,description\n"
        "m,r_noise,email_open,,10,1,,,,false,noise\n"
        "m,r_negative,email_bounce,,-20,1,,,,false,bounce\n"
        "m,r_everyone,page_view,,5,1,,,,false,everyone\n",
        encoding="utf-8",
    )
    (seeds / "scoring_models.csv").write_text(
        "model_id,description,mql_threshold,score_floor,score_cap,decay_mode,half_life_days,"
        "is_active\nm,the model,12,-100,200,none,,true\n",
        encoding="utf-8",
    )
    learned = learn(database, "m", "new_leads", WINDOW)
    result = suggest_weights(seeds, tmp_path / "out", learned)
    fit = (tmp_path / "out" / "fit_rules.csv").read_text(encoding="utf-8")
    assert fit.startswith((seeds / "fit_rules.csv").read_text(encoding="utf-8"))
    fit_rows = list(csv.DictReader(io.StringIO(fit)))
    assert next(row["rule_id"] for row in fit_rows) == "r_disqualify"
    pro = next(row for row in fit_rows if row["rule_id"] == "fit_plan_pro")
    assert (pro["attribute"], pro["operator"], pro["value"]) == ("plan", "eq", "pro")
    engagement = list(
        csv.DictReader(io.StringIO((tmp_path / "out" / "engagement_rules.csv").read_text()))
    )
    by_id = {row["rule_id"]: row for row in engagement}
    assert by_id["r_negative"]["points"] == "-20"  # held
    assert by_id["r_everyone"]["points"] == "5"  # no contrast
    assert by_id["eng_webinar_watched"]["window_days"] == "30"
    assert by_id["eng_webinar_watched"]["max_occurrences"] == "1"
    models = list(
        csv.DictReader(io.StringIO((tmp_path / "out" / "scoring_models.csv").read_text()))
    )
    assert float(models[0]["mql_threshold"]) == learned.threshold.suggested
    assert set(result.added) >= {"fit_plan_pro", "eng_webinar_watched"}


def test_a_window_without_both_outcomes_says_what_to_build(database: Path) -> None:
    with pytest.raises(LearningError, match="need both outcomes"):
        learn(database, "m", "new_leads", (date(2020, 1, 1), date(2020, 2, 1)))
