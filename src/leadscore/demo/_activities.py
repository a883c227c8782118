"""Activity events of one chunk, generated per rule as whole arrays (no per-row loops).

Every rule yields (contact index, timestamp, type, url, campaign) arrays; timestamps always
fall in [contact active_from, calendar end). See docs/ground_truth.md for the rates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from leadscore.demo import _vocab as v
from leadscore.demo._calendar import DAY, HOUR, Calendar
from leadscore.demo._people import COMPETITOR, HOT_DORMANT, JOB_SEEKER, STUDENT, People
from leadscore.demo._rand import expand, uniform_times

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]
YEAR = 365 * DAY

ACTIVITY_TYPES: tuple[str, ...] = (
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
    "spam_report",
    "chat_started",
)
(
    EMAIL_OPEN,
    EMAIL_CLICK,
    PAGE_VIEW,
    PRICING_PAGE_VIEW,
    FORM_SUBMIT,
    CONTENT_DOWNLOAD,
    WEBINAR_REGISTERED,
    WEBINAR_ATTENDED,
    EVENT_ATTENDED,
    DEMO_REQUEST,
    TRIAL_SIGNUP,
    AD_CLICK,
    SOCIAL_ENGAGEMENT,
    UNSUBSCRIBE,
    EMAIL_BOUNCE,
    SPAM_REPORT,
    CHAT_STARTED,
) = range(len(ACTIVITY_TYPES))
EMAIL_TYPES = (EMAIL_OPEN, EMAIL_CLICK, UNSUBSCRIBE, EMAIL_BOUNCE, SPAM_REPORT)

_S = {name: i for i, name in enumerate(v.SOURCE_SYSTEMS)}
SOURCE_BY_TYPE: tuple[int, ...] = (
    _S["hubspot"],  # email_open (Marketo before the migration date)
    _S["hubspot"],  # email_click
    _S["website"],  # page_view
    _S["website"],  # pricing_page_view
    _S["hubspot"],  # form_submit: HubSpot forms embedded on the site
    _S["website"],  # content_download
    _S["webinar_platform"],
    _S["webinar_platform"],
    _S["events"],
    _S["website"],  # demo_request
    _S["website"],  # trial_signup
    _S["ads"],
    _S["hubspot"],  # social_engagement: HubSpot social inbox
    _S["hubspot"],  # unsubscribe
    _S["hubspot"],  # email_bounce
    _S["hubspot"],  # spam_report
    _S["website"],  # chat_started
)


def _url_groups() -> tuple[tuple[str, ...], dict[str, tuple[int, int]]]:
    groups = {
        "blog": v.BLOG_PATHS,
        "product": v.PRODUCT_PATHS,
        "pricing": v.PRICING_PATHS,
        "careers": v.CAREER_PATHS,
        "content": v.CONTENT_PATHS,
        "form": v.FORM_PATHS,
    }
    urls: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    for name, paths in groups.items():
        spans[name] = (len(urls), len(paths))
        urls.extend(v.SITE + p for p in paths)
    return tuple(urls), spans


URLS, URL_GROUPS = _url_groups()

# Noise: rates per contact-year, scaled only by the engagement multiplier.
NOISE_PER_YEAR: dict[int, float] = {
    EMAIL_OPEN: 33.0,
    PAGE_VIEW: 12.0,  # blog
    AD_CLICK: 2.0,
    SOCIAL_ENGAGEMENT: 2.5,
    CHAT_STARTED: 0.4,
}


@dataclass(frozen=True)
class IntentRule:
    """Rate per contact-year at intent 0.5, multiplied by exp(slope * (intent - 0.5))."""

    kind: int
    per_year: float
    slope: float
    url_group: str | None = None


INTENT_RULES: tuple[IntentRule, ...] = (
    IntentRule(PRICING_PAGE_VIEW, 6.0, 5.0, "pricing"),
    IntentRule(PAGE_VIEW, 50.0, 3.0, "product"),
    IntentRule(FORM_SUBMIT, 1.5, 4.0, "form"),
    IntentRule(DEMO_REQUEST, 0.4, 6.0),
    IntentRule(TRIAL_SIGNUP, 0.3, 6.0),
    IntentRule(CONTENT_DOWNLOAD, 2.0, 2.0, "content"),
    IntentRule(EMAIL_CLICK, 3.0, 2.5),
)
# A hot lead's episode is worth this many contact-years of activity at its intent.
HOT_EPISODE_YEARS = 1.0
# Competitors browse pricing and product pages as if they were very interested.
COMPETITOR_SNOOP_INTENT = 0.75
SNOOP_TYPES = (PRICING_PAGE_VIEW, PAGE_VIEW)

UNSUBSCRIBE_RATE: tuple[float, ...] = (0.06, 0.03, 0.01, 0.02, 0.05, 0.06, 0.02)
BOUNCE_RATE = 0.02
SPAM_RATE = 0.002

# Strongest-intent ranking used to time deal creation (higher wins).
INTENT_PRIORITY: dict[int, int] = {
    DEMO_REQUEST: 5,
    TRIAL_SIGNUP: 4,
    PRICING_PAGE_VIEW: 3,
    FORM_SUBMIT: 2,
    WEBINAR_ATTENDED: 1,
}


@dataclass
class ActivityRows:
    contact: I64
    at: I64
    kind: npt.NDArray[np.int16]
    url: npt.NDArray[np.int16]
    campaign: npt.NDArray[np.int32]

    @property
    def size(self) -> int:
        return int(self.contact.shape[0])


@dataclass(frozen=True)
class ContactSignals:
    strongest_at: I64
    """Time of the contact's strongest intent action (-1 if none)."""
    last_at: I64
    """Time of the contact's last activity (-1 if none)."""
    mql: Bool
    """Asked for a demo or a trial."""
    engaged: Bool
    """Filled a form, downloaded content or registered for a webinar."""


@dataclass
class _Collector:
    contact: list[I64] = field(default_factory=list)
    at: list[I64] = field(default_factory=list)
    kind: list[npt.NDArray[np.int16]] = field(default_factory=list)
    url: list[npt.NDArray[np.int16]] = field(default_factory=list)
    campaign: list[npt.NDArray[np.int32]] = field(default_factory=list)

    def add(
        self,
        contact: I64,
        at: I64,
        kind: int,
        url: I64 | None = None,
        campaign: I64 | None = None,
    ) -> None:
        n = int(contact.shape[0])
        self.contact.append(contact)
        self.at.append(at)
        self.kind.append(np.full(n, kind, dtype=np.int16))
        self.url.append(np.full(n, -1, np.int16) if url is None else url.astype(np.int16))
        self.campaign.append(
            np.full(n, -1, np.int32) if campaign is None else campaign.astype(np.int32)
        )

    def rows(self) -> ActivityRows:
        return ActivityRows(
            contact=np.concatenate(self.contact),
            at=np.concatenate(self.at),
            kind=np.concatenate(self.kind),
            url=np.concatenate(self.url),
            campaign=np.concatenate(self.campaign),
        )


def _pick_url(rng: np.random.Generator, group: str, n: int) -> I64:
    first, count = URL_GROUPS[group]
    return first + rng.integers(0, count, size=n)


def _add_noise(rng: np.random.Generator, p: People, cal: Calendar, out: _Collector) -> None:
    years = (cal.end - p.active_from) / YEAR
    end = np.full(p.n, cal.end, dtype=np.int64)
    for kind, per_year in NOISE_PER_YEAR.items():
        contact = expand(rng.poisson(per_year * years * p.engagement).astype(np.int64))
        at = uniform_times(rng, p.active_from[contact], end[contact])
        url = _pick_url(rng, "blog", contact.shape[0]) if kind == PAGE_VIEW else None
        campaign = None
        if kind == EMAIL_OPEN:
            campaign = cal.newsletter_campaign(at)
        elif kind == AD_CLICK:
            campaign = cal.ads_campaign(at)
        out.add(contact, at, kind, url, campaign)


def _add_intent(rng: np.random.Generator, p: People, cal: Calendar, out: _Collector) -> None:
    years = (cal.end - p.active_from) / YEAR
    exposure = np.where(p.is_hot, HOT_EPISODE_YEARS, years)
    volume = np.sqrt(p.engagement) * exposure
    for rule in INTENT_RULES:
        intent = p.intent
        if rule.kind in SNOOP_TYPES:
            intent = np.where(p.persona == COMPETITOR, COMPETITOR_SNOOP_INTENT, intent)
        rate = rule.per_year * np.exp(rule.slope * (intent - 0.5)) * volume
        contact = expand(rng.poisson(rate).astype(np.int64))
        at = uniform_times(rng, p.burst_from[contact], p.burst_to[contact])
        url = None if rule.url_group is None else _pick_url(rng, rule.url_group, contact.shape[0])
        campaign = cal.newsletter_campaign(at) if rule.kind == EMAIL_CLICK else None
        out.add(contact, at, rule.kind, url, campaign)


def _add_careers_and_students(
    rng: np.random.Generator, p: People, cal: Calendar, out: _Collector
) -> None:
    years = (cal.end - p.active_from) / YEAR
    end = np.full(p.n, cal.end, dtype=np.int64)
    careers = np.select(
        [p.persona == JOB_SEEKER, p.persona == STUDENT],
        [(4.0 + 12.0 * years) * np.sqrt(p.engagement), 3.0 * years],
        0.3 * years,
    )
    contact = expand(rng.poisson(careers).astype(np.int64))
    at = uniform_times(rng, p.active_from[contact], end[contact])
    out.add(contact, at, PAGE_VIEW, _pick_url(rng, "careers", contact.shape[0]))
    # Students read and download a lot without ever buying.
    study = np.where(p.persona == STUDENT, 3.0 * years, 0.0)
    contact = expand(rng.poisson(study).astype(np.int64))
    at = uniform_times(rng, p.active_from[contact], end[contact])
    out.add(contact, at, CONTENT_DOWNLOAD, _pick_url(rng, "content", contact.shape[0]))


def _add_webinars(rng: np.random.Generator, p: People, cal: Calendar, out: _Collector) -> None:
    at = cal.webinar_at[None, :]
    active = p.active_from[:, None]
    # Invitations go to everyone on the list; opening them is noise.
    invite_p = np.clip(0.12 * p.engagement, 0.0, 0.9)[:, None]
    opened = (active < at - 10 * DAY) & (rng.random((p.n, at.shape[1])) < invite_p)
    contact, webinar = np.nonzero(opened)
    open_at = cal.webinar_at[webinar] - 10 * DAY + (rng.random(contact.shape[0]) * 3 * DAY)
    campaign = cal.webinar_base + webinar
    out.add(contact.astype(np.int64), open_at.astype(np.int64), EMAIL_OPEN, None, campaign)

    register_p = np.clip(0.02 * np.exp(3.5 * (p.intent - 0.1)), 0.0, 0.6)
    register_p = np.where(p.persona == COMPETITOR, 0.15, register_p)[:, None]
    eligible = active < at - HOUR
    # A dormant lead's interest (and registrations) ended with its episode.
    eligible &= ~((p.persona == HOT_DORMANT)[:, None] & (at > p.burst_to[:, None] + 7 * DAY))
    registered = eligible & (rng.random((p.n, at.shape[1])) < register_p)
    contact, webinar = np.nonzero(registered)
    contact = contact.astype(np.int64)
    when = cal.webinar_at[webinar]
    reg_at = uniform_times(rng, np.maximum(p.active_from[contact], when - 10 * DAY), when - HOUR)
    campaign = cal.webinar_base + webinar
    out.add(contact, reg_at, WEBINAR_REGISTERED, None, campaign)

    via_email = rng.random(contact.shape[0]) < 0.5
    click_at = np.maximum(
        p.active_from[contact], reg_at - rng.integers(60, 600, size=contact.shape[0])
    )
    out.add(contact[via_email], click_at[via_email], EMAIL_CLICK, None, campaign[via_email])

    attend_p = np.where(p.persona == COMPETITOR, 0.7, 0.3 + 0.6 * p.intent)[contact]
    attended = rng.random(contact.shape[0]) < attend_p
    attend_at = when + rng.integers(0, 45 * 60, size=contact.shape[0])
    out.add(contact[attended], attend_at[attended], WEBINAR_ATTENDED, None, campaign[attended])


def _add_events(rng: np.random.Generator, p: People, cal: Calendar, out: _Collector) -> None:
    at = cal.event_at[None, :]
    attend_p = 0.01 * np.exp(2.5 * (p.intent - 0.1))
    attend_p = np.select([p.persona == STUDENT, p.persona == COMPETITOR], [0.005, 0.05], attend_p)[
        :, None
    ]
    attended = (p.active_from[:, None] < at) & (rng.random((p.n, at.shape[1])) < attend_p)
    contact, event = np.nonzero(attended)
    when = cal.event_at[event] + rng.integers(0, 8 * HOUR, size=contact.shape[0])
    out.add(contact.astype(np.int64), when, EVENT_ATTENDED, None, cal.event_base + event)


def _email_cutoff(rng: np.random.Generator, p: People, cal: Calendar, out: _Collector) -> I64:
    """Adds bounces, spam reports and unsubscribes; returns when each inbox went dark."""
    end = np.full(p.n, cal.end, dtype=np.int64)
    u = rng.random(p.n)
    unsubscribe_rate = np.asarray(UNSUBSCRIBE_RATE)[p.persona]
    bounced = u < BOUNCE_RATE
    spam = (u >= BOUNCE_RATE) & (u < BOUNCE_RATE + SPAM_RATE)
    unsubscribed = (u >= BOUNCE_RATE + SPAM_RATE) & (u < BOUNCE_RATE + SPAM_RATE + unsubscribe_rate)
    # Hard bounces surface on one of the first sends after the address is captured.
    bounce_at = uniform_times(rng, p.active_from, np.minimum(end, p.active_from + 30 * DAY))
    leave_at = uniform_times(rng, p.active_from, end)
    for mask, kind, at in (
        (bounced, EMAIL_BOUNCE, bounce_at),
        (spam, SPAM_REPORT, leave_at),
        (unsubscribed, UNSUBSCRIBE, leave_at),
    ):
        contact = np.flatnonzero(mask).astype(np.int64)
        out.add(contact, at[contact], kind, None, cal.newsletter_campaign(at[contact]))
    cutoff = np.where(spam | unsubscribed, leave_at, end)
    # A hard-bounced address never received anything, so nothing was ever opened.
    return np.where(bounced, p.active_from - 1, cutoff).astype(np.int64)


def generate_activities(
    rng: np.random.Generator, p: People, cal: Calendar
) -> tuple[ActivityRows, ContactSignals]:
    out = _Collector()
    _add_noise(rng, p, cal, out)
    _add_intent(rng, p, cal, out)
    _add_careers_and_students(rng, p, cal, out)
    _add_webinars(rng, p, cal, out)
    _add_events(rng, p, cal, out)
    cutoff = _email_cutoff(rng, p, cal, out)
    rows = out.rows()
    silenced = np.isin(rows.kind, (EMAIL_OPEN, EMAIL_CLICK)) & (rows.at > cutoff[rows.contact])
    rows = _select(rows, ~silenced)
    rows = _select(rows, np.lexsort((rows.at, rows.contact)))
    return rows, _signals(rows, p.n)


def _select(rows: ActivityRows, index: npt.NDArray[np.bool_] | I64) -> ActivityRows:
    return ActivityRows(
        contact=rows.contact[index],
        at=rows.at[index],
        kind=rows.kind[index],
        url=rows.url[index],
        campaign=rows.campaign[index],
    )


def _signals(rows: ActivityRows, n: int) -> ContactSignals:
    """Per-contact facts the deals and lifecycle stages depend on (rows sorted by contact)."""
    priority = np.zeros(len(ACTIVITY_TYPES), dtype=np.int64)
    for kind, rank in INTENT_PRIORITY.items():
        priority[kind] = rank
    # Rank in the high bits, time in the low bits: one max finds the latest top-ranked action.
    key = (priority[rows.kind] << 40) + rows.at
    strong = priority[rows.kind] > 0
    best = np.full(n, -1, dtype=np.int64)
    np.maximum.at(best, rows.contact[strong], key[strong])
    strongest_at = np.where(best >= 0, best & ((1 << 40) - 1), -1)

    counts = np.bincount(rows.contact, minlength=n)
    last_index = np.cumsum(counts) - 1
    last_at = np.where(counts > 0, rows.at[np.maximum(last_index, 0)], -1)

    def has(*kinds: int) -> Bool:
        hit = np.isin(rows.kind, kinds)
        return np.asarray(np.bincount(rows.contact[hit], minlength=n) > 0)

    return ContactSignals(
        strongest_at=strongest_at.astype(np.int64),
        last_at=last_at.astype(np.int64),
        mql=has(DEMO_REQUEST, TRIAL_SIGNUP),
        engaged=has(FORM_SUBMIT, CONTENT_DOWNLOAD, WEBINAR_REGISTERED),
    )


def source_systems(rows: ActivityRows, cal: Calendar) -> npt.NDArray[np.int8]:
    source = np.asarray(SOURCE_BY_TYPE, dtype=np.int8)[rows.kind]
    before = np.isin(rows.kind, EMAIL_TYPES) & (rows.at < cal.email_migration_at)
    return np.where(before, np.int8(_S["marketo"]), source).astype(np.int8)
