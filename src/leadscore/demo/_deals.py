"""Deals, conversion outcomes and lifecycle stages of one chunk.

The conversion model (documented in docs/ground_truth.md, asserted in the tests):

    p_deal    = sigmoid(-5.0 + 2.5 * fit + 6.0 * intent - 1.0 * [hot_dormant])
    p_convert = sigmoid(-3.0 + 4.0 * fit + 3.0 * intent), 0 for students and competitors
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from leadscore.demo import _vocab as v
from leadscore.demo._activities import ContactSignals
from leadscore.demo._calendar import DAY, HOUR, Calendar
from leadscore.demo._companies import Companies
from leadscore.demo._people import HOT_DORMANT, SEG_COMPANY, SEG_COMPETITOR, SEG_STUDENT, People
from leadscore.demo._rand import sigmoid

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bool = npt.NDArray[np.bool_]

DEAL_INTERCEPT, DEAL_FIT, DEAL_INTENT, DEAL_DORMANT = -5.0, 2.5, 6.0, -1.0
WIN_INTERCEPT, WIN_FIT, WIN_INTENT = -3.0, 4.0, 3.0
# Days from the strongest intent action to the deal being opened (exponential mean).
DEAL_LAG_DAYS = 4.0
# Sales cycle lengths (log-normal median days, sigma).
WON_CYCLE = (45.0, 0.5)
LOST_CYCLE = (30.0, 0.6)

_STAGE = {name: i for i, name in enumerate(v.LIFECYCLE_STAGES)}


@dataclass(frozen=True)
class Deals:
    has_deal: Bool
    created_at: I64
    closed_at: I64
    """-1 while open."""
    stage: I64
    is_won: Bool
    amount: F64
    p_convert: F64
    lifecycle: I64
    updated_at: I64

    @property
    def converted(self) -> Bool:
        return np.asarray(self.has_deal & self.is_won)


def p_deal(p: People) -> F64:
    dormant = (p.persona == HOT_DORMANT).astype(np.float64)
    logit = DEAL_INTERCEPT + DEAL_FIT * p.fit + DEAL_INTENT * p.intent + DEAL_DORMANT * dormant
    return sigmoid(np.asarray(logit, dtype=np.float64))


def p_convert(p: People) -> F64:
    win = sigmoid(np.asarray(WIN_INTERCEPT + WIN_FIT * p.fit + WIN_INTENT * p.intent))
    never = (p.segment == SEG_STUDENT) | (p.segment == SEG_COMPETITOR)
    return np.asarray(np.where(never, 0.0, win), dtype=np.float64)


def _amounts(rng: np.random.Generator, p: People, companies: Companies) -> F64:
    employees = companies.employees[np.maximum(p.company, 0)].astype(np.float64)
    log_mean = np.where(
        p.segment == SEG_COMPANY, np.log(9000.0) + 0.3 * np.log(employees / 50.0), np.log(2500.0)
    )
    return np.asarray(np.round(np.exp(rng.normal(log_mean, 0.45)), 2), dtype=np.float64)


def _open_stage(created: I64, cycle: I64, end: int) -> I64:
    """Open deals sit in the pipeline stage matching how far through their cycle they are."""
    progress = (end - created) / np.maximum(cycle, 1)
    stage = np.floor(progress * v.OPEN_DEAL_STAGES).astype(np.int64)
    return np.clip(stage, 0, v.OPEN_DEAL_STAGES - 1)


def _lifecycle(p: People, s: ContactSignals, has_deal: Bool, closed: Bool, won: Bool) -> I64:
    return np.select(
        [
            has_deal & closed & won,
            has_deal & ~closed,
            has_deal & closed,
            p.segment == SEG_COMPETITOR,
            s.mql,
            s.engaged,
        ],
        [
            _STAGE["customer"],
            _STAGE["opportunity"],
            _STAGE["salesqualifiedlead"],
            _STAGE["other"],
            _STAGE["marketingqualifiedlead"],
            _STAGE["lead"],
        ],
        _STAGE["subscriber"],
    ).astype(np.int64)


def generate_deals(
    rng: np.random.Generator,
    p: People,
    s: ContactSignals,
    cal: Calendar,
    companies: Companies,
) -> Deals:
    n = p.n
    # Every draw is made for every contact so the random stream does not depend on outcomes.
    wants_deal = rng.random(n) < p_deal(p)
    anchor = np.where(s.strongest_at >= 0, s.strongest_at, np.maximum(s.last_at, p.active_from))
    created = anchor + HOUR + (rng.exponential(DEAL_LAG_DAYS, n) * DAY).astype(np.int64)
    # A deal that would open after the as-of date does not exist yet.
    has_deal = wants_deal & (created < cal.end)
    win_p = p_convert(p)
    wins = rng.random(n) < win_p
    median = np.where(wins, WON_CYCLE[0], LOST_CYCLE[0])
    sigma = np.where(wins, WON_CYCLE[1], LOST_CYCLE[1])
    cycle = (np.exp(rng.normal(np.log(median), sigma)) * DAY).astype(np.int64) + HOUR
    closes_at = created + cycle
    closed = closes_at < cal.end
    stage = np.where(
        closed,
        np.where(wins, v.DEAL_STAGES.index("closedwon"), v.DEAL_STAGES.index("closedlost")),
        _open_stage(created, cycle, cal.end),
    )
    is_won = closed & wins
    updated = np.maximum(p.created_at, s.last_at)
    updated = np.where(has_deal, np.maximum(updated, np.where(closed, closes_at, created)), updated)
    return Deals(
        has_deal=has_deal,
        created_at=created,
        closed_at=np.where(closed, closes_at, -1),
        stage=stage.astype(np.int64),
        is_won=is_won,
        amount=_amounts(rng, p, companies),
        p_convert=win_p,
        lifecycle=_lifecycle(p, s, has_deal, closed, wins),
        updated_at=updated.astype(np.int64),
    )
