"""Times are instants, whatever the machine's time zone: the build runs with
TZ=America/Chicago on raw files that hold a zoned Parquet timestamp column and CSV
text with and without offsets, and every activity is staged at its UTC instant."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from _warehouse import PROJECT_DIR, Build, output

pytestmark = pytest.mark.slow

BASE_CASE = Path(__file__).parent / "fixtures" / "bad_inputs" / "base"
SCORE_DATE = "2026-10-31"
CHICAGO = {"TZ": "America/Chicago"}
# (activity_id, raw time, the UTC instant it is, written by hand)
TIMES = [
    ("a_offset", "2026-06-30 22:00:00-05:00", "2026-07-01 03:00:00"),
    ("a_named", "2026-06-30 22:00:00 Europe/Berlin", "2026-06-30 20:00:00"),
    ("a_utc", "2026-06-30 22:00:00", "2026-06-30 22:00:00"),
]


def _raw_without_activities(raw: Path) -> None:
    raw.mkdir()
    for table in ("contacts", "companies", "deals"):
        shutil.copy2(BASE_CASE / f"{table}.csv", raw / f"{table}.csv")


def _staged_times(build: Build) -> list[tuple[object, ...]]:
    return build.query(
        "select activity_id, strftime(occurred_at, '%Y-%m-%d %H:%M:%S') "
        "from stg_marketing__activities order by activity_id"
    )


def _build(tmp_path: Path, raw: Path, raw_format: str) -> Build:
    build = Build(PROJECT_DIR, raw, tmp_path / "warehouse.duckdb", tmp_path / "target")
    result = build.dbt(
        "build",
        "--select",
        "+stg_marketing__activities",
        "--vars",
        f"{{score_date: '{SCORE_DATE}', raw_format: {raw_format}}}",
        env=CHICAGO,
    )
    assert result.returncode == 0, output(result)
    return build


def test_text_times_are_instants_in_utc(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _raw_without_activities(raw)
    lines = ["activity_id,contact_id,activity_type,occurred_at,page_url,campaign_id,source_system"]
    lines += [
        f"{activity_id},c_base,page_view,{text},/a,,website" for activity_id, text, _ in TIMES
    ]
    (raw / "activities.csv").write_text("\n".join(lines) + "\n")
    build = _build(tmp_path, raw, "csv")
    assert _staged_times(build) == sorted((activity_id, utc) for activity_id, _, utc in TIMES)


def test_zoned_parquet_times_do_not_shift_with_the_machine_zone(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _raw_without_activities(raw)
    with duckdb.connect() as con:
        for table in ("contacts", "companies", "deals"):
            con.execute(
                f"copy (select * from read_csv('{raw / table}.csv', all_varchar = true)) "
                f"to '{raw / table}.parquet' (format parquet)"
            )
            (raw / f"{table}.csv").unlink()
        # a timestamptz column: Parquet's isAdjustedToUTC timestamps
        con.execute(
            "copy (select 'a_zoned' as activity_id, 'c_base' as contact_id, 'page_view' as "
            "activity_type, timestamptz '2026-06-30 22:00:00-05:00' as occurred_at, "
            "'/a' as page_url, null as campaign_id, 'website' as source_system) "
            f"to '{raw / 'activities.parquet'}' (format parquet)"
        )
    build = _build(tmp_path, raw, "parquet")
    assert _staged_times(build) == [("a_zoned", "2026-07-01 03:00:00")]
