"""Incremental daily builds equal a full refresh.

The staged activities load by raw file and the day aggregates re-count only the days
new rows touch (models/intermediate/scoring/int_activity_days_counted.sql). Each test
drives a warehouse through a sequence of builds as a scheduler would (new raw files,
late and re-sent activities, a seed change, a rewritten raw file), then rebuilds the
same raw files and seeds from scratch with --full-refresh and requires every table and
view of the warehouse to be equal as a multiset of rows (bookkeeping columns aside).
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from _scenarios import SCORE_DATE, write_scenarios
from _warehouse import Build, copy_project, output
from leadscore.demo.generate import GenerateConfig, generate

pytestmark = pytest.mark.slow

END = date.fromisoformat(SCORE_DATE)
FIRST = END - timedelta(days=2)
# when a build wrote a row, and from which file: bookkeeping, not data
BOOKKEEPING = {"loaded_at", "source_file", "source_file_size", "source_file_modified_at"}


def _vars(score_date: date, lookback: int = 0) -> str:
    return json.dumps({"score_date": score_date.isoformat(), "history_lookback_days": lookback})


def _build(build: Build, *args: str) -> str:
    result = build.dbt("build", "--exclude", "test_type:unit", *args)
    assert result.returncode == 0, output(result)
    return output(result)


def _relations(database: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            """
            select schema_name, table_name from duckdb_tables()
            where schema_name in ('main', 'main_restricted')
            union
            select schema_name, view_name from duckdb_views()
            where schema_name in ('main', 'main_restricted') and not internal
            order by 1, 2
            """
        ).fetchall()
    return [(str(schema), str(name)) for schema, name in rows]


def differences(left: Path, right: Path) -> dict[str, tuple[int, int]]:
    """Per relation, rows only in left and only in right (multiset difference)."""
    found: dict[str, tuple[int, int]] = {}
    relations = _relations(left)
    assert relations == _relations(right)
    with duckdb.connect() as con:
        con.execute(f"attach '{left}' as l (read_only)")
        con.execute(f"attach '{right}' as r (read_only)")
        for schema, name in relations:
            columns = [
                row[0]
                for row in con.execute(f'describe l.{schema}."{name}"').fetchall()
                if row[0] not in BOOKKEEPING
            ]
            listed = ", ".join(f'"{column}"' for column in columns)
            counts = []
            for first, second in (("l", "r"), ("r", "l")):
                counts.append(
                    con.execute(
                        f'select count(*) from (select {listed} from {first}.{schema}."{name}" '
                        f'except all select {listed} from {second}.{schema}."{name}")'
                    ).fetchone()[0]  # type: ignore[index]
                )
            if counts != [0, 0]:
                found[name] = (counts[0], counts[1])
    return found


def _copy_activities(raw: Path, out: Path, day: date, shift_days: int, prefix: str) -> None:
    """The activities of `day`, moved `shift_days` later with new ids: a day's delta."""
    with duckdb.connect() as con:
        con.execute(
            f"""
            copy (
                select * replace (
                    '{prefix}' || activity_id as activity_id,
                    occurred_at + interval {shift_days} day as occurred_at
                )
                from read_parquet('{raw}/activities*.parquet', union_by_name = true)
                where cast(occurred_at as date) = '{day}'
            ) to '{out}' (format parquet)
            """
        )


def _append_late_and_resent(raw: Path, out: Path) -> None:
    """Awkward arrivals in one file: a demo request dated a week back, a re-sent open
    with an earlier time (it replaces the copy already loaded), an identical re-send
    of a page view, and a row with no timestamp (quarantined)."""
    pattern = f"{raw}/activities.parquet"
    with duckdb.connect() as con:
        con.execute(
            f"""
            copy (
                select
                    'late_demo' as activity_id, 'scn_student' as contact_id,
                    'demo_request' as activity_type,
                    timestamp '{END - timedelta(days=7)} 15:00:00' as occurred_at,
                    null::varchar as page_url, null::varchar as campaign_id,
                    'website' as source_system
                union all
                select * replace (occurred_at - interval 3 hour as occurred_at)
                from read_parquet('{pattern}')
                where activity_id in (
                    select min(activity_id) from read_parquet('{pattern}')
                    where activity_type = 'email_open'
                )
                union all
                select * from read_parquet('{pattern}')
                where activity_id in (
                    select max(activity_id) from read_parquet('{pattern}')
                    where activity_type = 'page_view'
                )
                union all
                select 'no_time', 'scn_hot_vp', 'page_view', null, null, null, 'website'
            ) to '{out}' (format parquet)
            """
        )


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("incremental_raw")
    generate(GenerateConfig(out_dir=raw, contacts=250, days=150, as_of=FIRST, seed=17))
    write_scenarios(raw)
    return raw


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def raw(raw_dir: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "raw"
    shutil.copytree(raw_dir, copy)
    yield copy


def _full_refresh(project: Path, raw: Path, tmp_path: Path, vars_: str) -> Build:
    full = Build(project, raw, tmp_path / "full.duckdb", tmp_path / "full_target")
    _build(full, "--full-refresh", "--vars", vars_)
    return full


def test_daily_builds_with_late_and_resent_activities_equal_a_full_refresh(
    project: Path, raw: Path, tmp_path: Path
) -> None:
    daily = Build(project, raw, tmp_path / "daily.duckdb", tmp_path / "daily_target")
    _build(daily, "--vars", _vars(FIRST))
    _copy_activities(
        raw, raw / f"activities_{FIRST + timedelta(days=1):%Y%m%d}.parquet", FIRST, 1, "d1-"
    )
    _append_late_and_resent(raw, raw / "activities_late.parquet")
    _build(daily, "--vars", _vars(FIRST + timedelta(days=1)))
    _copy_activities(raw, raw / f"activities_{END:%Y%m%d}.parquet", FIRST, 2, "d2-")
    # the last build re-scores the two days before it: the late arrival counts there too
    vars_ = _vars(END, lookback=2)
    _build(daily, "--vars", vars_)

    with duckdb.connect(str(daily.database), read_only=True) as con:
        loads = con.execute(
            "select count(distinct loaded_at) from base_marketing__activities"
        ).fetchone()
        quarantined = con.execute(
            "select quarantine_reason, count(*) from base_marketing__activities "
            "where activity_id in ('no_time', 'late_demo') or quarantine_reason is not null "
            "group by 1 order by 1"
        ).fetchall()
    assert loads == (3,), "each build loaded only its new file"
    assert ("missing_occurred_at", 1) in quarantined

    assert differences(daily.database, _full_refresh(project, raw, tmp_path, vars_).database) == {}


def test_a_seed_change_between_daily_builds_equals_a_full_refresh(
    project: Path, raw: Path, tmp_path: Path
) -> None:
    """Points, a window and a new URL pattern change between two builds: the day
    aggregates count the new pattern over every day, the scores use the new rules."""
    daily = Build(project, raw, tmp_path / "daily.duckdb", tmp_path / "daily_target")
    _build(daily, "--vars", _vars(FIRST))
    rules_csv = project / "seeds" / "scoring" / "engagement_rules.csv"
    with rules_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["rule_id"] == "eng_pricing_page":
            row["points"] = "12"
            row["window_days"] = "14"
    rows.append(
        {
            **rows[0],
            "rule_id": "eng_blog",
            "activity_type": "page_view",
            "url_pattern": "%/blog%",
            "points": "2",
            "min_occurrences": "2",
            "max_occurrences": "4",
            "window_days": "",
            "group_id": "",
            "description": "Blog readers",
        }
    )
    with rules_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _copy_activities(raw, raw / f"activities_{END:%Y%m%d}.parquet", FIRST, 2, "d2-")
    vars_ = _vars(END, lookback=2)
    _build(daily, "--vars", vars_)

    with duckdb.connect(str(daily.database), read_only=True) as con:
        blog_days = con.execute(
            "select count(*), min(activity_date) from int_activity_days_counted "
            "where url_pattern = '%/blog%'"
        ).fetchone()
    assert blog_days is not None and blog_days[0] > 0
    assert blog_days[1] is not None and blog_days[1] < FIRST, "the new pattern counts every day"

    assert differences(daily.database, _full_refresh(project, raw, tmp_path, vars_).database) == {}


def test_a_rewritten_raw_file_reloads_everything_visibly_and_equals_a_full_refresh(
    project: Path, raw: Path, tmp_path: Path
) -> None:
    daily = Build(project, raw, tmp_path / "daily.duckdb", tmp_path / "daily_target")
    _build(daily, "--vars", _vars(FIRST))
    _copy_activities(raw, raw / f"activities_{END:%Y%m%d}.parquet", FIRST, 2, "d2-")
    _build(daily, "--vars", _vars(END - timedelta(days=1)))
    # the export is corrected in place: a tenth of its rows are gone
    original = raw / "activities.parquet"
    corrected = raw / "corrected.tmp"
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * from read_parquet('{original}') where hash(activity_id) % 10 != 0) "
            f"to '{corrected}' (format parquet)"
        )
    corrected.replace(original)
    vars_ = _vars(END, lookback=2)
    log = _build(daily, "--vars", vars_)

    assert "Raw activities files changed or removed since they were loaded" in log
    assert "rebuilding it" in log
    assert differences(daily.database, _full_refresh(project, raw, tmp_path, vars_).database) == {}


def test_rebuilding_the_same_day_changes_nothing(project: Path, raw: Path, tmp_path: Path) -> None:
    daily = Build(project, raw, tmp_path / "daily.duckdb", tmp_path / "daily_target")
    _build(daily, "--vars", _vars(FIRST))
    snapshot = tmp_path / "snapshot.duckdb"
    shutil.copyfile(daily.database, snapshot)
    _build(daily, "--vars", _vars(FIRST))
    assert differences(daily.database, snapshot) == {}
