"""Olist's marketing funnel (marketing qualified leads and closed deals) in the
warehouse's raw layout.

Usage: python examples/real_data/olist_funnel.py SOURCE_DIR OUT_DIR

The data (CC BY-NC-SA 4.0, Olist on Kaggle) is for testing and evaluation only: it is
read from SOURCE_DIR and never copied into the project. The mapping, as its README says:

- one contact per MQL (contact_id = mql_id), created at first_contact_date (noon UTC),
  lead_source = origin, the landing page as a custom column (landing_page_id);
- one `form_submit` activity at the first contact, on the landing page's URL;
- one deal per MQL, created with the contact: won at won_date (amount: the declared
  monthly revenue) when the MQL is in the closed-deals table, otherwise open (the data
  cannot tell lost from still open);
- left out: every other closed-deals column (business segment, lead type, behaviour
  profile, company and catalogue fields, reps): they are filled in during or after the
  sale, so even their presence gives the outcome away.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from _raw_layout import write_raw


def to_raw(source_dir: Path, out_dir: Path) -> dict[str, int]:
    leads = pd.read_csv(source_dir / "olist_marketing_qualified_leads_dataset.csv")
    closed = pd.read_csv(source_dir / "olist_closed_deals_dataset.csv")
    created = pd.to_datetime(leads["first_contact_date"]) + pd.Timedelta(hours=12)
    contacts = pd.DataFrame(
        {
            "contact_id": leads["mql_id"],
            "lead_source": leads["origin"],
            "lifecycle_stage": "lead",
            "created_at": created,
            "updated_at": created,
            "is_deleted": "false",
            "landing_page_id": leads["landing_page_id"],
        }
    )
    activities = pd.DataFrame(
        {
            "activity_id": "form-" + leads["mql_id"],
            "contact_id": leads["mql_id"],
            "activity_type": "form_submit",
            "occurred_at": created,
            "page_url": "https://olist.example/lp/" + leads["landing_page_id"],
            "source_system": "olist",
        }
    )
    won = leads[["mql_id"]].merge(
        closed[["mql_id", "won_date", "declared_monthly_revenue"]], on="mql_id", how="left"
    )
    is_won = won["won_date"].notna()
    deals = pd.DataFrame(
        {
            "deal_id": "deal-" + leads["mql_id"],
            "contact_id": leads["mql_id"],
            "created_at": created,
            "closed_at": pd.to_datetime(won["won_date"]),
            "stage": is_won.map({True: "closed_won", False: "open"}),
            "is_won": is_won.map({True: "true", False: "false"}),
            "amount": won["declared_monthly_revenue"],
        }
    )
    return write_raw(out_dir, {"contacts": contacts, "activities": activities, "deals": deals})


if __name__ == "__main__":
    print(to_raw(Path(sys.argv[1]), Path(sys.argv[2])))
