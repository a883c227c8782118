"""What `leadscore suggest-weights` learns: rule weights fitted jointly, safely, with
new rules proposed, and the MQL threshold recalibrated.

Read from a built warehouse, for one scoring model, one population and a training window
of score dates (given on the command line, so no back-dated build is needed):

- the lead-dates and their outcomes (`int_lead_outcomes_populated`);
- which of the model's rules moved each lead on that date
  (`int_score_contributions_composited`, points != 0), as indicators;
- candidate new rules, as indicators too: an engagement rule per activity type that no
  rule of the model scores ("did it in the last 30 days", `int_lead_activity_features_counted`),
  one per frequent first URL path segment of an activity type that no rule scores with
  that pattern ("a page under /pricing in the last 30 days", `stg_marketing__activities`),
  and fit rules on contact and company attributes, custom columns included (`eq` on each
  frequent value but the most frequent one, `between` on each quartile of a numeric
  column).

One L1-regularised logistic regression on all indicators at once, so a rule gets the
weight it adds given the others (a page-view rule is not credited with what pricing-page
views or lead age do). Per rule: support (lead-dates it fired on), conversion when fired,
the coefficient and a bootstrap interval. Safety rules:

- a rule without contrast (fired on fewer than `min_support` lead-dates, or on all but
  fewer than that) gets no weight: its points are left as they are; so are the points of
  a rule whose bootstrap interval includes 0 (no evidence either way);
- a suggestion never flips the sign of a rule's points unless `allow_sign_flips`; every
  flip the data would want is listed either way;
- a new rule is proposed only when its bootstrap interval excludes 0;
- disqualifying rules are never reweighted.

Points are the coefficients scaled so that the model's reweighted rules keep their total
absolute points (10 points per unit of log odds when fewer than 3 of its rules have
evidence). The threshold is then set on the training window (keep today's MQL volume by
default, the best F1 when there is no MQL today, or reach a target precision or recall)
from the candidate scores,
computed as today's total with each rule's contribution rescaled, the new rules added and
the sum clamped to the model's floor and cap (exact for rules without group caps,
occurrence limits reached or decay; those make it an estimate; `leadscore evaluate
--seeds-dir` rebuilds with the candidate seeds for the exact figures).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

import duckdb
import numpy as np

from leadscore.evaluation.predictive import ALWAYS_EXCLUDED

CANDIDATE_WINDOW_DAYS: Final = 30
MIN_SUPPORT: Final = 30
MAX_VALUES_PER_ATTRIBUTE: Final = 12
MAX_URL_PATTERNS: Final = 20
DUPLICATE_AGREEMENT: Final = 0.99
BOOTSTRAP_ROUNDS: Final = 20
# An 80% bootstrap interval: with an L1 penalty a weak rule's coefficient is exactly 0 in
# a good share of the draws, so a 90% one would hold back almost every rule.
INTERVAL: Final = (0.1, 0.9)
# L1 strength on 0/1 indicators: small enough that rules with little evidence stay at 0.
REGULARIZATION_C: Final = 0.1
MIN_RULES_FOR_SCALE: Final = 3
POINTS_PER_LOG_ODDS: Final = 10.0


class LearningError(Exception):
    """Nothing to learn from (no rows, no conversions, no such model)."""


@dataclass(frozen=True)
class Candidate:
    """One indicator: an existing rule, or a proposed engagement or fit rule."""

    key: str
    kind: str  # 'rule' | 'new_engagement' | 'new_fit'
    rule_id: str
    rule_type: str  # 'fit' | 'engagement'
    current_points: float | None
    fields: dict[str, str] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True)
class RuleFinding:
    candidate: Candidate
    support: int
    conversions: int
    conversion_rate: float | None
    coefficient: float | None
    interval: tuple[float, float] | None
    suggested_points: float | None
    # reweighted, unchanged, no_evidence, no_contrast, duplicates_rule, sign_flip_held,
    # flipped, proposed, not_proposed
    status: str


@dataclass(frozen=True)
class ThresholdChange:
    current: float
    suggested: float
    mode: str
    mqls_now: int
    mqls_candidate: int
    precision_now: float | None
    precision_candidate: float | None
    recall_now: float | None
    recall_candidate: float | None


@dataclass(frozen=True)
class Comparison:
    """Current vs candidate seeds on the holdout window (candidate scores estimated)."""

    window: tuple[date, date]
    rows: int
    conversions: int
    auc_now: float | None
    auc_candidate: float | None
    mqls_now: int
    mqls_candidate: int
    precision_now: float | None
    precision_candidate: float | None
    recall_now: float | None
    recall_candidate: float | None


@dataclass(frozen=True)
class LearnedWeights:
    model_id: str
    population: str
    window: tuple[date, date]
    rows: int
    conversions: int
    findings: list[RuleFinding]
    threshold: ThresholdChange
    comparison: Comparison | None

    @property
    def flips_wanted(self) -> list[RuleFinding]:
        return [f for f in self.findings if f.status in ("sign_flip_held", "flipped")]


@dataclass(frozen=True)
class _Data:
    keys: list[tuple[date, str]]
    labels: np.ndarray
    total: np.ndarray
    indicators: np.ndarray  # rows x candidates, 0/1
    contributions: np.ndarray  # rows x candidates, points of existing rules
    is_disqualified: np.ndarray


def _window_rows(
    con: duckdb.DuckDBPyConnection, model_id: str, population: str, window: tuple[date, date]
) -> list[tuple[Any, ...]]:
    return con.execute(
        """
        select score_date, contact_id, is_converted, cast(total_score as double), is_disqualified
        from int_lead_outcomes_populated
        where
            model_id = ? and population = ? and score_date between ? and ?
            and score_date in (select distinct score_date from int_score_contributions_composited)
        order by score_date, contact_id
        """,
        [model_id, population, window[0], window[1]],
    ).fetchall()


def _candidates(
    con: duckdb.DuckDBPyConnection, model_id: str, window: tuple[date, date]
) -> list[Candidate]:
    candidates = [
        Candidate(f"rule:{rule_id}", "rule", rule_id, rule_type, float(points))
        for rule_id, rule_type, points in con.execute(
            """
            select rule_id, 'fit', points from stg_scoring_config__fit_rules
            where model_id = ? and not is_disqualifying
            union all
            select rule_id, 'engagement', points from stg_scoring_config__engagement_rules
            where model_id = ? and not is_disqualifying
            order by 1
            """,
            [model_id, model_id],
        ).fetchall()
    ]
    scored_types = {
        str(row[0])
        for row in con.execute(
            "select distinct activity_type from stg_scoring_config__engagement_rules"
            " where model_id = ?",
            [model_id],
        ).fetchall()
    }
    for (activity_type,) in con.execute(
        "select distinct activity_type from int_lead_activity_features_counted"
        " where score_date between ? and ? order by 1",
        list(window),
    ).fetchall():
        if activity_type in scored_types:
            continue
        candidates.append(
            Candidate(
                f"activity:{activity_type}",
                "new_engagement",
                _rule_id("eng", activity_type),
                "engagement",
                None,
                {
                    "activity_type": str(activity_type),
                    "min_occurrences": "1",
                    "max_occurrences": "1",
                    "window_days": str(CANDIDATE_WINDOW_DAYS),
                },
                f"Proposed: {activity_type} in the last {CANDIDATE_WINDOW_DAYS} days",
            )
        )
    candidates += _url_candidates(con, model_id, window)
    candidates += _attribute_candidates(con)
    return candidates


# The first path segment of a page URL: '/pricing' of https://x.example/pricing/team.
_URL_SEGMENT = "regexp_extract(lower(page_url), '^[a-z]+://[^/]+(/[^/?#]+)', 1)"


def _url_candidates(
    con: duckdb.DuckDBPyConnection, model_id: str, window: tuple[date, date]
) -> list[Candidate]:
    """An engagement rule per frequent (activity type, first URL path segment) that no
    rule of the model scores with that pattern: 'a page under /pricing in 30 days'."""
    taken = {
        (str(t), str(p or ""))
        for t, p in con.execute(
            "select activity_type, url_pattern from stg_scoring_config__engagement_rules"
            " where model_id = ?",
            [model_id],
        ).fetchall()
    }
    rows = con.execute(
        f"""
        with pages as (
            select activity_type, {_URL_SEGMENT} as segment
            from stg_marketing__activities
            where
                page_url is not null
                and occurred_date between ? - interval {CANDIDATE_WINDOW_DAYS} day and ?
        )
        select activity_type, segment, count(*) as n
        from pages
        where segment != ''
        group by activity_type, segment
        having count(*) >= ?
        order by n desc, activity_type, segment
        limit ?
        """,
        [window[0], window[1], MIN_SUPPORT, MAX_URL_PATTERNS],
    ).fetchall()
    found = []
    for activity_type, segment, _ in rows:
        pattern = f"%{segment}%"
        if (str(activity_type), pattern) in taken:
            continue
        found.append(
            Candidate(
                f"url:{activity_type}:{pattern}",
                "new_engagement",
                _rule_id("eng", str(activity_type), str(segment)),
                "engagement",
                None,
                {
                    "activity_type": str(activity_type),
                    "url_pattern": pattern,
                    "min_occurrences": "1",
                    "max_occurrences": "1",
                    "window_days": str(CANDIDATE_WINDOW_DAYS),
                },
                f"Proposed: {activity_type} on {segment} in the last {CANDIDATE_WINDOW_DAYS} days",
            )
        )
    return found


def _rule_id(prefix: str, *parts: str) -> str:
    text = "_".join(parts).lower()
    cleaned = "_".join(
        part for part in "".join(ch if ch.isalnum() else "_" for ch in text).split("_") if part
    )
    return f"{prefix}_{cleaned}"[:60]


def _attribute_candidates(con: duckdb.DuckDBPyConnection) -> list[Candidate]:
    columns = [
        str(row[0])
        for row in con.execute(
            "select column_name from information_schema.columns"
            " where table_name = 'int_contacts_enriched' order by ordinal_position"
        ).fetchall()
    ]
    found: list[Candidate] = []
    for column in columns:
        if column.lower() in ALWAYS_EXCLUDED or column in ("has_known_company",):
            continue
        quoted = '"' + column.replace('"', '""') + '"'
        values = con.execute(
            f"""
            select lower(trim(cast({quoted} as varchar))) as value, count(*) as n,
                try_cast(lower(trim(cast({quoted} as varchar))) as double) as number
            from int_contacts_enriched
            where {quoted} is not null and trim(cast({quoted} as varchar)) != ''
            group by 1
            order by n desc, value
            """
        ).fetchall()
        if len(values) < 2:
            continue
        present = sum(int(n) for _, n, _ in values)
        if len(values) > 50 and len(values) > 0.5 * present:
            continue  # identifies people (names, emails), not a kind of lead
        if all(number is not None for _, _, number in values) and len(values) > 4:
            numbers = np.repeat(
                [float(number) for _, _, number in values], [int(n) for _, n, _ in values]
            )
            edges = np.unique(np.quantile(numbers, [0, 0.25, 0.5, 0.75, 1]))
            for low, high in itertools.pairwise(edges):
                found.append(
                    Candidate(
                        f"attribute:{column}:{low:g}..{high:g}",
                        "new_fit",
                        _rule_id("fit", column, f"{low:g}", f"{high:g}"),
                        "fit",
                        None,
                        {"attribute": column, "operator": "between", "value": f"{low:g}|{high:g}"},
                        f"Proposed: {column} between {low:g} and {high:g}",
                    )
                )
            continue
        # the most frequent value is the reference: a rule on "the usual lead" says
        # nothing the others do not (with two values they would be each other's mirror)
        for value, _, _ in values[1 : MAX_VALUES_PER_ATTRIBUTE + 1]:
            found.append(
                Candidate(
                    f"attribute:{column}={value}",
                    "new_fit",
                    _rule_id("fit", column, str(value)),
                    "fit",
                    None,
                    {"attribute": column, "operator": "eq", "value": str(value)},
                    f"Proposed: {column} is {value}",
                )
            )
    return found


def _load(
    con: duckdb.DuckDBPyConnection,
    model_id: str,
    population: str,
    window: tuple[date, date],
    candidates: Sequence[Candidate],
) -> _Data:
    rows = _window_rows(con, model_id, population, window)
    keys = [(r[0], str(r[1])) for r in rows]
    index = {key: i for i, key in enumerate(keys)}
    column = {c.key: j for j, c in enumerate(candidates)}
    indicators = np.zeros((len(rows), len(candidates)), dtype=np.float64)
    contributions = np.zeros_like(indicators)
    for score_date, contact_id, rule_id, points in con.execute(
        """
        select score_date, contact_id, rule_id, sum(cast(points as double))
        from int_score_contributions_composited
        where model_id = ? and component_model_id is null and score_date between ? and ?
            and points != 0
        group by all
        """,
        [model_id, *window],
    ).fetchall():
        i = index.get((score_date, str(contact_id)))
        j = column.get(f"rule:{rule_id}")
        if i is not None and j is not None:
            indicators[i, j] = 1.0
            contributions[i, j] = float(points)
    for score_date, contact_id, activity_type in con.execute(
        f"""
        select score_date, contact_id, activity_type from int_lead_activity_features_counted
        where score_date between ? and ? and days_since_last < {CANDIDATE_WINDOW_DAYS}
        """,
        list(window),
    ).fetchall():
        i = index.get((score_date, str(contact_id)))
        j = column.get(f"activity:{activity_type}")
        if i is not None and j is not None:
            indicators[i, j] = 1.0
    patterns = [
        (j, c.fields["activity_type"], c.fields["url_pattern"])
        for j, c in enumerate(candidates)
        if c.key.startswith("url:")
    ]
    if patterns and keys:
        con.execute("create or replace temp table wanted_dates (score_date date)")
        con.executemany(
            "insert into wanted_dates values (?)", [[d] for d in sorted({k[0] for k in keys})]
        )
        con.execute(
            "create or replace temp table url_candidates (j integer, activity_type varchar,"
            " url_pattern varchar)"
        )
        con.executemany("insert into url_candidates values (?, ?, ?)", patterns)
        # the same test as the rule would apply: a case-insensitive LIKE on the page,
        # an activity on one of the window's days up to the score date
        for score_date, contact_id, j in con.execute(
            f"""
            select distinct wanted_dates.score_date, activities.contact_id, url_candidates.j
            from stg_marketing__activities as activities
            inner join url_candidates
                on
                    activities.activity_type = url_candidates.activity_type
                    and lower(activities.page_url) like url_candidates.url_pattern
            inner join wanted_dates
                on
                    activities.occurred_date <= wanted_dates.score_date
                    and activities.occurred_date
                        > wanted_dates.score_date - interval {CANDIDATE_WINDOW_DAYS} day
            """
        ).fetchall():
            i = index.get((score_date, str(contact_id)))
            if i is not None:
                indicators[i, int(j)] = 1.0
    contact_rows: dict[str, list[int]] = {}
    for i, (_, contact_id) in enumerate(keys):
        contact_rows.setdefault(contact_id, []).append(i)
    for j, candidate in enumerate(candidates):
        if candidate.kind != "new_fit":
            continue
        attribute = candidate.fields["attribute"]
        quoted = '"' + attribute.replace('"', '""') + '"'
        text = f"lower(trim(cast({quoted} as varchar)))"
        if candidate.fields["operator"] == "eq":
            matches = con.execute(
                f"select contact_id from int_contacts_enriched where {text} = ?",
                [candidate.fields["value"]],
            ).fetchall()
        else:
            low, high = (float(v) for v in candidate.fields["value"].split("|"))
            matches = con.execute(
                f"select contact_id from int_contacts_enriched"
                f" where try_cast({text} as double) between ? and ?",
                [low, high],
            ).fetchall()
        for (contact_id,) in matches:
            for i in contact_rows.get(str(contact_id), []):
                indicators[i, j] = 1.0
    return _Data(
        keys=keys,
        labels=np.array([bool(r[2]) for r in rows], dtype=np.bool_),
        total=np.array([float(r[3] or 0.0) for r in rows], dtype=np.float64),
        indicators=indicators,
        contributions=contributions,
        is_disqualified=np.array([bool(r[4]) for r in rows], dtype=np.bool_),
    )


def _duplicates_of_rules(
    indicators: np.ndarray, candidates: Sequence[Candidate], usable: np.ndarray
) -> np.ndarray:
    """New candidates that fire on the same lead-dates as an existing rule (99% of rows
    agree), e.g. a URL pattern every activity of a scored type carries: proposing them
    would split one signal over two rules."""
    rules = [j for j, c in enumerate(candidates) if c.kind == "rule" and usable[j]]
    found = np.zeros(len(candidates), dtype=np.bool_)
    if not rules or len(indicators) == 0:
        return found
    existing = indicators[:, rules]
    for j, candidate in enumerate(candidates):
        if candidate.kind != "rule" and usable[j]:
            agreement = (existing == indicators[:, [j]]).mean(axis=0)
            found[j] = bool(agreement.max() >= DUPLICATE_AGREEMENT)
    return found


def _fit(indicators: np.ndarray, labels: np.ndarray) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(
        l1_ratio=1.0, C=REGULARIZATION_C, solver="liblinear", intercept_scaling=10.0
    )
    model.fit(indicators, labels.astype(np.int64))
    return np.asarray(model.coef_[0], dtype=np.float64)


def _auc(labels: np.ndarray, scores: np.ndarray) -> float | None:
    from sklearn.metrics import roc_auc_score

    if labels.all() or not labels.any():
        return None
    return float(roc_auc_score(labels.astype(np.int64), scores))


def _at_threshold(
    scores: np.ndarray, disqualified: np.ndarray, labels: np.ndarray, threshold: float
) -> tuple[int, float | None, float | None]:
    mql = (scores >= threshold) & ~disqualified
    mqls = int(mql.sum())
    converted = int((mql & labels).sum())
    precision = converted / mqls if mqls else None
    recall = converted / int(labels.sum()) if labels.any() else None
    return mqls, precision, recall


def _candidate_scores(
    data: _Data, candidates: Sequence[Candidate], points: dict[str, float]
) -> np.ndarray:
    scores = data.total.copy()
    for j, candidate in enumerate(candidates):
        if candidate.key not in points:
            continue
        new = points[candidate.key]
        if candidate.kind == "rule":
            current = candidate.current_points or 0.0
            if current:
                scores += (new / current - 1.0) * data.contributions[:, j]
            else:
                scores += new * data.indicators[:, j]
        else:
            scores += new * data.indicators[:, j]
    return scores


def _choose_threshold(
    scores: np.ndarray,
    data: _Data,
    current: float,
    mode: str,
    target: float | None,
) -> float:
    """A whole-point threshold: the one keeping today's MQL count (closest, ties to the
    higher), or the lowest reaching the target precision, or the highest keeping the
    target recall."""
    mqls_now, _, _ = _at_threshold(data.total, data.is_disqualified, data.labels, current)
    candidates = sorted({math.floor(s) for s in scores} | {math.floor(current)})
    best = current
    best_key: tuple[float, float] | None = None
    for threshold in candidates:
        mqls, precision, recall = _at_threshold(
            scores, data.is_disqualified, data.labels, float(threshold)
        )
        if mode == "volume" and mqls_now == 0:
            # no MQL today: there is no volume to keep, take the best F1 instead
            if not precision or not recall:
                continue
            key = (-2 * precision * recall / (precision + recall), -threshold)
        elif mode == "volume":
            key = (abs(mqls - mqls_now), -threshold)
        elif mode == "precision":
            if precision is None or target is None or precision < target:
                continue
            key = (threshold, 0.0)
        else:
            if recall is None or target is None or recall < target:
                continue
            key = (-threshold, 0.0)
        if best_key is None or key < best_key:
            best, best_key = float(threshold), key
    return best


def learn(
    database: Path,
    model_id: str,
    population: str,
    window: tuple[date, date],
    *,
    holdout: tuple[date, date] | None = None,
    allow_sign_flips: bool = False,
    threshold_mode: str = "volume",
    threshold_target: float | None = None,
    min_support: int = MIN_SUPPORT,
) -> LearnedWeights:
    if not database.exists():
        raise LearningError(f"no warehouse at {database}: build it first (make build)")
    with duckdb.connect(str(database), read_only=True) as con:
        model_row = con.execute(
            "select cast(mql_threshold as double), cast(score_floor as double),"
            " cast(score_cap as double) from stg_scoring_config__scoring_models"
            " where model_id = ?",
            [model_id],
        ).fetchone()
        if model_row is None:
            raise LearningError(f"no scoring model {model_id!r} in {database}")
        current_threshold = float(model_row[0])
        # the total is clamped to the model's range, so are the candidate totals
        bounds = (model_row[1], model_row[2])
        candidates = _candidates(con, model_id, window)
        data = _load(con, model_id, population, window, candidates)
        holdout_data = _load(con, model_id, population, holdout, candidates) if holdout else None
    conversions = int(data.labels.sum())
    if len(data.keys) == 0 or conversions == 0 or conversions == len(data.keys):
        raise LearningError(
            f"{len(data.keys)} {population} lead-dates with {conversions} conversions between "
            f"{window[0]} and {window[1]} scored by this build: need both outcomes (build "
            "those dates as history_dates, or widen the window)"
        )
    support = data.indicators.sum(axis=0)
    usable = (support >= min_support) & (support <= len(data.keys) - min_support)
    duplicates = _duplicates_of_rules(data.indicators, candidates, usable)
    usable &= ~duplicates
    coefficients = np.zeros(len(candidates))
    low = np.zeros(len(candidates))
    high = np.zeros(len(candidates))
    if usable.any():
        columns = np.flatnonzero(usable)
        coefficients[columns] = _fit(data.indicators[:, columns], data.labels)
        rng = np.random.default_rng(0)
        draws = []
        for _ in range(BOOTSTRAP_ROUNDS):
            sample = rng.integers(0, len(data.keys), len(data.keys))
            if data.labels[sample].all() or not data.labels[sample].any():
                continue
            draws.append(_fit(data.indicators[sample][:, columns], data.labels[sample]))
        if draws:
            stacked = np.vstack(draws)
            low[columns] = np.quantile(stacked, INTERVAL[0], axis=0)
            high[columns] = np.quantile(stacked, INTERVAL[1], axis=0)
    # evidence: a bootstrap interval that excludes 0; without it a rule keeps its points
    evidence = usable & ((low > 0) | (high < 0))
    reweighted = [j for j, c in enumerate(candidates) if c.kind == "rule" and evidence[j]]
    absolute_now = sum(abs(candidates[j].current_points or 0.0) for j in reweighted)
    absolute_coef = sum(abs(coefficients[j]) for j in reweighted)
    # The model's own scale when enough of its rules have evidence; otherwise a fixed
    # one (a rule that doubles the odds, log 2 = 0.69, earns about 7 points).
    scale = (
        absolute_now / absolute_coef
        if len(reweighted) >= MIN_RULES_FOR_SCALE and absolute_coef > 0
        else POINTS_PER_LOG_ODDS
    )
    findings: list[RuleFinding] = []
    points: dict[str, float] = {}
    for j, candidate in enumerate(candidates):
        fired = data.indicators[:, j] > 0
        n = int(fired.sum())
        converted = int((fired & data.labels).sum())
        rate = converted / n if n else None
        coefficient = float(coefficients[j]) if usable[j] else None
        interval = (float(low[j]), float(high[j])) if usable[j] else None
        suggested = float(round(coefficients[j] * scale)) if usable[j] else None
        if duplicates[j]:
            status = "duplicates_rule"
            suggested = None
        elif not usable[j]:
            status = "no_contrast"
            suggested = None
        elif candidate.kind == "rule" and not evidence[j]:
            status = "no_evidence"
            suggested = candidate.current_points
            points[candidate.key] = candidate.current_points or 0.0
        elif candidate.kind == "rule":
            current = candidate.current_points or 0.0
            assert suggested is not None
            if current and suggested and math.copysign(1, current) != math.copysign(1, suggested):
                status = "flipped" if allow_sign_flips else "sign_flip_held"
                if not allow_sign_flips:
                    suggested = current
            else:
                status = "unchanged" if suggested == current else "reweighted"
            points[candidate.key] = suggested
        else:
            if evidence[j] and suggested:
                status = "proposed"
                points[candidate.key] = suggested
            else:
                status = "not_proposed"
        findings.append(
            RuleFinding(candidate, n, converted, rate, coefficient, interval, suggested, status)
        )
    scores = np.clip(_candidate_scores(data, candidates, points), *bounds)
    threshold = _choose_threshold(scores, data, current_threshold, threshold_mode, threshold_target)
    now = _at_threshold(data.total, data.is_disqualified, data.labels, current_threshold)
    then = _at_threshold(scores, data.is_disqualified, data.labels, threshold)
    change = ThresholdChange(
        current_threshold,
        threshold,
        threshold_mode,
        now[0],
        then[0],
        now[1],
        then[1],
        now[2],
        then[2],
    )
    comparison = None
    if holdout_data is not None and holdout is not None:
        holdout_scores = np.clip(_candidate_scores(holdout_data, candidates, points), *bounds)
        h_now = _at_threshold(
            holdout_data.total, holdout_data.is_disqualified, holdout_data.labels, current_threshold
        )
        h_then = _at_threshold(
            holdout_scores, holdout_data.is_disqualified, holdout_data.labels, threshold
        )
        comparison = Comparison(
            holdout,
            len(holdout_data.keys),
            int(holdout_data.labels.sum()),
            _auc(holdout_data.labels, holdout_data.total),
            _auc(holdout_data.labels, holdout_scores),
            h_now[0],
            h_then[0],
            h_now[1],
            h_then[1],
            h_now[2],
            h_then[2],
        )
    return LearnedWeights(
        model_id,
        population,
        window,
        len(data.keys),
        conversions,
        findings,
        change,
        comparison,
    )
