"""Deterministic demo data for the lead-scoring warehouse.

Writes companies, contacts, activities, deals and campaign spend (parquet and/or CSV) plus the
ground_truth the generator used (always parquet). The world is generated in chunks of
contacts, each from its own seed stream, and streamed to disk chunk by chunk, so the
same code handles 2k or 1M contacts in bounded memory. docs/ground_truth.md describes
the model.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from leadscore.demo import _mess
from leadscore.demo import _vocab as v
from leadscore.demo._activities import (
    ACTIVITY_TYPES,
    URLS,
    ActivityRows,
    generate_activities,
    source_systems,
)
from leadscore.demo._arrow import format_ids, take, timestamps
from leadscore.demo._calendar import Calendar, build_calendar
from leadscore.demo._companies import Companies, generate_companies
from leadscore.demo._deals import Deals, generate_deals
from leadscore.demo._output import Sinks, TableSink
from leadscore.demo._people import PERSONAS, EmailBook, People, generate_people
from leadscore.demo._spend import campaign_spend_table
from leadscore.schema import (
    ACTIVITIES,
    CONTACTS,
    DEALS,
    GROUND_TRUTH,
    GROUND_TRUTH_TABLE,
    RAW_TABLES,
)

I64 = npt.NDArray[np.int64]

CHUNK_SIZE = 50_000
MAX_CONTACTS = 99_999_999  # c + 8 digits
MAX_COMPANIES = 9_999_999  # co + 7 digits
MAX_ACTIVITY_NUMBER = 99_999_999_999  # a + 11 digits
MIN_DAYS, MAX_DAYS = 28, 3650
# Independent seed streams: (stream, index) spawn keys under the user's seed.
STREAM_COMPANIES, STREAM_CHUNK, STREAM_MESS, STREAM_SPEND = 0, 1, 2, 3


class OutputFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    both = "both"


@dataclass(frozen=True)
class GenerateConfig:
    out_dir: Path = Path("data/demo")
    contacts: int = 2000
    companies: int | None = None
    """Defaults to max(1, contacts // 5)."""
    days: int = 365
    as_of: date = date(2026, 10, 31)
    seed: int = 42
    output_format: OutputFormat = OutputFormat.parquet
    clean: bool = False
    chunk_size: int = CHUNK_SIZE
    """Part of the determinism contract: a different chunk size gives different data."""

    @property
    def n_companies(self) -> int:
        return self.companies if self.companies is not None else max(1, self.contacts // 5)

    def validate(self) -> None:
        problems = []
        if not 1 <= self.contacts <= MAX_CONTACTS:
            problems.append(f"contacts must be between 1 and {MAX_CONTACTS:,}")
        if not 1 <= self.n_companies <= MAX_COMPANIES:
            problems.append(f"companies must be between 1 and {MAX_COMPANIES:,}")
        if not MIN_DAYS <= self.days <= MAX_DAYS:
            problems.append(f"days must be between {MIN_DAYS} and {MAX_DAYS}")
        if self.seed < 0:
            problems.append("seed must be >= 0")
        if self.chunk_size < 1:
            problems.append("chunk_size must be >= 1")
        if self.as_of.year < 2000:
            problems.append("as_of must be in the year 2000 or later")
        if problems:
            raise ValueError("; ".join(problems))


@dataclass(frozen=True)
class GenerateResult:
    out_dir: Path
    rows: dict[str, int]
    files: list[Path]
    removed: list[Path]
    seconds: float


@dataclass
class _RunState:
    """What chunks share, in chunk order: id counters and the emails handed out."""

    next_activity: int = 1
    next_deal: int = 1
    emails: EmailBook = field(default_factory=EmailBook)


def _rng(seed: int, stream: int, index: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stream, index)))


def generate(
    config: GenerateConfig, progress: Callable[[int, int], None] | None = None
) -> GenerateResult:
    """Writes the dataset described by `config`; `progress(done, total)` after each chunk."""
    config.validate()
    started = time.perf_counter()
    out_dir = config.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    removed = _remove_stale(out_dir, config.output_format)
    cal = build_calendar(config.as_of, config.days)
    companies = generate_companies(_rng(config.seed, STREAM_COMPANIES, 0), config.n_companies, cal)
    n_chunks = -(-config.contacts // config.chunk_size)
    state = _RunState()
    with _open_sinks(out_dir, config.output_format) as sinks:
        sinks["companies"].write(companies.table)
        sinks["campaign_spend"].write(campaign_spend_table(_rng(config.seed, STREAM_SPEND, 0), cal))
        for chunk in range(n_chunks):
            first = chunk * config.chunk_size
            size = min(config.chunk_size, config.contacts - first)
            _write_chunk(config, cal, companies, chunk, first + 1, size, state, sinks)
            if progress is not None:
                progress(chunk + 1, n_chunks)
        rows = {name: sink.rows for name, sink in sinks.by_name.items()}
        files = sinks.files
    return GenerateResult(out_dir, rows, files, removed, time.perf_counter() - started)


def _open_sinks(out_dir: Path, fmt: OutputFormat) -> Sinks:
    parquet = fmt in (OutputFormat.parquet, OutputFormat.both)
    csv = fmt in (OutputFormat.csv, OutputFormat.both)
    sinks: list[TableSink] = []
    try:
        for name, schema in RAW_TABLES.items():
            sinks.append(TableSink(out_dir, name, schema, parquet=parquet, csv=csv))
        sinks.append(TableSink(out_dir, GROUND_TRUTH_TABLE, GROUND_TRUTH, parquet=True, csv=False))
    except BaseException:
        for sink in sinks:
            sink.close(commit=False)
        raise
    return Sinks(sinks)


def _remove_stale(out_dir: Path, fmt: OutputFormat) -> list[Path]:
    """Drops our own tables in the format not being written, so a directory never mixes runs."""
    stale_ext = {OutputFormat.parquet: ".csv", OutputFormat.csv: ".parquet"}.get(fmt)
    if stale_ext is None:
        return []
    removed = []
    for name in RAW_TABLES:
        path = out_dir / f"{name}{stale_ext}"
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def _write_chunk(
    config: GenerateConfig,
    cal: Calendar,
    companies: Companies,
    chunk: int,
    first_number: int,
    size: int,
    state: _RunState,
    sinks: Sinks,
) -> None:
    rng = _rng(config.seed, STREAM_CHUNK, chunk)
    mess = None if config.clean else _rng(config.seed, STREAM_MESS, chunk)
    people = generate_people(rng, first_number, size, cal, companies, state.emails)
    rows, signals = generate_activities(rng, people, cal)
    deals = generate_deals(rng, people, signals, cal, companies)

    ids = np.arange(state.next_activity, state.next_activity + rows.size, dtype=np.int64)
    state.next_activity += rows.size
    if state.next_activity - 1 > MAX_ACTIVITY_NUMBER:
        raise ValueError("more activities than activity_id digits allow")
    if mess is not None:
        rows, ids = _mess.duplicate_activities(mess, rows, ids, people.active_from, cal.end)

    sinks["contacts"].write(_contacts_table(people, deals, companies, mess))
    sinks["activities"].write(_activities_table(rows, ids, people, cal))
    sinks["deals"].write(_deals_table(people, deals, companies, state))
    sinks[GROUND_TRUTH_TABLE].write(_ground_truth_table(people, deals))


def _company_ids(people: People, companies: Companies) -> pa.Array:
    return companies.company_id.take(
        pa.array(np.maximum(people.company, 0), mask=people.company < 0)
    )


def _contacts_table(
    people: People, deals: Deals, companies: Companies, mess: np.random.Generator | None
) -> pa.Table:
    email = people.email
    seniority = take(v.SENIORITIES, people.seniority)
    department = take(v.DEPARTMENTS, people.department)
    country = take(v.COUNTRIES, people.country)
    deleted = np.zeros(people.n, dtype=np.bool_)
    if mess is not None:
        email = _mess.messy_emails(mess, email)
        seniority = _mess.messy_codes(mess, seniority, upper_case=False)
        department = _mess.messy_codes(mess, department, upper_case=False)
        country = _mess.messy_codes(mess, country, upper_case=True)
        deleted = _mess.deleted_flags(mess, people.n)
    return pa.Table.from_arrays(
        [
            people.contact_id,
            email,
            people.first_name,
            people.last_name,
            people.phone,
            people.title,
            seniority,
            department,
            country,
            _company_ids(people, companies),
            take(v.LEAD_SOURCES, people.lead_source),
            take(v.LIFECYCLE_STAGES, deals.lifecycle),
            timestamps(people.created_at),
            timestamps(deals.updated_at),
            pa.array(deleted, type=pa.bool_()),
        ],
        schema=CONTACTS,
    )


def _activities_table(rows: ActivityRows, ids: I64, people: People, cal: Calendar) -> pa.Table:
    return pa.Table.from_arrays(
        [
            format_ids("a", ids, 11),
            people.contact_id.take(pa.array(rows.contact)),
            take(ACTIVITY_TYPES, rows.kind),
            timestamps(rows.at),
            take(URLS, rows.url, rows.url < 0),
            take(cal.campaign_ids, rows.campaign, rows.campaign < 0),
            take(v.SOURCE_SYSTEMS, source_systems(rows, cal)),
        ],
        schema=ACTIVITIES,
    )


def _deals_table(people: People, deals: Deals, companies: Companies, state: _RunState) -> pa.Table:
    index = np.flatnonzero(deals.has_deal)
    pick = pa.array(index)
    numbers = np.arange(state.next_deal, state.next_deal + index.size, dtype=np.int64)
    state.next_deal += index.size
    closed_at = deals.closed_at[index]
    return pa.Table.from_arrays(
        [
            format_ids("d", numbers, 8),
            people.contact_id.take(pick),
            _company_ids(people, companies).take(pick),
            timestamps(deals.created_at[index]),
            timestamps(closed_at, closed_at < 0),
            take(v.DEAL_STAGES, deals.stage[index]),
            pa.array(deals.is_won[index], type=pa.bool_()),
            pa.array(deals.amount[index], type=pa.float64()),
        ],
        schema=DEALS,
    )


def _ground_truth_table(people: People, deals: Deals) -> pa.Table:
    converted = deals.converted
    return pa.Table.from_arrays(
        [
            people.contact_id,
            take(PERSONAS, people.persona),
            pa.array(people.fit, type=pa.float64()),
            pa.array(people.intent, type=pa.float64()),
            pa.array(deals.p_convert, type=pa.float64()),
            pa.array(converted, type=pa.bool_()),
            timestamps(deals.created_at, ~deals.has_deal),
            timestamps(deals.closed_at, ~converted),
        ],
        schema=GROUND_TRUTH,
    )
