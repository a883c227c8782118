"""The time frame of a run: history window, webinars, trade-show events and campaign ids.

Times are int64 seconds since the Unix epoch (naive UTC) until the arrow tables are built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

DAY = 86_400
HOUR = 3_600
# Webinars at least this far apart so that `cmp_webinar_YYYY_MM` stays unique.
WEBINAR_SPACING_DAYS = 45
EVENT_SPACING_DAYS = 120

I64 = npt.NDArray[np.int64]


def _epoch_seconds(d: date) -> int:
    return int(np.datetime64(d, "s").astype(np.int64))


def month_index(t: I64) -> I64:
    """Months since 1970-01 for each timestamp."""
    return t.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)


def _month_label(month: int) -> str:
    text = str(np.datetime64(month, "M"))
    return text.replace("-", "_")


@dataclass(frozen=True)
class Calendar:
    start: int
    """First second of the activity history window."""
    end: int
    """First second after the as-of date (exclusive upper bound for every timestamp)."""
    first_month: int
    n_months: int
    webinar_at: I64
    event_at: I64
    email_migration_at: int
    """Email tracking moved from Marketo to HubSpot here, so source_system changes mid-window."""
    campaign_ids: tuple[str, ...]
    newsletter_base: int
    ads_base: int
    webinar_base: int
    event_base: int

    def newsletter_campaign(self, t: I64) -> I64:
        return self.newsletter_base + month_index(t) - self.first_month

    def ads_campaign(self, t: I64) -> I64:
        return self.ads_base + month_index(t) - self.first_month


def build_calendar(as_of: date, days: int) -> Calendar:
    end = _epoch_seconds(as_of) + DAY
    start = end - days * DAY
    first_month = int(month_index(np.array([start], dtype=np.int64))[0])
    last_month = int(month_index(np.array([end - 1], dtype=np.int64))[0])
    months = range(first_month, last_month + 1)

    n_webinars = max(1, days // WEBINAR_SPACING_DAYS)
    webinar_days = (np.arange(n_webinars) + 0.5) * (days / n_webinars)
    # 16:00 UTC: a morning slot in the Americas, late afternoon in Europe.
    webinar_at = start + (webinar_days.astype(np.int64) * DAY) + 16 * HOUR
    n_events = max(1, days // EVENT_SPACING_DAYS)
    event_days = (np.arange(n_events) + 0.6) * (days / n_events)
    event_at = start + event_days.astype(np.int64) * DAY + 9 * HOUR

    labels = [_month_label(m) for m in months]
    webinar_labels = [_month_label(int(m)) for m in month_index(webinar_at)]
    event_labels = [_month_label(int(m)) for m in month_index(event_at)]
    campaign_ids = (
        [f"cmp_newsletter_{x}" for x in labels]
        + [f"cmp_ads_{x}" for x in labels]
        + [f"cmp_webinar_{x}" for x in webinar_labels]
        + [f"cmp_event_{x}" for x in event_labels]
    )
    return Calendar(
        start=start,
        end=end,
        first_month=first_month,
        n_months=len(labels),
        webinar_at=webinar_at.astype(np.int64),
        event_at=event_at.astype(np.int64),
        email_migration_at=start + int(days * 0.4) * DAY,
        campaign_ids=tuple(campaign_ids),
        newsletter_base=0,
        ads_base=len(labels),
        webinar_base=2 * len(labels),
        event_base=2 * len(labels) + n_webinars,
    )
