"""What a change to the scoring seeds does to the scores, for review in a pull request.

`run_score_diff` builds the warehouse twice on the same raw data and score date, once
with the base commit's seeds and once with the working tree's, each in its own copy of
the project and its own DuckDB file (`_score_diff_build`). The models, macros and tests
are the working tree's on both sides, so the seeds are the only difference; scoring is
never re-implemented here, dbt computes both sides.

The comparison itself is pure and needs no git or dbt, so it is tested on its own:

- `diff_seeds(base_dir, head_dir)`: rule changes, row by row, by each seed's natural key;
- `compare(base_db, head_db)`: score changes between two built warehouses;
- `mql_gate(scores, max_pct)`: the models whose MQL count moved more than allowed.

`leadscore.review.score_diff_report` renders the result as Markdown (a PR comment) and JSON.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from leadscore import project_builds as build
from leadscore.review.seed_validation import SeedRow, default_raw_format, read_csv

# The natural key of each scoring seed: what identifies "the same row" on both sides.
SEED_KEYS: dict[str, tuple[str, ...]] = {
    "scoring_models": ("model_id",),
    "fit_rules": ("model_id", "rule_id"),
    "engagement_rules": ("model_id", "rule_id"),
    "engagement_rule_groups": ("model_id", "group_id"),
    "composite_model_components": ("model_id", "component_model_id"),
    "account_scoring_rules": ("model_id",),
    "grade_bands": ("model_id", "dimension", "grade"),
    "decay_schedule": ("model_id", "inactive_days"),
    "scoring_lists": ("list_name", "value"),
}
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
# Scores are decimal(18,4); quantiles interpolate in floating point, so round back.
DECIMALS = 4


# ------------------------------------------------------------------------ rule changes


@dataclass(frozen=True)
class ValueChange:
    column: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class RowEdit:
    key: dict[str, str]
    changes: list[ValueChange]


@dataclass(frozen=True)
class SeedDiff:
    """Row changes of one seed file, rows matched by the seed's natural key."""

    seed: str
    file: str
    key_columns: list[str]
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    edited: list[RowEdit] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.edited)


def diff_seeds(base_dir: Path, head_dir: Path, label: str = "seeds") -> list[SeedDiff]:
    """The changed rows of every seed CSV under either directory (a seed path of each
    side, named `label` in the report); unchanged files are left out.

    Values compare trimmed, as staging reads them; keys also case-insensitively, so
    re-casing a code is an edit of the row, not a removal plus an addition."""
    files = sorted(
        {
            path.relative_to(root).as_posix()
            for root in (base_dir, head_dir)
            for path in root.rglob("*.csv")
        }
    )
    diffs = [
        _diff_seed(file, base_dir / file, head_dir / file, f"{label}/{file}") for file in files
    ]
    return [diff for diff in diffs if diff.changed]


def _diff_seed(file: str, base_path: Path, head_path: Path, shown: str) -> SeedDiff:
    name = Path(file).stem
    base_header, base_rows = _seed_rows(base_path)
    head_header, head_rows = _seed_rows(head_path)
    key_columns = list(SEED_KEYS.get(name, ()))
    if not key_columns:
        # A seed this tool does not know: the whole row is its key (added/removed only).
        key_columns = list(dict.fromkeys([*base_header, *head_header]))
    base, head = _keyed(base_rows, key_columns), _keyed(head_rows, key_columns)
    columns = list(dict.fromkeys([*base_header, *head_header]))
    diff = SeedDiff(name, shown, key_columns)
    for key, row in head.items():
        if key not in base:
            diff.added.append(dict(row))
            continue
        changes = [
            ValueChange(column, base[key].get(column), row.get(column))
            for column in columns
            if base[key].get(column) != row.get(column)
        ]
        if changes:
            diff.edited.append(RowEdit(_key_values(row, key_columns), changes))
    diff.removed.extend(dict(row) for key, row in base.items() if key not in head)
    return diff


def _seed_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        return [], []
    parsed = read_csv(path)
    return list(parsed.header), [_trimmed(row) for row in parsed.rows]


def _trimmed(row: SeedRow) -> dict[str, str]:
    return {column: value.strip() for column, value in row.values.items()}


def _keyed(
    rows: list[dict[str, str]], key_columns: list[str]
) -> dict[tuple[str, ...], dict[str, str]]:
    """Rows by normalised key; a repeated key (an invalid seed) gets an ordinal so that
    no row is silently dropped from the diff."""
    keyed: dict[tuple[str, ...], dict[str, str]] = {}
    seen: Counter[tuple[str, ...]] = Counter()
    for row in rows:
        key = tuple(row.get(column, "").lower() for column in key_columns)
        seen[key] += 1
        keyed[(*key, f"#{seen[key]}") if seen[key] > 1 else key] = row
    return keyed


def _key_values(row: dict[str, str], key_columns: list[str]) -> dict[str, str]:
    return {column: row.get(column, "") for column in key_columns}


# ----------------------------------------------------------------------- score changes


@dataclass(frozen=True)
class Distribution:
    """Quantiles (linear interpolation, as numpy's default) and mean of total_score."""

    p10: float | None
    p25: float | None
    p50: float | None
    p75: float | None
    p90: float | None
    mean: float | None


@dataclass(frozen=True)
class GradeTransition:
    old_grade: str
    new_grade: str
    leads: int


@dataclass(frozen=True)
class RuleChange:
    """A rule's points for one lead on each side (None: the rule did not contribute)."""

    rule_id: str
    old_points: float | None
    new_points: float | None


@dataclass(frozen=True)
class Mover:
    contact_id: str
    old_score: float
    new_score: float
    old_grade: str
    new_grade: str
    old_is_mql: bool
    new_is_mql: bool
    rules: list[RuleChange]

    @property
    def delta(self) -> float:
        return round(self.new_score - self.old_score, DECIMALS)


@dataclass(frozen=True)
class ModelDiff:
    """fct_lead_scores of one model, base vs head (contact_id is the key)."""

    model_id: str
    leads_before: int
    leads_after: int
    leads_changed: int
    mqls_before: int
    mqls_after: int
    mqls_gained: list[str]
    mqls_lost: list[str]
    before: Distribution
    after: Distribution
    # Every non-zero cell, diagonal included, for leads scored on both sides.
    grade_transitions: list[GradeTransition]
    top_movers: list[Mover]

    @property
    def mql_change_pct(self) -> float:
        """Relative change of the MQL count (infinite when it starts from zero)."""
        if self.mqls_before == 0:
            return 0.0 if self.mqls_after == 0 else math.inf
        return 100.0 * (self.mqls_after - self.mqls_before) / self.mqls_before


@dataclass(frozen=True)
class AccountModelDiff:
    """fct_account_scores of one model (company_id is the key)."""

    model_id: str
    accounts_changed: int
    account_mqls_before: int
    account_mqls_after: int
    became_mql: list[str]
    stopped_being_mql: list[str]


@dataclass(frozen=True)
class RoutingModelDiff:
    """rpt_leads_to_route of one model (contact_id is the key)."""

    model_id: str
    routed_before: int
    routed_after: int
    entering: list[str]
    leaving: list[str]


@dataclass(frozen=True)
class ScoreDiff:
    score_date: str
    models: list[ModelDiff]
    accounts: list[AccountModelDiff]
    routing: list[RoutingModelDiff]

    @property
    def leads_changed(self) -> int:
        return sum(model.leads_changed for model in self.models)


def compare(base_db: Path, head_db: Path, top: int = 10) -> ScoreDiff:
    """Compare the marts of two built warehouses (opened read-only, never written)."""
    for path in (base_db, head_db):
        if not path.is_file():
            raise FileNotFoundError(f"no warehouse at {path}")
    with duckdb.connect() as con:
        for alias, path in (("base", base_db), ("head", head_db)):
            escaped = str(path).replace("'", "''")
            con.execute(f"attach '{escaped}' as {alias} (read_only)")
        score_date = _score_date(con)
        _create_lead_pairs(con)
        return ScoreDiff(
            score_date=score_date,
            models=_model_diffs(con, top),
            accounts=_account_diffs(con),
            routing=_routing_diffs(con),
        )


def _score_date(con: duckdb.DuckDBPyConnection) -> str:
    """Both sides must score the same date, or the comparison means nothing."""
    dates = {
        alias: [str(row[0]) for row in con.execute(_SCORE_DATES.format(side=alias)).fetchall()]
        for alias in ("base", "head")
    }
    if dates["base"] != dates["head"] or len(dates["base"]) > 1:
        raise ValueError(f"the two warehouses score different dates: {dates}")
    return dates["base"][0] if dates["base"] else ""


_SCORE_DATES = "select distinct score_date from {side}.main.fct_lead_scores order by 1"


def _create_lead_pairs(con: duckdb.DuckDBPyConnection) -> None:
    # One row per (model, contact) scored on either side; scores stay decimal here,
    # so "changed" is exact, and become double only for quantiles and output.
    con.execute(
        """
        create temp table lead_pairs as
        select
            coalesce(base_scores.model_id, head_scores.model_id) as model_id,
            coalesce(base_scores.contact_id, head_scores.contact_id) as contact_id,
            base_scores.contact_id is not null as in_base,
            head_scores.contact_id is not null as in_head,
            base_scores.total_score as old_score,
            head_scores.total_score as new_score,
            coalesce(base_scores.lead_grade, '(none)') as old_grade,
            coalesce(head_scores.lead_grade, '(none)') as new_grade,
            coalesce(base_scores.is_mql, false) as old_mql,
            coalesce(head_scores.is_mql, false) as new_mql
        from base.main.fct_lead_scores as base_scores
        full outer join head.main.fct_lead_scores as head_scores
            on
                base_scores.model_id = head_scores.model_id
                and base_scores.contact_id = head_scores.contact_id
        """
    )


def _model_diffs(con: duckdb.DuckDBPyConnection, top: int) -> list[ModelDiff]:
    gained = _ids_by_model(
        con,
        "select model_id, contact_id from lead_pairs where new_mql and not old_mql order by all",
    )
    lost = _ids_by_model(
        con,
        "select model_id, contact_id from lead_pairs where old_mql and not new_mql order by all",
    )
    transitions = _grade_transitions(con)
    movers = _top_movers(con, top)
    rows = con.execute(
        """
        select
            model_id,
            count(*) filter (where in_base),
            count(*) filter (where in_head),
            count(*) filter (where in_base and in_head and old_score <> new_score),
            count(*) filter (where old_mql),
            count(*) filter (where new_mql),
            quantile_cont(old_score::double, $quantiles),
            avg(old_score::double),
            quantile_cont(new_score::double, $quantiles),
            avg(new_score::double)
        from lead_pairs
        group by model_id
        order by model_id
        """,
        {"quantiles": list(QUANTILES)},
    ).fetchall()
    return [
        ModelDiff(
            model_id=str(model),
            leads_before=int(before),
            leads_after=int(after),
            leads_changed=int(changed),
            mqls_before=int(mqls_before),
            mqls_after=int(mqls_after),
            mqls_gained=gained.get(str(model), []),
            mqls_lost=lost.get(str(model), []),
            before=_distribution(old_quantiles, old_mean),
            after=_distribution(new_quantiles, new_mean),
            grade_transitions=transitions.get(str(model), []),
            top_movers=movers.get(str(model), []),
        )
        for (
            model,
            before,
            after,
            changed,
            mqls_before,
            mqls_after,
            old_quantiles,
            old_mean,
            new_quantiles,
            new_mean,
        ) in rows
    ]


def _distribution(quantiles: list[float] | None, mean: float | None) -> Distribution:
    p10, p25, p50, p75, p90 = [_rounded(q) for q in quantiles] if quantiles else [None] * 5
    return Distribution(p10, p25, p50, p75, p90, _rounded(mean))


def _rounded(value: object) -> float | None:
    return None if value is None else round(float(str(value)), DECIMALS)


def _ids_by_model(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for model, key in con.execute(sql).fetchall():
        grouped[str(model)].append(str(key))
    return dict(grouped)


def _grade_transitions(con: duckdb.DuckDBPyConnection) -> dict[str, list[GradeTransition]]:
    grouped: dict[str, list[GradeTransition]] = defaultdict(list)
    rows = con.execute(
        """
        select model_id, old_grade, new_grade, count(*)
        from lead_pairs
        where in_base and in_head
        group by all
        order by all
        """
    ).fetchall()
    for model, old, new, leads in rows:
        grouped[str(model)].append(GradeTransition(str(old), str(new), int(leads)))
    return dict(grouped)


def _top_movers(con: duckdb.DuckDBPyConnection, top: int) -> dict[str, list[Mover]]:
    # Largest absolute change first; among equal changes, leads whose MQL flag flipped
    # (what a reviewer most wants to see), then the contact id, so the list is stable.
    con.execute(
        """
        create temp table movers as
        select
            *,
            row_number() over (
                partition by model_id
                order by abs(new_score - old_score) desc, old_mql = new_mql, contact_id
            ) as mover_rank
        from lead_pairs
        where in_base and in_head and old_score <> new_score
        qualify mover_rank <= $top
        """,
        {"top": top},
    )
    rules = _mover_rule_changes(con)
    grouped: dict[str, list[Mover]] = defaultdict(list)
    rows = con.execute(
        """
        select model_id, contact_id, old_score, new_score, old_grade, new_grade, old_mql, new_mql
        from movers
        order by model_id, mover_rank
        """
    ).fetchall()
    for model, contact, old, new, old_grade, new_grade, old_mql, new_mql in rows:
        grouped[str(model)].append(
            Mover(
                contact_id=str(contact),
                old_score=float(old),
                new_score=float(new),
                old_grade=str(old_grade),
                new_grade=str(new_grade),
                old_is_mql=bool(old_mql),
                new_is_mql=bool(new_mql),
                rules=rules.get((str(model), str(contact)), []),
            )
        )
    return dict(grouped)


def _mover_rule_changes(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[RuleChange]]:
    """fct_lead_score_contributions of each mover, base vs head: the rules whose
    points differ (decay is the rule `_decay`, composites `<component>.<rule>`)."""
    rows = con.execute(
        """
        with base_rules as (
            select contributions.*
            from base.main.fct_lead_score_contributions as contributions
            semi join movers using (model_id, contact_id)
        ),
        head_rules as (
            select contributions.*
            from head.main.fct_lead_score_contributions as contributions
            semi join movers using (model_id, contact_id)
        )
        select
            coalesce(base_rules.model_id, head_rules.model_id) as model_id,
            coalesce(base_rules.contact_id, head_rules.contact_id) as contact_id,
            coalesce(base_rules.rule_id, head_rules.rule_id) as rule_id,
            base_rules.points,
            head_rules.points
        from base_rules
        full outer join head_rules
            on
                base_rules.model_id = head_rules.model_id
                and base_rules.contact_id = head_rules.contact_id
                and base_rules.rule_id = head_rules.rule_id
        where base_rules.points is distinct from head_rules.points
        order by all
        """
    ).fetchall()
    grouped: dict[tuple[str, str], list[RuleChange]] = defaultdict(list)
    for model, contact, rule, old, new in rows:
        grouped[(str(model), str(contact))].append(
            RuleChange(str(rule), _rounded(old), _rounded(new))
        )
    return dict(grouped)


def _account_diffs(con: duckdb.DuckDBPyConnection) -> list[AccountModelDiff]:
    con.execute(
        """
        create temp table account_pairs as
        select
            coalesce(base_accounts.model_id, head_accounts.model_id) as model_id,
            coalesce(base_accounts.company_id, head_accounts.company_id) as company_id,
            base_accounts.account_score is distinct from head_accounts.account_score
                as is_changed,
            coalesce(base_accounts.is_account_mql, false) as old_mql,
            coalesce(head_accounts.is_account_mql, false) as new_mql
        from base.main.fct_account_scores as base_accounts
        full outer join head.main.fct_account_scores as head_accounts
            on
                base_accounts.model_id = head_accounts.model_id
                and base_accounts.company_id = head_accounts.company_id
        """
    )
    became = _ids_by_model(
        con,
        "select model_id, company_id from account_pairs where new_mql and not old_mql order by all",
    )
    stopped = _ids_by_model(
        con,
        "select model_id, company_id from account_pairs where old_mql and not new_mql order by all",
    )
    rows = con.execute(
        """
        select
            model_id,
            count(*) filter (where is_changed),
            count(*) filter (where old_mql),
            count(*) filter (where new_mql)
        from account_pairs
        group by model_id
        order by model_id
        """
    ).fetchall()
    return [
        AccountModelDiff(
            str(model),
            int(changed),
            int(before),
            int(after),
            became.get(str(model), []),
            stopped.get(str(model), []),
        )
        for model, changed, before, after in rows
    ]


def _routing_diffs(con: duckdb.DuckDBPyConnection) -> list[RoutingModelDiff]:
    con.execute(
        """
        create temp table route_pairs as
        select
            coalesce(base_routes.model_id, head_routes.model_id) as model_id,
            coalesce(base_routes.contact_id, head_routes.contact_id) as contact_id,
            base_routes.contact_id is not null as in_base,
            head_routes.contact_id is not null as in_head
        from base.main.rpt_leads_to_route as base_routes
        full outer join head.main.rpt_leads_to_route as head_routes
            on
                base_routes.model_id = head_routes.model_id
                and base_routes.contact_id = head_routes.contact_id
        """
    )
    entering = _ids_by_model(
        con,
        "select model_id, contact_id from route_pairs where in_head and not in_base order by all",
    )
    leaving = _ids_by_model(
        con,
        "select model_id, contact_id from route_pairs where in_base and not in_head order by all",
    )
    # Every scored model gets a row, also when neither side routes anyone.
    rows = con.execute(
        """
        select
            models.model_id,
            count(*) filter (where route_pairs.in_base),
            count(*) filter (where route_pairs.in_head)
        from (select distinct model_id from lead_pairs) as models
        left join route_pairs
            on models.model_id = route_pairs.model_id
        group by models.model_id
        order by models.model_id
        """
    ).fetchall()
    return [
        RoutingModelDiff(
            str(model),
            int(before),
            int(after),
            entering.get(str(model), []),
            leaving.get(str(model), []),
        )
        for model, before, after in rows
    ]


# --------------------------------------------------------------------------- the gate


def mql_gate(scores: ScoreDiff, max_pct: float) -> list[str]:
    """One line per model whose MQL count changed by more than max_pct percent."""
    return [
        f"{model.model_id}: MQLs {model.mqls_before} -> {model.mqls_after} "
        f"({_signed_pct(model.mql_change_pct)}, limit {max_pct:g}%)"
        for model in scores.models
        if abs(model.mql_change_pct) > max_pct
    ]


def _signed_pct(pct: float) -> str:
    return "from zero" if math.isinf(pct) else f"{pct:+.1f}%"


# ------------------------------------------------------------------------ the report


@dataclass(frozen=True)
class DiffReport:
    """Everything score-diff found: inputs, rule changes and score changes."""

    base_ref: str
    base_commit: str
    head: str
    raw_dir: str
    score_date: str
    lookback_days: int
    rule_changes: list[SeedDiff]
    scores: ScoreDiff
    build_seconds: dict[str, float] = field(default_factory=dict)
    work_dir: str | None = None


Progress = Callable[[str], None]


# base resolved; per side, build started and finished; comparing
PROGRESS_STEPS = 6


def run_score_diff(
    project_dir: Path,
    raw_dir: Path,
    *,
    base: str | None = None,
    score_date: date | None = None,
    work_dir: Path,
    top: int = 10,
    lookback_days: int = 1,
    threads: int = 2,
    progress: Progress = lambda message: None,
) -> DiffReport:
    """Build both sides in work_dir (two projects, two DuckDB files) and compare them.
    Announces PROGRESS_STEPS steps through `progress`."""
    resolved = build.resolve_base(project_dir, base)
    progress(f"base: {resolved.description} ({resolved.commit[:12]})")
    day = score_date or build.latest_activity_date(raw_dir, default_raw_format())
    sides = build.prepare_projects(project_dir, resolved.commit, work_dir)
    seconds: dict[str, float] = {}
    # The working tree first: a bad seed is most likely there, and fails the run sooner.
    for side in reversed(sides):
        progress(f"dbt build with the {side.label} seeds (score date {day})")
        seconds[side.name] = build.build_warehouse(
            side, raw_dir, day, lookback_days=lookback_days, threads=threads
        )
        progress(f"built the {side.label} seeds in {seconds[side.name]:.1f}s")
    base_side, head_side = sides
    progress("comparing")
    return DiffReport(
        base_ref=resolved.description,
        base_commit=resolved.commit,
        head="working tree",
        raw_dir=str(raw_dir),
        score_date=day.isoformat(),
        lookback_days=lookback_days,
        rule_changes=[
            change
            for path in base_side.seed_paths
            for change in diff_seeds(
                base_side.project_dir / path, head_side.project_dir / path, path
            )
        ],
        scores=compare(base_side.database, head_side.database, top),
        build_seconds=seconds,
    )
