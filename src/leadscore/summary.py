"""Read the built warehouse and summarise it: leads per grade and MQLs per model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class ModelSummary:
    """Headline figures of one scoring model at the score date."""

    model_id: str
    leads: int
    mqls: int
    disqualified: int
    average_score: float


@dataclass(frozen=True)
class WarehouseSummary:
    """What `make build` prints once the marts are built."""

    score_date: str
    models: list[ModelSummary]
    # (model_id, lead_grade, leads), ordered by model then grade
    grades: list[tuple[str, str, int]]
    # (source_table, raw_rows, staged_rows, quarantined_rows)
    reconciliation: list[tuple[str, int, int, int]]


def summarise(database: Path) -> WarehouseSummary:
    """Query the marts of a built DuckDB warehouse (read-only: a build may follow)."""
    if not database.exists():
        raise FileNotFoundError(f"no warehouse at {database}: run the build first")
    with duckdb.connect(str(database), read_only=True) as con:
        dates = con.execute("select distinct score_date from fct_lead_scores").fetchall()
        score_date = ", ".join(str(row[0]) for row in dates) or "(no scores)"
        models = [
            ModelSummary(str(m), int(n), int(q), int(d), float(a or 0.0))
            for m, n, q, d, a in con.execute(
                """
                select
                    model_id,
                    count(*),
                    count(*) filter (where is_mql),
                    count(*) filter (where is_disqualified),
                    avg(total_score)
                from fct_lead_scores
                group by model_id
                order by model_id
                """
            ).fetchall()
        ]
        grades = [
            (str(m), str(g), int(n))
            for m, g, n in con.execute(
                """
                select model_id, coalesce(lead_grade, '(none)'), count(*)
                from fct_lead_scores
                group by all
                order by 1, 2
                """
            ).fetchall()
        ]
        reconciliation = [
            (str(t), int(r), int(s), int(q))
            for t, r, s, q in con.execute(
                """
                select source_table, raw_rows, staged_rows, quarantined_rows
                from audit_source_reconciliation
                order by source_table
                """
            ).fetchall()
        ]
    return WarehouseSummary(score_date, models, grades, reconciliation)
