"""The report's uncertainty on rates: Wilson intervals that hold the rate, and error
bars matplotlib accepts for every count (a hair of floating point below zero made it
raise on a 500-contact warehouse)."""

from __future__ import annotations

import math

from leadscore.evaluation.report import _error_bars, wilson_interval


def test_interval_holds_the_share_and_stays_in_0_1() -> None:
    for trials in range(1, 80):
        for successes in range(trials + 1):
            low, high = wilson_interval(successes, trials)
            share = successes / trials
            assert 0.0 <= low <= high <= 1.0
            assert low <= share + 1e-12 and share - 1e-12 <= high


def test_known_value() -> None:
    # 5 of 10 at 95%: 0.2366..0.7634 (Wilson 1927, as tabulated by Newcombe 1998)
    low, high = wilson_interval(5, 10)
    assert math.isclose(low, 0.2366, abs_tol=1e-4) and math.isclose(high, 0.7634, abs_tol=1e-4)


def test_error_bars_are_never_negative() -> None:
    for trials in range(1, 80):
        rates = [100 * s / trials for s in range(trials + 1)]
        intervals = [wilson_interval(s, trials) for s in range(trials + 1)]
        below, above = _error_bars(rates, intervals)
        assert min(below) >= 0.0 and min(above) >= 0.0
