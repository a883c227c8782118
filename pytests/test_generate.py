"""Tests of the demo data generator (leadscore generate).

Expected values (column lists, vocabularies, rates) are written out here on purpose rather
than imported from the generator, so a change in the generator has to be matched by a
deliberate change in this contract.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from leadscore.cli import app
from leadscore.demo.generate import GenerateConfig, OutputFormat, generate

AS_OF = date(2026, 10, 31)
END = "TIMESTAMP '2026-11-01 00:00:00'"  # first instant after the as-of date
WINDOW_START = "TIMESTAMP '2025-11-01 00:00:00'"  # 365 days before END
RAW = ("companies", "contacts", "activities", "deals", "campaign_spend")
TS = pa.timestamp("us")
STR = pa.string()

EXPECTED_COLUMNS: dict[str, list[tuple[str, pa.DataType]]] = {
    "contacts": [
        ("contact_id", STR),
        ("email", STR),
        ("first_name", STR),
        ("last_name", STR),
        ("phone", STR),
        ("job_title", STR),
        ("seniority", STR),
        ("department", STR),
        ("country", STR),
        ("company_id", STR),
        ("lead_source", STR),
        ("lifecycle_stage", STR),
        ("created_at", TS),
        ("updated_at", TS),
        ("is_deleted", pa.bool_()),
    ],
    "companies": [
        ("company_id", STR),
        ("name", STR),
        ("domain", STR),
        ("industry", STR),
        ("employee_count", pa.int64()),
        ("annual_revenue", pa.float64()),
        ("country", STR),
        ("created_at", TS),
    ],
    "campaign_spend": [
        ("campaign_id", STR),
        ("spend_date", pa.date32()),
        ("channel", STR),
        ("cost", pa.float64()),
        ("currency", STR),
    ],
    "activities": [
        ("activity_id", STR),
        ("contact_id", STR),
        ("activity_type", STR),
        ("occurred_at", TS),
        ("page_url", STR),
        ("campaign_id", STR),
        ("source_system", STR),
    ],
    "deals": [
        ("deal_id", STR),
        ("contact_id", STR),
        ("company_id", STR),
        ("created_at", TS),
        ("closed_at", TS),
        ("stage", STR),
        ("is_won", pa.bool_()),
        ("amount", pa.float64()),
    ],
    "ground_truth": [
        ("contact_id", STR),
        ("persona", STR),
        ("fit_propensity", pa.float64()),
        ("intent", pa.float64()),
        ("p_convert", pa.float64()),
        ("converted", pa.bool_()),
        ("first_deal_created_at", TS),
        ("won_at", TS),
    ],
}
ID_PATTERNS = {
    ("contacts", "contact_id"): r"^c\d{8}$",
    ("companies", "company_id"): r"^co\d{7}$",
    ("activities", "activity_id"): r"^a\d{11}$",
    ("deals", "deal_id"): r"^d\d{8}$",
}
SENIORITIES = ("c_level", "vp", "director", "manager", "individual_contributor", "student")
DEPARTMENTS = (
    "marketing",
    "sales",
    "engineering",
    "it",
    "finance",
    "operations",
    "hr",
    "product",
    "other",
)
FREE_MAIL = (
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "aol.com",
    "icloud.com",
    "proton.me",
    "gmx.de",
)
COMPETITORS = ("rivalscore.io", "leadmetrics.com", "funnelforge.com")
PREDICTIVE = (
    "demo_request",
    "pricing_page_view",
    "trial_signup",
    "webinar_attended",
    "form_submit",
)
NOISE = ("email_open", "social_engagement", "blog_view")


def _run(out: Path, **kwargs: Any) -> Path:
    generate(GenerateConfig(out_dir=out, as_of=AS_OF, **kwargs))
    return out


def _connect(directory: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in (*RAW, "ground_truth"):
        path = directory / f"{name}.parquet"
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    return con


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    (row,) = con.execute(sql).fetchall()
    return row[0]


@pytest.fixture(scope="module")
def messy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A small chunk size so the multi-chunk paths (id counters, email book) are exercised.
    return _run(
        tmp_path_factory.mktemp("messy"),
        contacts=600,
        seed=7,
        chunk_size=250,
        output_format=OutputFormat.both,
    )


@pytest.fixture(scope="module")
def clean_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("clean"), contacts=600, seed=7, chunk_size=250, clean=True)


@pytest.fixture(scope="module")
def stats_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Big enough for ~70 conversions, which the statistical checks need; still < 1 s.
    return _run(tmp_path_factory.mktemp("stats"), contacts=3000, seed=11, clean=True)


@pytest.fixture(params=["messy", "clean"])
def any_con(
    request: pytest.FixtureRequest, messy_dir: Path, clean_dir: Path
) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _connect(messy_dir if request.param == "messy" else clean_dir)
    yield con
    con.close()


@pytest.fixture
def clean(clean_dir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _connect(clean_dir)
    yield con
    con.close()


@pytest.fixture
def messy(messy_dir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _connect(messy_dir)
    yield con
    con.close()


@pytest.fixture
def stats(stats_dir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _connect(stats_dir)
    yield con
    con.close()


def _hashes(directory: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if p.is_file()
    }


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    kwargs: dict[str, object] = {
        "contacts": 300,
        "seed": 5,
        "chunk_size": 120,
        "output_format": OutputFormat.both,
    }
    first = _hashes(_run(tmp_path / "a", **kwargs))
    second = _hashes(_run(tmp_path / "b", **kwargs))
    expected = {f"{t}.{ext}" for t in RAW for ext in ("parquet", "csv")} | {"ground_truth.parquet"}
    assert set(first) == expected
    assert first == second


def test_different_seed_gives_different_data(tmp_path: Path) -> None:
    a = _run(tmp_path / "a", contacts=300, seed=5)
    b = _run(tmp_path / "b", contacts=300, seed=6)
    for name in ("contacts", "activities", "ground_truth"):
        assert not pq.read_table(a / f"{name}.parquet").equals(pq.read_table(b / f"{name}.parquet"))


def test_clean_and_messy_share_the_same_world(messy_dir: Path, clean_dir: Path) -> None:
    # The mess has its own random stream, so the ground truth must not move with it.
    messy_truth = pq.read_table(messy_dir / "ground_truth.parquet")
    assert messy_truth.equals(pq.read_table(clean_dir / "ground_truth.parquet"))
    assert pq.read_table(messy_dir / "deals.parquet").equals(
        pq.read_table(clean_dir / "deals.parquet")
    )


# --- schema and keys -------------------------------------------------------------------------


@pytest.mark.parametrize("table", [*RAW, "ground_truth"])
def test_columns_and_types(clean_dir: Path, messy_dir: Path, table: str) -> None:
    for directory in (clean_dir, messy_dir):
        schema = pq.read_schema(directory / f"{table}.parquet")
        assert [(f.name, f.type) for f in schema] == EXPECTED_COLUMNS[table]


@pytest.mark.parametrize(("table", "column"), list(ID_PATTERNS))
def test_ids_unique_and_well_formed_in_clean_mode(
    clean: duckdb.DuckDBPyConnection, table: str, column: str
) -> None:
    rows, distinct, nulls = clean.execute(
        f"SELECT count(*), count(DISTINCT {column}), count(*) - count({column}) FROM {table}"
    ).fetchall()[0]
    assert rows > 0
    assert distinct == rows
    assert nulls == 0
    bad = _one(
        clean,
        f"SELECT count(*) FROM {table} "
        f"WHERE NOT regexp_matches({column}, '{ID_PATTERNS[(table, column)]}')",
    )
    assert bad == 0


def test_messy_mode_duplicates_activity_ids_at_documented_rate(
    messy: duckdb.DuckDBPyConnection,
) -> None:
    rows, extra = messy.execute(
        "SELECT count(*), count(*) - count(DISTINCT activity_id) FROM activities"
    ).fetchall()[0]
    # Documented: ~0.3% exact + ~0.1% conflicting duplicates.
    assert 0.002 * rows < extra < 0.007 * rows
    exact, conflicting = messy.execute(
        """
        SELECT count(*) FILTER (WHERE n_versions = 1), count(*) FILTER (WHERE n_versions > 1)
        FROM (
            SELECT activity_id, count(DISTINCT occurred_at) AS n_versions
            FROM activities GROUP BY activity_id HAVING count(*) > 1
        )
        """
    ).fetchall()[0]
    assert exact > conflicting > 0
    other_ids = _one(
        messy,
        """
        SELECT count(*) FROM (
            SELECT deal_id FROM deals GROUP BY 1 HAVING count(*) > 1
            UNION ALL SELECT contact_id FROM contacts GROUP BY 1 HAVING count(*) > 1
            UNION ALL SELECT company_id FROM companies GROUP BY 1 HAVING count(*) > 1
        )
        """,
    )
    assert other_ids == 0


# --- integrity -------------------------------------------------------------------------------


def test_referential_integrity(any_con: duckdb.DuckDBPyConnection) -> None:
    orphans = any_con.execute(
        """
        SELECT
            (SELECT count(*) FROM activities a ANTI JOIN contacts c USING (contact_id)),
            (SELECT count(*) FROM deals d ANTI JOIN contacts c USING (contact_id)),
            (SELECT count(*) FROM ground_truth g ANTI JOIN contacts c USING (contact_id)),
            (SELECT count(*) FROM contacts c ANTI JOIN ground_truth g USING (contact_id)),
            (SELECT count(*) FROM contacts c ANTI JOIN companies co USING (company_id)
                WHERE c.company_id IS NOT NULL),
            (SELECT count(*) FROM deals d ANTI JOIN companies co USING (company_id)
                WHERE d.company_id IS NOT NULL)
        """
    ).fetchall()[0]
    assert orphans == (0, 0, 0, 0, 0, 0)


def test_no_timestamp_after_as_of(any_con: duckdb.DuckDBPyConnection) -> None:
    late = any_con.execute(
        f"""
        SELECT
            (SELECT count(*) FROM activities WHERE occurred_at >= {END}),
            (SELECT count(*) FROM contacts WHERE created_at >= {END} OR updated_at >= {END}),
            (SELECT count(*) FROM companies WHERE created_at >= {END}),
            (SELECT count(*) FROM deals WHERE created_at >= {END} OR closed_at >= {END}),
            (SELECT count(*) FROM ground_truth
                WHERE first_deal_created_at >= {END} OR won_at >= {END})
        """
    ).fetchall()[0]
    assert late == (0, 0, 0, 0, 0)
    # Activity must reach the last day: the as-of date is inclusive.
    assert _one(any_con, f"SELECT max(occurred_at) >= {END} - INTERVAL 1 DAY FROM activities")


def test_timestamps_ordered_within_each_contact(any_con: duckdb.DuckDBPyConnection) -> None:
    violations = any_con.execute(
        f"""
        SELECT
            (SELECT count(*) FROM activities a JOIN contacts c USING (contact_id)
                WHERE a.occurred_at < c.created_at OR a.occurred_at < {WINDOW_START}),
            (SELECT count(*) FROM deals WHERE closed_at < created_at),
            (SELECT count(*) FROM deals d JOIN contacts c USING (contact_id)
                WHERE d.created_at < c.created_at),
            (SELECT count(*) FROM contacts WHERE updated_at < created_at),
            (SELECT count(*) FROM contacts c JOIN companies co USING (company_id)
                WHERE c.created_at < co.created_at)
        """
    ).fetchall()[0]
    assert violations == (0, 0, 0, 0, 0)


def test_deals_consistent_with_lifecycle_and_ground_truth(
    any_con: duckdb.DuckDBPyConnection,
) -> None:
    mismatches = any_con.execute(
        """
        WITH d AS (
            SELECT contact_id,
                   bool_or(is_won) AS won,
                   bool_or(closed_at IS NULL) AS open
            FROM deals GROUP BY contact_id
        )
        SELECT
            count(*) FILTER (WHERE (c.lifecycle_stage = 'customer') <> coalesce(d.won, false)),
            count(*) FILTER (WHERE (c.lifecycle_stage = 'opportunity')
                                   <> (coalesce(d.open, false) AND NOT coalesce(d.won, false))),
            count(*) FILTER (WHERE g.converted <> coalesce(d.won, false)),
            count(*) FILTER (WHERE (g.first_deal_created_at IS NULL) <> (d.contact_id IS NULL))
        FROM contacts c
        JOIN ground_truth g USING (contact_id)
        LEFT JOIN d USING (contact_id)
        """
    ).fetchall()[0]
    assert mismatches == (0, 0, 0, 0)
    bad_deals = any_con.execute(
        """
        SELECT
            count(*) FILTER (WHERE is_won <> (stage = 'closedwon')),
            count(*) FILTER (WHERE (closed_at IS NULL)
                                   <> (stage NOT IN ('closedwon', 'closedlost'))),
            count(*) FILTER (WHERE amount <= 0)
        FROM deals
        """
    ).fetchall()[0]
    assert bad_deals == (0, 0, 0)
    stages = {
        r[0] for r in any_con.execute("SELECT DISTINCT lifecycle_stage FROM contacts").fetchall()
    }
    assert stages <= {
        "subscriber",
        "lead",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "opportunity",
        "customer",
        "other",
    }


def test_students_and_competitors_never_win(stats: duckdb.DuckDBPyConnection) -> None:
    rows, winners, max_p = stats.execute(
        f"""
        SELECT count(*), count(*) FILTER (WHERE g.converted), max(g.p_convert)
        FROM contacts c JOIN ground_truth g USING (contact_id)
        WHERE c.seniority = 'student' OR split_part(c.email, '@', 2) IN {COMPETITORS}
        """
    ).fetchall()[0]
    assert rows > 0
    assert winners == 0
    assert max_p == 0


# --- realism ---------------------------------------------------------------------------------


def test_contact_segments(clean: duckdb.DuckDBPyConnection) -> None:
    total, free, free_with_company, students, competitors = clean.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE domain IN {FREE_MAIL}),
               count(*) FILTER (WHERE domain IN {FREE_MAIL} AND company_id IS NOT NULL),
               count(*) FILTER (WHERE seniority = 'student' AND domain LIKE '%.edu'
                                AND job_title IN ('Student', 'Graduate Student')
                                AND company_id IS NULL),
               count(*) FILTER (WHERE domain IN {COMPETITORS} AND company_id IS NULL)
        FROM (SELECT *, split_part(email, '@', 2) AS domain FROM contacts)
        """
    ).fetchall()[0]
    assert 0.10 < free / total < 0.20  # documented ~15%
    assert free_with_company == 0
    assert students > 0
    assert competitors > 0
    # Company employees write from the company's own domain.
    wrong_domain = _one(
        clean,
        """
        SELECT count(*) FROM contacts c JOIN companies co USING (company_id)
        WHERE split_part(c.email, '@', 2) <> co.domain
        """,
    )
    assert wrong_domain == 0


def test_codes_and_emails_are_clean_in_clean_mode(clean: duckdb.DuckDBPyConnection) -> None:
    bad = clean.execute(
        f"""
        SELECT
            count(*) FILTER (WHERE seniority NOT IN {SENIORITIES}),
            count(*) FILTER (WHERE department NOT IN {DEPARTMENTS}),
            count(*) FILTER (WHERE NOT regexp_matches(country, '^[A-Z]{{2}}$')),
            count(*) FILTER (WHERE email <> lower(trim(email))),
            count(*) FILTER (WHERE is_deleted),
            count(*) - count(DISTINCT email)
        FROM contacts
        """
    ).fetchall()[0]
    assert bad == (0, 0, 0, 0, 0, 0)


def test_messiness_at_documented_rates(messy: duckdb.DuckDBPyConnection) -> None:
    total, emails, seniority, department, country, unknown, deleted = messy.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE email <> lower(trim(email))),
               count(*) FILTER (WHERE seniority NOT IN {SENIORITIES}),
               count(*) FILTER (WHERE department NOT IN {DEPARTMENTS}),
               count(*) FILTER (WHERE country <> upper(trim(country))
                                   OR country <> trim(country)),
               count(*) FILTER (WHERE lower(trim(seniority)) NOT IN {SENIORITIES}
                                   OR lower(trim(department)) NOT IN {DEPARTMENTS}
                                   OR NOT regexp_matches(upper(trim(country)), '^[A-Z]{{2}}$')),
               count(*) FILTER (WHERE is_deleted)
        FROM contacts
        """
    ).fetchall()[0]
    for messy_rows in (emails, seniority, department, country):  # documented ~3% each
        assert 0.01 * total < messy_rows < 0.06 * total
    assert unknown == 0  # mess is recoverable with trim + case folding
    assert 0 < deleted < 0.03 * total  # documented ~1%


def test_activity_mix(clean: duckdb.DuckDBPyConnection) -> None:
    counts = dict(
        clean.execute("SELECT activity_type, count(*) FROM activities GROUP BY 1").fetchall()
    )
    total = sum(counts.values())
    assert set(counts) == {
        "email_open",
        "email_click",
        "page_view",
        "pricing_page_view",
        "form_submit",
        "content_download",
        "webinar_registered",
        "webinar_attended",
        "event_attended",
        "demo_request",
        "trial_signup",
        "ad_click",
        "social_engagement",
        "unsubscribe",
        "email_bounce",
        "chat_started",
        # spam_report is rare (~0.2% of contacts) and may be absent from 600 contacts
    } | ({"spam_report"} & set(counts))
    assert 0.002 < counts["chat_started"] / total < 0.01  # documented ~0.5%
    careers = _one(
        clean,
        "SELECT count(*) FROM activities WHERE activity_type = 'page_view' "
        "AND page_url LIKE 'https://www.acme-scoring.com/careers/%'",
    )
    assert careers > 0


def test_page_url_and_campaign_columns(clean: duckdb.DuckDBPyConnection) -> None:
    wrong = clean.execute(
        """
        SELECT
            count(*) FILTER (WHERE (page_url IS NOT NULL) <> (activity_type IN
                ('page_view', 'pricing_page_view', 'content_download', 'form_submit'))),
            count(*) FILTER (WHERE page_url NOT LIKE 'https://www.acme-scoring.com/%'),
            count(*) FILTER (WHERE activity_type = 'pricing_page_view'
                             AND page_url NOT LIKE '%/pricing%'),
            count(*) FILTER (WHERE activity_type LIKE 'webinar_%'
                             AND NOT regexp_matches(campaign_id, '^cmp_webinar_\\d{4}_\\d{2}$')),
            count(*) FILTER (WHERE source_system NOT IN
                ('hubspot', 'marketo', 'website', 'webinar_platform', 'ads', 'events'))
        FROM activities
        """
    ).fetchall()[0]
    assert wrong == (0, 0, 0, 0, 0)


def test_webinar_attendance_follows_registration(clean: duckdb.DuckDBPyConnection) -> None:
    attended, unregistered = clean.execute(
        """
        SELECT count(*), count(*) FILTER (WHERE r.contact_id IS NULL)
        FROM activities a
        LEFT JOIN activities r
          ON r.contact_id = a.contact_id AND r.campaign_id = a.campaign_id
         AND r.activity_type = 'webinar_registered' AND r.occurred_at < a.occurred_at
        WHERE a.activity_type = 'webinar_attended'
        """
    ).fetchall()[0]
    assert attended > 0
    assert unregistered == 0


def test_activity_volume_is_heavy_tailed(stats: duckdb.DuckDBPyConnection) -> None:
    mean, median, top = stats.execute(
        """
        SELECT avg(n), median(n), max(n) FROM (
            SELECT count(a.activity_id) AS n
            FROM contacts c LEFT JOIN activities a USING (contact_id) GROUP BY c.contact_id
        )
        """
    ).fetchall()[0]
    assert 35 < mean < 70  # target ~50 per contact over 365 days
    assert median < mean
    assert top > 300  # a few hot leads with hundreds of activities


def test_hot_leads_recent_versus_dormant(stats: duckdb.DuckDBPyConnection) -> None:
    shares = dict(
        stats.execute(
            f"""
            SELECT g.persona,
                   avg((a.occurred_at >= {END} - INTERVAL 60 DAY)::INT)
            FROM activities a JOIN ground_truth g USING (contact_id)
            WHERE a.activity_type IN {PREDICTIVE}
              AND g.persona IN ('hot_recent', 'hot_dormant')
            GROUP BY 1
            """
        ).fetchall()
    )
    assert shares["hot_recent"] > 0.8
    assert shares["hot_dormant"] < 0.05


def test_conversion_rises_with_fit_and_intent(stats: duckdb.DuckDBPyConnection) -> None:
    for latent in ("fit_propensity", "intent"):
        bottom, top = stats.execute(
            f"""
            SELECT avg(converted::INT) FILTER (WHERE q = 1),
                   avg(converted::INT) FILTER (WHERE q = 4)
            FROM (SELECT converted, ntile(4) OVER (ORDER BY {latent}) AS q FROM ground_truth)
            """
        ).fetchall()[0]
        assert top > bottom + 0.02, latent


def test_predictive_actions_separate_converters_but_noise_does_not(
    stats: duckdb.DuckDBPyConnection,
) -> None:
    # Rates per contact-year of exposure, since converters tend to be older contacts.
    ratios = dict(
        stats.execute(
            f"""
            WITH exposure AS (
                SELECT contact_id, g.converted,
                       date_diff('second', greatest(c.created_at, {WINDOW_START}), {END})
                       / (86400.0 * 365) AS years
                FROM contacts c JOIN ground_truth g USING (contact_id)
            ),
            typed AS (
                SELECT contact_id,
                       CASE WHEN activity_type = 'page_view' AND page_url LIKE '%/blog/%'
                            THEN 'blog_view' ELSE activity_type END AS kind
                FROM activities
            ),
            rates AS (
                SELECT k.kind, e.converted, count(t.contact_id) / any_value(y.years) AS rate
                FROM exposure e
                CROSS JOIN (SELECT DISTINCT kind FROM typed) k
                LEFT JOIN typed t ON t.contact_id = e.contact_id AND t.kind = k.kind
                JOIN (SELECT converted, sum(years) AS years FROM exposure GROUP BY 1) y
                  ON y.converted = e.converted
                GROUP BY k.kind, e.converted
            )
            SELECT kind,
                   max(rate) FILTER (WHERE converted) / max(rate) FILTER (WHERE NOT converted)
            FROM rates GROUP BY kind
            """
        ).fetchall()
    )
    assert _one(stats, "SELECT count(*) FILTER (WHERE converted) FROM ground_truth") >= 30
    for kind in PREDICTIVE:
        assert ratios[kind] > 2.0, (kind, ratios[kind])
    for kind in NOISE:
        assert 0.6 < ratios[kind] < 1.6, (kind, ratios[kind])


def test_companies(clean: duckdb.DuckDBPyConnection) -> None:
    rows, domains, min_emp, max_emp, size_revenue = clean.execute(
        """
        SELECT count(*), count(DISTINCT domain), min(employee_count), max(employee_count),
               corr(ln(employee_count), ln(annual_revenue))
        FROM companies
        """
    ).fetchall()[0]
    assert rows == 120  # default: contacts // 5
    assert domains == rows
    assert min_emp >= 1 and max_emp <= 200_000
    assert size_revenue > 0.5


# --- CSV and output handling -----------------------------------------------------------------


@pytest.mark.parametrize("table", RAW)
def test_csv_has_the_same_rows_as_parquet(messy_dir: Path, table: str) -> None:
    con = duckdb.connect()
    parquet = f"read_parquet('{messy_dir / (table + '.parquet')}')"
    types = con.execute(f"DESCRIBE SELECT * FROM {parquet}").fetchall()
    columns = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind, *_ in types) + "}"
    csv_rel = f"read_csv('{messy_dir / (table + '.csv')}', header = true, columns = {columns})"
    only_parquet = _one(con, f"SELECT count(*) FROM (FROM {parquet} EXCEPT ALL FROM {csv_rel})")
    only_csv = _one(con, f"SELECT count(*) FROM (FROM {csv_rel} EXCEPT ALL FROM {parquet})")
    assert (only_parquet, only_csv) == (0, 0)
    assert _one(con, f"SELECT count(*) FROM {csv_rel}") == _one(
        con, f"SELECT count(*) FROM {parquet}"
    )


def test_csv_text_format(messy_dir: Path) -> None:
    with (messy_dir / "deals.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [name for name, _ in EXPECTED_COLUMNS["deals"]]
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
    assert all(stamp.match(r["created_at"]) for r in rows)
    open_deals = [r for r in rows if r["stage"] not in ("closedwon", "closedlost")]
    assert open_deals and all(r["closed_at"] == "" for r in open_deals)


def test_other_format_is_removed_when_switching(tmp_path: Path) -> None:
    _run(tmp_path, contacts=50, output_format=OutputFormat.parquet)
    _run(tmp_path, contacts=50, output_format=OutputFormat.csv)
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {f"{t}.csv" for t in RAW} | {"ground_truth.parquet"}


def test_invalid_config_is_rejected(tmp_path: Path) -> None:
    for kwargs in ({"contacts": 0}, {"days": 7}, {"seed": -1}, {"companies": 0}):
        with pytest.raises(ValueError):
            _run(tmp_path / "x", **kwargs)
    assert not (tmp_path / "x").exists()


# --- CLI -------------------------------------------------------------------------------------


def test_cli_generate(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(
        app,
        [
            "generate",
            "--out",
            str(out),
            "--contacts",
            "150",
            "--companies",
            "10",
            "--days",
            "90",
            "--as-of",
            "2026-06-30",
            "--seed",
            "3",
            "--format",
            "csv",
            "--clean",
        ],
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {f"{t}.csv" for t in RAW} | {"ground_truth.parquet"}
    assert "contacts" in result.output and "150" in result.output
    con = duckdb.connect()
    companies = _one(con, f"SELECT count(*) FROM read_csv('{out / 'companies.csv'}')")
    latest = _one(con, f"SELECT max(occurred_at) FROM read_csv('{out / 'activities.csv'}')")
    assert companies == 10
    assert str(latest) < "2026-07-01"


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--contacts", "0"], "--contacts"),
        (["--days", "3"], "--days"),
        (["--format", "xml"], "--format"),
        (["--as-of", "31/10/2026"], "--as-of"),
        (["--seed", "-4"], "--seed"),
    ],
)
def test_cli_rejects_invalid_arguments(tmp_path: Path, args: list[str], mentions: str) -> None:
    out = tmp_path / "never"
    result = CliRunner().invoke(app, ["generate", "--out", str(out), *args])
    assert result.exit_code != 0
    assert mentions in result.output
    assert not out.exists()
