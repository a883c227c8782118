"""Contacts of one chunk: segment, persona, latent fit/intent, timing and PII columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from leadscore.demo import _vocab as v
from leadscore.demo._arrow import format_ids, take
from leadscore.demo._calendar import DAY, Calendar
from leadscore.demo._companies import Companies
from leadscore.demo._rand import categorical, categorical_rows, sigmoid, uniform_times

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

SEGMENTS: tuple[str, ...] = ("company", "free_mail", "student", "competitor")
SEGMENT_SHARES: tuple[float, ...] = (0.82, 0.15, 0.02, 0.01)
SEG_COMPANY, SEG_FREE_MAIL, SEG_STUDENT, SEG_COMPETITOR = range(4)

PERSONAS: tuple[str, ...] = (
    "cold",
    "warm",
    "hot_recent",
    "hot_dormant",
    "job_seeker",
    "student",
    "competitor",
)
COLD, WARM, HOT_RECENT, HOT_DORMANT, JOB_SEEKER, STUDENT, COMPETITOR = range(7)
# Base persona mix (cold, warm, hot_recent, hot_dormant, job_seeker) before the fit tilt.
PERSONA_BASE: dict[int, tuple[float, ...]] = {
    SEG_COMPANY: (0.64, 0.22, 0.035, 0.03, 0.07),
    SEG_FREE_MAIL: (0.62, 0.17, 0.02, 0.02, 0.17),
}
# Beta(a, b) of latent intent per persona.
INTENT_BETA: tuple[tuple[float, float], ...] = (
    (1.5, 14.0),
    (3.0, 6.0),
    (8.0, 3.0),
    (8.0, 3.0),
    (1.2, 20.0),
    (1.2, 20.0),
    (1.2, 20.0),
)
LEAD_SOURCE_WEIGHTS: tuple[tuple[float, ...], ...] = (
    (0.22, 0.15, 0.04, 0.05, 0.07, 0.20, 0.12, 0.03, 0.12),
    (0.22, 0.14, 0.08, 0.08, 0.12, 0.16, 0.08, 0.05, 0.07),
    (0.20, 0.12, 0.16, 0.10, 0.12, 0.08, 0.08, 0.10, 0.04),
    (0.20, 0.12, 0.16, 0.10, 0.12, 0.08, 0.08, 0.10, 0.04),
    (0.40, 0.05, 0.05, 0.03, 0.02, 0.15, 0.02, 0.01, 0.27),
    (0.35, 0.05, 0.05, 0.05, 0.10, 0.25, 0.00, 0.00, 0.15),
    (0.40, 0.10, 0.00, 0.15, 0.20, 0.10, 0.00, 0.00, 0.05),
)

# Fit logit parts. Buyers are marketing/sales/revops leaders; see docs/ground_truth.md.
FIT_INTERCEPT = -1.6
SENIORITY_FIT: tuple[float, ...] = (1.0, 1.2, 1.0, 0.5, -0.4, -3.0)
DEPARTMENT_FIT: tuple[float, ...] = (1.2, 0.9, -0.3, 0.1, -0.2, 0.3, -0.8, 0.2, -0.6)
FREE_MAIL_FIT = -1.5
STUDENT_FIT_LOGIT = -4.0
COMPETITOR_FIT_LOGIT = -5.0
FIT_NOISE_SD = 0.6
ENGAGEMENT_SD = 0.9

PRE_WINDOW_SHARE = 0.10
PRE_WINDOW_DAYS = 365


@dataclass(frozen=True)
class People:
    n: int
    contact_id: pa.Array
    segment: I64
    persona: I64
    company: I64
    """Index into the companies, -1 for none."""
    seniority: I64
    department: I64
    country: I64
    title: pa.Array
    lead_source: I64
    first_name: pa.Array
    last_name: pa.Array
    email: pa.Array
    phone: pa.Array
    created_at: I64
    active_from: I64
    """First second activity can happen: max(created_at, window start)."""
    burst_from: I64
    burst_to: I64
    """Where intent-driven activity happens (recent weeks / a past episode / whole span)."""
    fit: F64
    intent: F64
    engagement: F64
    """Mean-1 log-normal volume multiplier, independent of fit and intent."""

    @property
    def is_hot(self) -> Bool:
        return np.asarray((self.persona == HOT_RECENT) | (self.persona == HOT_DORMANT))


def _segments_and_companies(
    rng: np.random.Generator, n: int, companies: Companies
) -> tuple[I64, I64]:
    segment = categorical(rng, SEGMENT_SHARES, n)
    picked = np.searchsorted(companies.pick_cdf, rng.random(n), side="right")
    picked = np.minimum(picked, companies.pick_cdf.shape[0] - 1).astype(np.int64)
    company = np.where(segment == SEG_COMPANY, picked, -1).astype(np.int64)
    return segment, company


def _roles(rng: np.random.Generator, segment: I64) -> tuple[I64, I64]:
    n = int(segment.shape[0])
    seniority = categorical(rng, v.SENIORITY_WEIGHTS, n)
    department = categorical(rng, v.DEPARTMENT_WEIGHTS, n)
    is_student = segment == SEG_STUDENT
    seniority = np.where(is_student, v.STUDENT_SENIORITY, seniority).astype(np.int64)
    department = np.where(is_student, v.DEPARTMENTS.index("other"), department).astype(np.int64)
    return seniority, department


def _titles(rng: np.random.Generator, seniority: I64, department: I64) -> pa.Array:
    flat: list[str] = []
    offsets: list[int] = []
    counts: list[int] = []
    for s in v.SENIORITIES:
        for d in v.DEPARTMENTS:
            options = v.STUDENT_TITLES if s == "student" else v.TITLES[(s, d)]
            offsets.append(len(flat))
            counts.append(len(options))
            flat.extend(options)
    cell = seniority * len(v.DEPARTMENTS) + department
    pick = np.floor(rng.random(cell.shape[0]) * np.asarray(counts)[cell]).astype(np.int64)
    return take(flat, np.asarray(offsets)[cell] + pick)


def _fit(
    rng: np.random.Generator,
    segment: I64,
    company: I64,
    seniority: I64,
    department: I64,
    companies: Companies,
) -> F64:
    n = int(segment.shape[0])
    role = np.asarray(SENIORITY_FIT)[seniority] + np.asarray(DEPARTMENT_FIT)[department]
    account = np.where(company >= 0, companies.fit_logit[np.maximum(company, 0)], FREE_MAIL_FIT)
    logit = FIT_INTERCEPT + role + account + rng.normal(0.0, FIT_NOISE_SD, n)
    tight_noise = rng.normal(0.0, 0.3, n)
    logit = np.where(segment == SEG_STUDENT, STUDENT_FIT_LOGIT + tight_noise, logit)
    logit = np.where(segment == SEG_COMPETITOR, COMPETITOR_FIT_LOGIT + tight_noise, logit)
    return sigmoid(np.asarray(logit, dtype=np.float64))


def _personas(rng: np.random.Generator, segment: I64, fit: F64) -> I64:
    base = np.where(
        (segment == SEG_COMPANY)[:, None],
        np.asarray(PERSONA_BASE[SEG_COMPANY])[None, :],
        np.asarray(PERSONA_BASE[SEG_FREE_MAIL])[None, :],
    )
    # Better-fitting people are more often in market: tilt warm and hot up with fit.
    tilt = np.ones_like(base)
    tilt[:, WARM] = np.exp(1.0 * (fit - 0.3))
    tilt[:, HOT_RECENT] = np.exp(2.5 * (fit - 0.3))
    tilt[:, HOT_DORMANT] = np.exp(2.5 * (fit - 0.3))
    persona = categorical_rows(rng, base * tilt)
    persona = np.where(segment == SEG_STUDENT, STUDENT, persona)
    return np.where(segment == SEG_COMPETITOR, COMPETITOR, persona).astype(np.int64)


def _intent(rng: np.random.Generator, persona: I64) -> F64:
    a = np.asarray([p[0] for p in INTENT_BETA])[persona]
    b = np.asarray([p[1] for p in INTENT_BETA])[persona]
    return np.asarray(rng.beta(a, b), dtype=np.float64)


def _timing(
    rng: np.random.Generator,
    cal: Calendar,
    persona: I64,
    company: I64,
    companies: Companies,
) -> tuple[I64, I64, I64, I64, I64]:
    """(persona, created_at, active_from, burst_from, burst_to)."""
    n = int(persona.shape[0])
    days = (cal.end - cal.start) // DAY
    pre_start = np.full(n, cal.start - PRE_WINDOW_DAYS * DAY, dtype=np.int64)
    pre = uniform_times(rng, pre_start, np.full(n, cal.start, dtype=np.int64))
    inside = uniform_times(rng, np.full(n, cal.start, dtype=np.int64), np.full(n, cal.end))
    created = np.where(rng.random(n) < PRE_WINDOW_SHARE, pre, inside)

    # Dormant hot leads went quiet 25-65% of the window ago after a 2-6 week episode;
    # they must exist before that episode, so their created_at is drawn earlier.
    quiet = (rng.uniform(0.25, 0.65, size=n) * days * DAY).astype(np.int64)
    episode = (rng.uniform(14, 45, size=n) * DAY).astype(np.int64)
    dormant = persona == HOT_DORMANT
    dormant_latest = np.maximum(cal.end - quiet - episode, pre_start + 1)
    created = np.where(dormant, uniform_times(rng, pre_start, dormant_latest), created)

    # A contact cannot predate its company record (HubSpot creates both together).
    company_created = companies.created_at[np.maximum(company, 0)]
    created = np.where(company >= 0, np.maximum(created, company_created), created)
    active_from = np.maximum(created, cal.start)

    dormant_to = cal.end - quiet
    dormant &= dormant_to - 7 * DAY > active_from
    # The few "dormant" leads whose account only appeared recently have no past to go
    # quiet after: they are recent hot leads instead.
    persona = np.where((persona == HOT_DORMANT) & ~dormant, HOT_RECENT, persona)
    recent = persona == HOT_RECENT
    burst_from = np.where(recent, np.maximum(active_from, cal.end - episode), active_from)
    burst_from = np.where(dormant, np.maximum(active_from, dormant_to - episode), burst_from)
    burst_to = np.where(dormant, dormant_to, cal.end)
    return (
        persona.astype(np.int64),
        created.astype(np.int64),
        active_from.astype(np.int64),
        burst_from.astype(np.int64),
        burst_to.astype(np.int64),
    )


def _emails(
    rng: np.random.Generator,
    segment: I64,
    company: I64,
    first: pa.Array,
    last: pa.Array,
    companies: Companies,
) -> pa.Array:
    n = int(segment.shape[0])
    local = pc.binary_join_element_wise(_email_part(first), _email_part(last), ".")
    # Personal addresses are often taken, so half carry a number.
    personal = (segment == SEG_FREE_MAIL) | (segment == SEG_STUDENT)
    numbered = personal & (rng.random(n) < 0.5)
    number = pc.cast(pa.array(rng.integers(1, 1000, size=n)), pa.string())
    local = pc.if_else(pa.array(numbered), pc.binary_join_element_wise(local, number, ""), local)
    free = take(v.FREE_MAIL_DOMAINS, categorical(rng, v.FREE_MAIL_WEIGHTS, n))
    edu = take(v.EDU_DOMAINS, rng.integers(0, len(v.EDU_DOMAINS), size=n))
    rival = take(v.COMPETITOR_DOMAINS, rng.integers(0, len(v.COMPETITOR_DOMAINS), size=n))
    work = companies.domain.take(pa.array(np.maximum(company, 0)))
    domain = pc.choose(pa.array(segment.astype(np.int8)), work, free, edu, rival)
    return pc.binary_join_element_wise(local, domain, "@")


class EmailBook:
    """Keeps emails unique across chunks, the way a mail admin would: john.smith2@...

    A plain dict over all emails so far: ~150 MB at a million contacts, and the only
    per-contact Python loop in the generator (activities never pass through here).
    """

    def __init__(self) -> None:
        self._taken: dict[str, int] = {}

    def claim(self, emails: pa.Array) -> pa.Array:
        out = []
        taken = self._taken
        for email in emails.to_pylist():
            if email in taken:
                local, domain = email.split("@", 1)
                n = taken[email]
                while True:
                    n += 1
                    candidate = f"{local}{n}@{domain}"
                    if candidate not in taken:
                        break
                taken[email] = n
                email = candidate
            taken[email] = 1
            out.append(email)
        return pa.array(out, type=pa.string())


def _email_part(names: pa.Array) -> pa.Array:
    return pc.replace_substring_regex(pc.utf8_lower(names), "[^a-z0-9]", "")


def _phones(rng: np.random.Generator, country: I64) -> pa.Array:
    n = int(country.shape[0])
    number = pc.cast(pa.array(rng.integers(200_000_000, 9_999_999_999, size=n)), pa.string())
    code = take(v.CALLING_CODES, country)
    phone = pc.binary_join_element_wise("+", code, " ", number, "")
    missing = rng.random(n) < 0.2
    return pc.if_else(pa.array(missing), pa.scalar(None, pa.string()), phone)


def _countries(rng: np.random.Generator, company: I64, companies: Companies) -> I64:
    n = int(company.shape[0])
    own = categorical(rng, v.COUNTRY_WEIGHTS, n)
    # Most employees sit in the company's home country.
    home = companies.country[np.maximum(company, 0)]
    use_home = (company >= 0) & (rng.random(n) < 0.9)
    return np.where(use_home, home, own).astype(np.int64)


def generate_people(
    rng: np.random.Generator,
    first_number: int,
    n: int,
    cal: Calendar,
    companies: Companies,
    emails: EmailBook,
) -> People:
    segment, company = _segments_and_companies(rng, n, companies)
    seniority, department = _roles(rng, segment)
    title = _titles(rng, seniority, department)
    fit = _fit(rng, segment, company, seniority, department, companies)
    persona = _personas(rng, segment, fit)
    intent = _intent(rng, persona)
    engagement = np.exp(rng.normal(-(ENGAGEMENT_SD**2) / 2, ENGAGEMENT_SD, n))
    persona, created, active_from, burst_from, burst_to = _timing(
        rng, cal, persona, company, companies
    )
    country = _countries(rng, company, companies)
    lead_source = categorical_rows(rng, np.asarray(LEAD_SOURCE_WEIGHTS)[persona])
    first = take(v.FIRST_NAMES, rng.integers(0, len(v.FIRST_NAMES), size=n))
    last = take(v.LAST_NAMES, rng.integers(0, len(v.LAST_NAMES), size=n))
    return People(
        n=n,
        contact_id=format_ids("c", np.arange(first_number, first_number + n, dtype=np.int64), 8),
        segment=segment,
        persona=persona,
        company=company,
        seniority=seniority,
        department=department,
        country=country,
        title=title,
        lead_source=lead_source,
        first_name=first,
        last_name=last,
        email=emails.claim(_emails(rng, segment, company, first, last, companies)),
        phone=_phones(rng, country),
        created_at=created,
        active_from=active_from,
        burst_from=burst_from,
        burst_to=burst_to,
        fit=fit,
        intent=intent,
        engagement=np.asarray(engagement, dtype=np.float64),
    )
