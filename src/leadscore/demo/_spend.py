"""Demo campaign spend: what each campaign the activities carry cost, per day and channel.

Every campaign of the calendar gets spend in the channel it runs in: the monthly
newsletter one send on the first day of its month (or of the window), the monthly ads
campaign a cost every day, each webinar and each trade-show event one cost on its day.
Drawn from its own seed stream, so adding spend leaves the other tables unchanged.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from leadscore.demo._calendar import DAY, Calendar, month_index
from leadscore.schema import CAMPAIGN_SPEND

I64 = npt.NDArray[np.int64]

CURRENCY = "USD"
# (channel, low, high): the cost of one spend row, drawn uniformly, in CURRENCY.
NEWSLETTER = ("email", 300.0, 600.0)
ADS = ("paid_search", 60.0, 180.0)
WEBINAR = ("webinar", 1_500.0, 3_000.0)
EVENT = ("event", 8_000.0, 20_000.0)


def _days(seconds: I64) -> I64:
    return np.asarray(seconds // DAY, dtype=np.int64)


def campaign_spend_table(rng: np.random.Generator, cal: Calendar) -> pa.Table:
    first_day, last_day = cal.start // DAY, (cal.end - 1) // DAY
    every_day = np.arange(first_day, last_day + 1, dtype=np.int64)
    day_months = month_index(every_day * DAY)
    # the first day of each month in the window (the window's first day for the first)
    month_starts = every_day[np.r_[True, day_months[1:] != day_months[:-1]]]
    parts: list[tuple[I64, I64, str, float, float]] = [
        (
            cal.newsletter_base + month_index(month_starts * DAY) - cal.first_month,
            month_starts,
            *NEWSLETTER,
        ),
        (cal.ads_base + day_months - cal.first_month, every_day, *ADS),
        (
            cal.webinar_base + np.arange(cal.webinar_at.size, dtype=np.int64),
            _days(cal.webinar_at),
            *WEBINAR,
        ),
        (
            cal.event_base + np.arange(cal.event_at.size, dtype=np.int64),
            _days(cal.event_at),
            *EVENT,
        ),
    ]
    campaigns, days, channels, costs = [], [], [], []
    for campaign, day, channel, low, high in parts:
        campaigns.append(campaign)
        days.append(day)
        channels.extend([channel] * day.size)
        costs.append(np.round(rng.uniform(low, high, size=day.size), 2))
    campaign_index = np.concatenate(campaigns)
    n = campaign_index.size
    return pa.Table.from_arrays(
        [
            pa.array(list(cal.campaign_ids), type=pa.string()).take(pa.array(campaign_index)),
            pa.array(np.concatenate(days).astype(np.int32), type=pa.int32()).cast(pa.date32()),
            pa.array(channels, type=pa.string()),
            pa.array(np.concatenate(costs), type=pa.float64()),
            pa.array([CURRENCY] * n, type=pa.string()),
        ],
        schema=CAMPAIGN_SPEND,
    )
