"""Score history: a 60-date backfill built incrementally in two halves equals a full
rebuild; re-running dates never duplicates them; late activities inside the lookback
change exactly the days they should."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from _scenarios import SCORE_DATE, write_scenarios
from _warehouse import PROJECT_DIR, Build, output
from leadscore.demo.generate import GenerateConfig, generate

pytestmark = pytest.mark.slow

END = date.fromisoformat(SCORE_DATE)
START = END - timedelta(days=59)
MIDDLE = END - timedelta(days=30)
HISTORY = "select * from fct_lead_score_history order by score_date, contact_id, model_id"


def _vars(score_date: date, start: date | None = None, lookback: int | None = None) -> str:
    parts = [f"score_date: '{score_date}'"]
    if start is not None:
        parts.append(f"history_start_date: '{start}'")
    if lookback is not None:
        parts.append(f"history_lookback_days: {lookback}")
    return "{" + ", ".join(parts) + "}"


def _build(build: Build, *args: str) -> None:
    result = build.dbt("build", "--exclude", "test_type:unit", *args)
    assert result.returncode == 0, output(result)


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("history_raw")
    generate(GenerateConfig(out_dir=raw, contacts=200, days=150, as_of=END, seed=5))
    write_scenarios(raw)
    return raw


@pytest.fixture(scope="module")
def incremental(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The 60 dates built as two backfills of 30 dates into one history table."""
    root = tmp_path_factory.mktemp("incremental")
    build = Build(PROJECT_DIR, raw_dir, root / "warehouse.duckdb", root / "target")
    _build(build, "--vars", _vars(MIDDLE - timedelta(days=1), START))
    _build(build, "--vars", _vars(END, MIDDLE))
    return build


def test_backfill_covers_every_date_once(incremental: Build) -> None:
    rows = incremental.query(
        """
        select count(distinct score_date), min(score_date), max(score_date),
               count(*) = count(distinct contact_id || '|' || model_id || '|' || score_date)
        from fct_lead_score_history
        """
    )
    assert rows == [(60, START, END, True)]


def test_rerunning_a_backfill_changes_nothing(incremental: Build, tmp_path: Path) -> None:
    before = incremental.query(HISTORY)
    _build(incremental, "--vars", _vars(END, MIDDLE))
    assert incremental.query(HISTORY) == before


def test_incremental_history_equals_a_full_refresh(incremental: Build, tmp_path: Path) -> None:
    full = Build(PROJECT_DIR, incremental.raw_dir, tmp_path / "full.duckdb", tmp_path / "target")
    _build(full, "--full-refresh", "--vars", _vars(END, START))
    expected = full.query(HISTORY)
    assert len(expected) > 60 * 200
    assert incremental.query(HISTORY) == expected


def test_daily_builds_equal_the_backfill_of_the_same_dates(
    incremental: Build, tmp_path: Path
) -> None:
    """Three scheduled daily builds (the score date from LEAD_SCORING_SCORE_DATE, no
    --vars: what a scheduler runs) write the same history rows as the backfill did for
    those dates, and the last one's current scores are the backfill's for its date."""
    daily = Build(PROJECT_DIR, incremental.raw_dir, tmp_path / "daily.duckdb", tmp_path / "target")
    days = [END - timedelta(days=offset) for offset in (2, 1, 0)]
    for day in days:
        result = daily.dbt(
            "build",
            "--exclude",
            "test_type:unit",
            env={"LEAD_SCORING_SCORE_DATE": day.isoformat()},
        )
        assert result.returncode == 0, output(result)
    window = f"where score_date >= '{days[0]}'"
    history = f"select * from fct_lead_score_history {window} order by all"
    expected = incremental.query(history)
    assert {row[0] for row in expected} == set(days)
    assert daily.query(history) == expected
    current = "select * from fct_lead_scores order by all"
    assert daily.query(current) == incremental.query(current)


def test_late_activity_rescores_only_its_days_and_erasure_clears_history(
    raw_dir: Path, tmp_path: Path
) -> None:
    """A demo request for scn_student that arrives late, dated two days before the score
    date: a build with a 3-day lookback re-scores D-3..D; only scn_student's rows on
    D-2, D-1 and D change, and its default score rises by exactly the rule's 20 points."""
    late_raw = tmp_path / "raw"
    late_raw.mkdir()
    for path in raw_dir.iterdir():
        (late_raw / path.name).symlink_to(path)
    build = Build(PROJECT_DIR, late_raw, tmp_path / "warehouse.duckdb", tmp_path / "target")
    _build(build, "--vars", _vars(END, START))
    before = {row[:3]: row for row in build.query(HISTORY_KEYED)}

    late_day = END - timedelta(days=2)
    with duckdb.connect() as con:
        con.execute(
            f"""
            copy (
                select 'late_1' as activity_id, 'scn_student' as contact_id,
                       'demo_request' as activity_type,
                       timestamp '{late_day} 15:00:00' as occurred_at,
                       null::varchar as page_url, null::varchar as campaign_id,
                       'website' as source_system
            ) to '{late_raw / "activities_late.parquet"}' (format parquet)
            """
        )
    _build(build, "--vars", _vars(END, lookback=3))
    after = {row[:3]: row for row in build.query(HISTORY_KEYED)}

    assert after.keys() == before.keys()
    changed = {key for key in after if after[key] != before[key]}
    days = {late_day, late_day + timedelta(days=1), END}
    assert {key[0] for key in changed} == {"scn_student"}
    assert {key[2] for key in changed} == days
    assert {(key[0], key[1], key[2]) for key in changed if key[1] == "default"} == {
        ("scn_student", "default", day) for day in days
    }
    for day in days:
        key = ("scn_student", "default", day)
        assert after[key][3] - before[key][3] == Decimal(20)

    # an erasure request: the contact's past rows leave the history too, not only today's
    assert build.query(HOT_VP_ROWS)[0][0] > 60
    with duckdb.connect() as con:
        con.execute(
            "copy (select 'scn_hot_vp' as contact_id) "
            f"to '{late_raw / 'erasure_requests.parquet'}' (format parquet)"
        )
    _build(build, "--vars", _vars(END))
    assert build.query(HOT_VP_ROWS) == [(0,)]


HISTORY_KEYED = (
    "select contact_id, model_id, score_date, total_score_unclamped, total_score, is_mql, "
    "fit_grade, engagement_grade, scoring_config_version "
    "from fct_lead_score_history order by 1, 2, 3"
)

HOT_VP_ROWS = """
    select
        (select count(*) from fct_lead_score_history where contact_id = 'scn_hot_vp')
        + (select count(*) from fct_mql_transitions where contact_id = 'scn_hot_vp')
        + (select count(*) from fct_lead_scores where contact_id = 'scn_hot_vp')
        + (select count(*) from fct_lead_score_contributions where contact_id = 'scn_hot_vp')
        + (select count(*) from fct_account_scores where best_contact_id = 'scn_hot_vp')
        + (select count(*) from dim_contacts where contact_id = 'scn_hot_vp')
"""
