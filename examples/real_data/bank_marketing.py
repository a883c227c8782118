"""UCI Bank Marketing (bank-additional-full.csv) in the warehouse's raw layout.

Usage: python examples/real_data/bank_marketing.py SOURCE_DIR OUT_DIR

The data (CC BY 4.0; Moro, Cortez and Rita, Decision Support Systems 62, 2014) is read
from SOURCE_DIR and never copied into the project. The mapping, as its README suggests:

- one contact per row (contact_id `bank-<row number>`), with the client's attributes as
  custom contact columns (age, job, marital, education, credit_default, housing, loan)
  and the earlier campaigns' outcome (previous, poutcome, pdays with 999 as empty);
  lead_source is the contact channel (cellular, telephone), country PT, no company;
- time, synthesised (the file has month and weekday only): the year comes from the row
  order (the month sequence restarts each year: 2008, 2009, 2010); inside a month the
  weekday sequence restarts each week, so the k-th run of weekdays is the month's k-th
  working week (week 0 holds the month's first working day; a day outside the month is
  clamped to it). That day is the campaign's last call;
- the campaign's calls are `phone_call` activities a week apart ending on the last call
  (`campaign` calls), and the contact is created a week before the first of them, so
  every lead is open for at least a week before its outcome;
- one deal per contact, created with the contact and closed at the last call: won when
  y = yes, lost otherwise, no amount;
- left out: `duration` (the last call's length, known only once the outcome is; the
  publisher says to drop it) and the five economic indicators (they give away the
  calendar, not the lead).
"""

from __future__ import annotations

import calendar
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from _raw_layout import write_raw

MONTHS = {name: i for i, name in enumerate(calendar.month_abbr) if name}
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}
FIRST_YEAR = 2008
CALL_SPACING_DAYS = 7


def last_call_dates(frame: pd.DataFrame) -> list[date]:
    """The synthesised date of each row's last call (see the module docstring)."""
    dates: list[date] = []
    year = FIRST_YEAR
    previous_month = 0
    week = 0
    previous_weekday = -1
    for month_name, weekday_name in zip(frame["month"], frame["day_of_week"], strict=True):
        month = MONTHS[month_name.title()]
        weekday = WEEKDAYS[weekday_name]
        if month < previous_month:
            year += 1
        if month != previous_month:
            week = 0
        elif weekday < previous_weekday:
            week += 1
        previous_month, previous_weekday = month, weekday
        first = date(year, month, 1)
        # week 0 is the week of the month's first working day
        if first.weekday() >= 5:
            monday = first + timedelta(days=7 - first.weekday())
        else:
            monday = first - timedelta(days=first.weekday())
        day = monday + timedelta(days=7 * week + weekday)
        last = date(year, month, calendar.monthrange(year, month)[1])
        dates.append(min(max(day, first), last))
    return dates


def to_raw(source_dir: Path, out_dir: Path) -> dict[str, int]:
    bank = pd.read_csv(source_dir / "bank-additional-full.csv", sep=";")
    bank["contact_id"] = [f"bank-{i:05d}" for i in range(1, len(bank) + 1)]
    bank["last_call"] = [datetime.combine(d, datetime.min.time()) for d in last_call_dates(bank)]
    bank["last_call"] += pd.to_timedelta(12, unit="h")
    calls = bank["campaign"].astype(int)
    bank["created_at"] = bank["last_call"] - pd.to_timedelta(CALL_SPACING_DAYS * calls, unit="D")
    contacts = pd.DataFrame(
        {
            "contact_id": bank["contact_id"],
            "job_title": bank["job"],
            "country": "PT",
            "lead_source": bank["contact"],
            "lifecycle_stage": "lead",
            "created_at": bank["created_at"],
            "updated_at": bank["created_at"],
            "is_deleted": "false",
            "age": bank["age"],
            "job": bank["job"],
            "marital": bank["marital"],
            "education": bank["education"],
            "credit_default": bank["default"],
            "housing": bank["housing"],
            "loan": bank["loan"],
            "previous": bank["previous"],
            "poutcome": bank["poutcome"],
            "pdays": bank["pdays"].where(bank["pdays"] != 999),
        }
    )
    activity_rows = []
    for contact_id, last_call, count in zip(
        bank["contact_id"], bank["last_call"], calls, strict=True
    ):
        for k in range(count):
            activity_rows.append(
                {
                    "activity_id": f"{contact_id}-call-{k + 1}",
                    "contact_id": contact_id,
                    "activity_type": "phone_call",
                    "occurred_at": last_call - timedelta(days=CALL_SPACING_DAYS * (count - 1 - k)),
                    "source_system": "bank_marketing",
                }
            )
    won = bank["y"] == "yes"
    deals = pd.DataFrame(
        {
            "deal_id": bank["contact_id"].str.replace("bank-", "deal-", regex=False),
            "contact_id": bank["contact_id"],
            "created_at": bank["created_at"],
            "closed_at": bank["last_call"],
            "stage": won.map({True: "closed_won", False: "closed_lost"}),
            "is_won": won.map({True: "true", False: "false"}),
        }
    )
    return write_raw(
        out_dir,
        {"contacts": contacts, "activities": pd.DataFrame(activity_rows), "deals": deals},
    )


if __name__ == "__main__":
    print(to_raw(Path(sys.argv[1]), Path(sys.argv[2])))
