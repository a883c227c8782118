"""Entry script of the lead desk, run by `streamlit run` (see `leadscore desk`)."""

from __future__ import annotations

import streamlit as st

from leadscore.desk import pages


def main() -> None:
    st.set_page_config(page_title="Lead desk", layout="wide")
    # The default page (Today) is served at the root: /?model=upsell; the others at
    # /lead?contact_id=...&model=... and /health?model=...&population=...&band_type=...
    navigation = st.navigation(
        [
            st.Page(pages.today, title="Today", url_path="today", default=True),
            st.Page(pages.lead, title="Lead", url_path="lead"),
            st.Page(pages.model_health, title="Model health", url_path="health"),
        ]
    )
    navigation.run()


if __name__ == "__main__":
    main()
