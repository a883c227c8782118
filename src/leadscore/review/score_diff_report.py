"""Render a score diff: Markdown for a pull-request comment, JSON for machines."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Sequence

from leadscore.review.score_diff import (
    AccountModelDiff,
    DiffReport,
    ModelDiff,
    Mover,
    RoutingModelDiff,
    SeedDiff,
)

JSON_FORMAT = "leadscore-score-diff/1"
# Contact and company ids listed in the Markdown per list (all of them are in the JSON).
MAX_IDS = 25


def to_json(report: DiffReport) -> str:
    """The whole report; every list complete, models' computed fields included."""
    data = {"format": JSON_FORMAT, **dataclasses.asdict(report)}
    for model, source in zip(data["scores"]["models"], report.scores.models, strict=True):
        model["mql_change_pct"] = _json_number(source.mql_change_pct)
        for mover, mover_source in zip(model["top_movers"], source.top_movers, strict=True):
            mover["delta"] = mover_source.delta
    data["scores"]["leads_changed"] = report.scores.leads_changed
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def _json_number(value: float) -> float | None:
    # JSON has no infinity: an MQL count that starts from zero has no percentage.
    return None if math.isinf(value) else round(value, 2)


def to_markdown(report: DiffReport) -> str:
    scores = report.scores
    parts = [
        f"## Lead score diff: {report.base_ref} → {report.head}",
        "",
        f"Base commit `{report.base_commit[:12]}`; raw data `{report.raw_dir}`; "
        f"score date **{report.score_date}**. Both sides are built by dbt with the working "
        "tree's models: only `seeds/` differs. "
        f"**{scores.leads_changed:,}** lead score(s) changed.",
        "",
        *_rule_changes(report.rule_changes),
        *_summary(scores.models),
        *_distributions(scores.models),
        *_grade_transitions(scores.models),
        *_movers(scores.models),
        *_accounts(scores.accounts),
        *_routing(scores.routing, report.lookback_days),
    ]
    return "\n".join(parts).rstrip() + "\n"


# ---------------------------------------------------------------------------- sections


def _rule_changes(diffs: Sequence[SeedDiff]) -> list[str]:
    lines = ["### Rule changes", ""]
    if not diffs:
        return [*lines, "No seed row changed.", ""]
    lines += ["| file | change | row | column | old | new |", "|---|---|---|---|---|---|"]
    for diff in diffs:
        for edit in diff.edited:
            key = _key(edit.key)
            for change in edit.changes:
                lines.append(
                    _row(
                        diff.file,
                        "edited",
                        key,
                        change.column,
                        _value(change.old),
                        _value(change.new),
                    )
                )
        for row in diff.added:
            lines.append(
                _row(
                    diff.file,
                    "added",
                    _key(row, diff.key_columns),
                    "",
                    "",
                    _fields(row, diff.key_columns),
                )
            )
        for row in diff.removed:
            lines.append(
                _row(
                    diff.file,
                    "removed",
                    _key(row, diff.key_columns),
                    "",
                    _fields(row, diff.key_columns),
                    "",
                )
            )
    return [*lines, ""]


def _summary(models: Sequence[ModelDiff]) -> list[str]:
    lines = [
        "### MQLs and changed scores",
        "",
        "| model | leads | scores changed | MQLs before | MQLs after | change | gained | lost |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for model in models:
        leads = (
            f"{model.leads_after:,}"
            if model.leads_before == model.leads_after
            else f"{model.leads_before:,} → {model.leads_after:,}"
        )
        lines.append(
            _row(
                model.model_id,
                leads,
                f"{model.leads_changed:,}",
                f"{model.mqls_before:,}",
                f"{model.mqls_after:,}",
                _change(model),
                f"{len(model.mqls_gained):,}",
                f"{len(model.mqls_lost):,}",
            )
        )
    lines.append("")
    for model in models:
        for label, ids in (("gained", model.mqls_gained), ("lost", model.mqls_lost)):
            if ids:
                lines += _id_list(f"{model.model_id}: MQLs {label}", ids)
    return lines


def _change(model: ModelDiff) -> str:
    difference = model.mqls_after - model.mqls_before
    if difference == 0:
        return "0"
    pct = model.mql_change_pct
    return f"{difference:+,}" + ("" if math.isinf(pct) else f" ({pct:+.1f}%)")


def _distributions(models: Sequence[ModelDiff]) -> list[str]:
    lines = [
        "### Score distribution (total_score)",
        "",
        "| model | side | p10 | p25 | p50 | p75 | p90 | mean |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    for model in models:
        for side, dist in (("before", model.before), ("after", model.after)):
            values = (dist.p10, dist.p25, dist.p50, dist.p75, dist.p90, dist.mean)
            lines.append(_row(model.model_id, side, *(_number(value) for value in values)))
    return [*lines, ""]


def _grade_transitions(models: Sequence[ModelDiff]) -> list[str]:
    lines = ["### Grade transitions (leads whose lead_grade changed)", ""]
    moved = [
        (model.model_id, cell)
        for model in models
        for cell in model.grade_transitions
        if cell.old_grade != cell.new_grade
    ]
    if not moved:
        return [*lines, "No lead changed grade.", ""]
    lines += ["| model | from | to | leads |", "|---|---|---|--:|"]
    lines += [
        _row(model, cell.old_grade, cell.new_grade, f"{cell.leads:,}") for model, cell in moved
    ]
    kept = {
        model.model_id: sum(c.leads for c in model.grade_transitions if c.old_grade == c.new_grade)
        for model in models
    }
    summary = ", ".join(f"{model} {leads:,}" for model, leads in kept.items())
    return [*lines, "", f"Leads that kept their grade: {summary}.", ""]


def _movers(models: Sequence[ModelDiff]) -> list[str]:
    lines = ["### Top movers", ""]
    if not any(model.top_movers for model in models):
        return [*lines, "No score changed.", ""]
    lines += [
        "| model | contact | score | change | grade | MQL | rules (points before → after) |",
        "|---|---|--:|--:|---|---|---|",
    ]
    for model in models:
        lines += [_mover_row(model.model_id, mover) for mover in model.top_movers]
    return [*lines, ""]


def _mover_row(model_id: str, mover: Mover) -> str:
    grade = (
        mover.new_grade
        if mover.old_grade == mover.new_grade
        else f"{mover.old_grade} → {mover.new_grade}"
    )
    mql = (
        _yes(mover.new_is_mql)
        if mover.old_is_mql == mover.new_is_mql
        else (f"{_yes(mover.old_is_mql)} → {_yes(mover.new_is_mql)}")
    )
    rules = "; ".join(
        f"{rule.rule_id} {_number(rule.old_points)} → {_number(rule.new_points)}"
        for rule in mover.rules
    )
    return _row(
        model_id,
        f"`{mover.contact_id}`",
        f"{_number(mover.old_score)} → {_number(mover.new_score)}",
        _signed(mover.delta),
        grade,
        mql,
        rules,
    )


def _accounts(accounts: Sequence[AccountModelDiff]) -> list[str]:
    lines = [
        "### Account MQLs (fct_account_scores)",
        "",
        "| model | account scores changed | account MQLs before | after | became MQL | stopped |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for account in accounts:
        lines.append(
            _row(
                account.model_id,
                f"{account.accounts_changed:,}",
                f"{account.account_mqls_before:,}",
                f"{account.account_mqls_after:,}",
                f"{len(account.became_mql):,}",
                f"{len(account.stopped_being_mql):,}",
            )
        )
    lines.append("")
    for account in accounts:
        if account.became_mql:
            lines += _id_list(f"{account.model_id}: became account MQLs", account.became_mql)
        if account.stopped_being_mql:
            lines += _id_list(
                f"{account.model_id}: stopped being account MQLs", account.stopped_being_mql
            )
    return lines


def _routing(routing: Sequence[RoutingModelDiff], lookback_days: int) -> list[str]:
    basis = (
        "leads that became MQLs on the score date: MQL on it, not on the day before, "
        "each side scored with its own seeds"
        if lookback_days
        else "no earlier date was scored (--lookback-days 0), so every MQL counts as new"
    )
    lines = [
        "### Routing feed (rpt_leads_to_route)",
        "",
        f"Leads routed to sales on the score date ({basis}).",
        "",
        "| model | routed before | routed after | entering | leaving |",
        "|---|--:|--:|--:|--:|",
    ]
    for model in routing:
        lines.append(
            _row(
                model.model_id,
                f"{model.routed_before:,}",
                f"{model.routed_after:,}",
                f"{len(model.entering):,}",
                f"{len(model.leaving):,}",
            )
        )
    lines.append("")
    for model in routing:
        if model.entering:
            lines += _id_list(f"{model.model_id}: entering the feed", model.entering)
        if model.leaving:
            lines += _id_list(f"{model.model_id}: leaving the feed", model.leaving)
    return lines


# ---------------------------------------------------------------------------- helpers


def _row(*cells: str) -> str:
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _cell(text: str) -> str:
    # A pipe inside a cell (e.g. an `in` rule's value a|b) would split the table.
    return text.replace("|", "\\|").replace("\n", " ")


def _id_list(title: str, ids: Sequence[str]) -> list[str]:
    shown = ", ".join(f"`{value}`" for value in ids[:MAX_IDS])
    more = f" and {len(ids) - MAX_IDS:,} more (see the JSON)" if len(ids) > MAX_IDS else ""
    return [
        f"<details><summary>{title} ({len(ids):,})</summary>",
        "",
        shown + more,
        "",
        "</details>",
        "",
    ]


def _key(values: dict[str, str], columns: Iterable[str] | None = None) -> str:
    names = list(columns) if columns is not None else list(values)
    return " / ".join(values.get(name, "") or "(blank)" for name in names)


def _fields(row: dict[str, str], key_columns: Sequence[str]) -> str:
    return ", ".join(
        f"{column}={value}" for column, value in row.items() if value and column not in key_columns
    )


def _value(value: str | None) -> str:
    if value is None:
        return "(no column)"
    return value or "(blank)"


def _number(value: float | None) -> str:
    if value is None:
        return "n/a"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + _number(value)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
