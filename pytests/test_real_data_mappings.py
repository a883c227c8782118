"""The public-dataset mappings of examples/real_data/ on a few hand-written rows in each
dataset's published format (the datasets themselves are not shipped with the project):
one contact per lead, the synthesised times, the label as a won deal, and nothing that
leaks the outcome."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples" / "real_data"))

import bank_marketing
import olist_funnel

BANK_HEADER = (
    '"age";"job";"marital";"education";"default";"housing";"loan";"contact";"month";'
    '"day_of_week";"duration";"campaign";"pdays";"previous";"poutcome";"emp.var.rate";'
    '"cons.price.idx";"cons.conf.idx";"euribor3m";"nr.employed";"y"'
)


def _bank_row(month: str, weekday: str, campaign: int, outcome: str) -> str:
    return (
        f'41;"admin.";"married";"university.degree";"no";"yes";"no";"cellular";"{month}";'
        f'"{weekday}";180;{campaign};999;0;"nonexistent";1.1;93.9;-36.4;4.86;5191;"{outcome}"'
    )


def test_bank_rows_become_contacts_calls_and_deals_in_time_order(tmp_path: Path) -> None:
    rows = [
        _bank_row("may", "wed", 1, "no"),  # 2008-05: week 0 (Wed 2008-04-30 -> clamped)
        _bank_row("may", "mon", 2, "yes"),  # weekday restarts: week 1, Mon 2008-05-05
        _bank_row("jun", "tue", 1, "no"),  # next month, week 0: Tue 2008-06-03
        _bank_row("mar", "thu", 3, "yes"),  # the month sequence restarts: 2009
    ]
    source = tmp_path / "source"
    source.mkdir()
    (source / "bank-additional-full.csv").write_text(
        "\r\n".join([BANK_HEADER, *rows]) + "\r\n", encoding="utf-8"
    )
    written = bank_marketing.to_raw(source, tmp_path / "raw")
    assert written == {"contacts": 4, "companies": 0, "activities": 7, "deals": 4}
    deals = pd.read_csv(tmp_path / "raw" / "deals.csv")
    assert deals["closed_at"].tolist() == [
        "2008-05-01T12:00:00Z",
        "2008-05-05T12:00:00Z",
        "2008-06-03T12:00:00Z",
        "2009-03-05T12:00:00Z",
    ]
    assert deals["is_won"].tolist() == [False, True, False, True]
    contacts = pd.read_csv(tmp_path / "raw" / "contacts.csv")
    # created a week before the first of the campaign's weekly calls
    assert contacts["created_at"].tolist()[1] == "2008-04-21T12:00:00Z"
    assert "duration" not in contacts.columns and "euribor3m" not in contacts.columns
    assert contacts["pdays"].isna().all()  # 999 = never contacted before
    calls = pd.read_csv(tmp_path / "raw" / "activities.csv")
    last = calls[calls["contact_id"] == "bank-00004"]["occurred_at"].tolist()
    assert last == ["2009-02-19T12:00:00Z", "2009-02-26T12:00:00Z", "2009-03-05T12:00:00Z"]


def test_olist_leads_are_contacts_with_a_form_and_a_deal_won_only_when_closed(
    tmp_path: Path,
) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "olist_marketing_qualified_leads_dataset.csv").write_text(
        "mql_id,first_contact_date,landing_page_id,origin\n"
        "a1,2018-02-01,lp1,social\n"
        "b2,2018-03-08,lp2,\n",
        encoding="utf-8",
    )
    (source / "olist_closed_deals_dataset.csv").write_text(
        "mql_id,seller_id,sdr_id,sr_id,won_date,business_segment,lead_type,"
        "lead_behaviour_profile,has_company,has_gtin,average_stock,business_type,"
        "declared_product_catalog_size,declared_monthly_revenue\n"
        "a1,s1,sdr1,sr1,2018-02-26 19:58:54,pet,online_medium,cat,,,,reseller,,0.0\n",
        encoding="utf-8",
    )
    olist_funnel.to_raw(source, tmp_path / "raw")
    contacts = pd.read_csv(tmp_path / "raw" / "contacts.csv")
    assert contacts["created_at"].tolist() == ["2018-02-01T12:00:00Z", "2018-03-08T12:00:00Z"]
    assert contacts["landing_page_id"].tolist() == ["lp1", "lp2"]
    # every closed-deals column is known only after the sale: none is a contact column
    for leaked in ("business_segment", "lead_type", "seller_id", "sdr_id", "business_type"):
        assert leaked not in contacts.columns
    deals = pd.read_csv(tmp_path / "raw" / "deals.csv")
    assert deals["stage"].tolist() == ["closed_won", "open"]
    assert deals["closed_at"].tolist()[0] == "2018-02-26T19:58:54Z"
    assert pd.isna(deals["closed_at"].tolist()[1])


@pytest.mark.parametrize("table", ["contacts", "companies", "activities", "deals"])
def test_every_required_column_is_written_first(tmp_path: Path, table: str) -> None:
    from _raw_layout import REQUIRED, write_raw

    write_raw(tmp_path, {"contacts": pd.DataFrame({"contact_id": ["x"], "custom": [1]})})
    header = (tmp_path / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
    columns = header.split(",")
    assert columns[: len(REQUIRED[table])] == REQUIRED[table]
