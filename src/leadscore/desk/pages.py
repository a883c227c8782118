"""The pages of the lead desk: Today (routing feed), Lead, Model health.

Pages only lay out what `queries` returns. Selections live in the URL's query
parameters (`/?model=default`, `/lead?contact_id=c00000262&model=upsell`), so every view
can be linked to and opened directly.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from leadscore.desk import queries
from leadscore.desk.config import ROLE_ENV, ROUTING_ROLE, DeskConfig

ALL_MODELS = "all models"


def format_points(value: object) -> str:
    """Points as the warehouse stores them (up to 4 decimals), without trailing zeros:
    the numbers on screen are exact and add up exactly."""
    number = queries.to_points(value)
    return "" if number is None else format(number.normalize() + 0, "f")


def _pick(label: str, options: list[str], param: str, default: str | None = None) -> str | None:
    """A select box whose value is kept in the URL's query parameter `param`."""
    if not options:
        return None
    wanted = st.query_params.get(param, default)
    index = options.index(wanted) if wanted in options else 0
    value = st.selectbox(label, options, index=index, key=f"pick_{param}")
    if value is not None:
        st.query_params[param] = str(value)
    return None if value is None else str(value)


def _points_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    shown = frame.copy()
    for column in columns:
        shown[column] = shown[column].map(format_points)
    return shown


def _ready(config: DeskConfig) -> bool:
    if not config.database.exists():
        st.error(
            f"No warehouse at {config.database}: run `make build` first "
            "(or point LEADSCORE_DESK_DATABASE at a built DuckDB file)."
        )
        return False
    return True


def _role_caption(config: DeskConfig) -> None:
    if config.shows_contact_details:
        st.caption(f"Role: {ROUTING_ROLE}. Contact details of routed leads are shown.")
    else:
        st.caption(
            f"Contact ids only. Contact details are shown to the routing role "
            f"({ROLE_ENV}={ROUTING_ROLE})."
        )


def today() -> None:
    config = DeskConfig.from_env()
    st.title("Today: new MQLs to route")
    if not _ready(config):
        return
    st.caption(f"Score date {queries.score_date(config.database)} · rpt_leads_to_route")
    _role_caption(config)
    choice = _pick("Model", [ALL_MODELS, *queries.model_ids(config.database)], "model", "default")
    model_id = None if choice in (None, ALL_MODELS) else choice
    feed = queries.leads_to_route(config.database, model_id)
    if config.shows_contact_details:
        details = queries.routed_contact_details(config.database, model_id)
        feed = feed.merge(details, on=["model_id", "contact_id"], how="left")
        personal = [column for column in queries.PERSONAL_COLUMNS if column in feed]
        feed[personal] = feed[personal].fillna("")
        ordered = ["model_id", "route_rank", "contact_id", *personal]
        feed = feed[ordered + [column for column in feed.columns if column not in ordered]]
    st.metric("Leads to route", len(feed))
    if feed.empty:
        st.info("No lead became an MQL on the score date.")
        return
    shown = _points_columns(feed, ["total_score", "previous_total_score"])
    shown["last_activity_at"] = shown["last_activity_at"].astype(str)
    st.table(shown, hide_index=True)


def lead() -> None:
    config = DeskConfig.from_env()
    st.title("Lead")
    if not _ready(config):
        return
    _role_caption(config)
    contact_ids = queries.contact_ids(config.database)
    left, right = st.columns(2)
    with left:
        contact_id = _pick("Contact id", contact_ids, "contact_id")
    with right:
        model_id = _pick("Model", queries.model_ids(config.database), "model", "default")
    if contact_id is None or model_id is None:
        st.info("No scored contacts in the warehouse.")
        return
    scores = queries.lead_scores(config.database, contact_id)
    today_score = scores[scores["model_id"] == model_id]
    if today_score.empty:
        st.warning(f"{contact_id} has no {model_id} score at the score date.")
        return
    row = today_score.iloc[0]
    columns = st.columns(5)
    columns[0].metric("Score", format_points(row["total_score"]))
    columns[1].metric("MQL threshold", format_points(row["mql_threshold"]))
    columns[2].metric("Grade", str(row["lead_grade"]))
    columns[3].metric("MQL", "yes" if bool(row["is_mql"]) else "no")
    columns[4].metric("Disqualified", "yes" if bool(row["is_disqualified"]) else "no")
    score_date = pd.Timestamp(row["score_date"]).date().isoformat()
    st.caption(f"Score date {score_date} · top reasons: {row['top_reasons']}")
    if config.shows_contact_details:
        _contact_details(config.database, contact_id)

    st.subheader("Score history")
    history = queries.score_history(config.database, contact_id)
    # Lines with points: a lead scored on one date only still shows its score.
    chart = (
        alt.Chart(history.assign(total_score=history["total_score"].astype(float)))
        .mark_line(point=True)
        .encode(
            x=alt.X("score_date:T", title="score date"),
            y=alt.Y("total_score:Q", title="total score"),
            color=alt.Color("model_id:N", title="model"),
            tooltip=["score_date:T", "model_id:N", "total_score:Q", "is_mql:N"],
        )
    )
    st.altair_chart(chart)

    st.subheader(f"Why {format_points(row['total_score'])} points ({model_id})")
    contributions = queries.contributions(config.database, contact_id, model_id)
    total = queries.contributions_total(config.database, contact_id, model_id)
    st.metric("Contributions total", format_points(total if total is not None else 0))
    if contributions.empty:
        st.info("No rule moved this score.")
    else:
        st.table(_points_columns(contributions, ["points_before_caps", "points"]), hide_index=True)

    st.subheader("MQL transitions")
    transitions = queries.mql_transitions(config.database, contact_id)
    if transitions.empty:
        st.info("Never became an MQL, nor fell back, on the score dates built.")
    else:
        shown = _points_columns(
            transitions, ["previous_total_score", "total_score", "mql_threshold"]
        )
        st.table(shown, hide_index=True)

    st.subheader("Account")
    account = queries.account(config.database, contact_id)
    if account.empty:
        st.info("Not in dim_contacts.")
    else:
        pairs = account.iloc[0].astype(str).replace({"None": "", "nan": ""})
        st.table(pairs.rename("value").to_frame())


def _contact_details(database: Path, contact_id: str) -> None:
    """RESTRICTED (routing role only): the contact details of a routed lead."""
    details = queries.routed_contact_details(database, None)
    details = details[details["contact_id"] == contact_id]
    if details.empty:
        st.caption("Not routed today: no contact details (only routed leads have them).")
        return
    first = details.iloc[0]
    shown = {
        column: str(first[column])
        for column in queries.PERSONAL_COLUMNS
        if column in details and pd.notna(first[column])
    }
    st.markdown("**Contact details** · " + " · ".join(f"{k}: {v}" for k, v in shown.items()))


def model_health() -> None:
    config = DeskConfig.from_env()
    st.title("Model health")
    if not _ready(config):
        return
    left, middle, right = st.columns(3)
    with left:
        model_id = _pick("Model", queries.model_ids(config.database), "model", "default")
    with middle:
        population = _pick(
            "Population", queries.populations(config.database), "population", "open_leads"
        )
    with right:
        band_type = _pick("Bands", queries.band_types(config.database), "band_type", "lead_grade")
    if model_id is None or population is None or band_type is None:
        st.info("No evaluation reports: build with history_dates (make build does).")
        return

    st.subheader("Conversion by band")
    bands = queries.band_conversion(config.database, model_id, population, band_type)
    st.caption("rpt_score_band_conversion, pooled over every evaluated score date.")
    st.bar_chart(bands, x="band", y="conversion_rate", y_label="conversion rate")
    rates = bands["conversion_rate"].map(lambda rate: "" if pd.isna(rate) else f"{rate:.1%}")
    st.table(bands.assign(conversion_rate=rates), hide_index=True)

    st.subheader("Threshold curve")
    curve = queries.threshold_curve(config.database, model_id, population)
    configured = curve[curve["is_configured_threshold"]]
    best = curve[curve["is_best_threshold"]]
    st.caption(
        "rpt_threshold_evaluation: precision, recall and F1 of MQL at each threshold. "
        f"Configured: {', '.join(configured['threshold'].map(format_points)) or 'n/a'}; "
        f"best F1: {', '.join(best['threshold'].map(format_points)) or 'n/a'}."
    )
    lines = curve.assign(threshold=curve["threshold"].astype(float))
    st.line_chart(lines, x="threshold", y=["precision", "recall", "f1_score"])

    st.subheader("MQL volume over time")
    volume = queries.mql_volume(config.database)
    st.caption("MQLs per model at every score date built (fct_lead_score_history).")
    st.line_chart(
        volume.pivot(index="score_date", columns="model_id", values="mqls"),
        x_label="score date",
        y_label="MQLs",
    )
