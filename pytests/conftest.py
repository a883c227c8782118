"""Shared pytest hooks."""

from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the bad-input cases tried and their outcomes (see test_bad_inputs.py)."""
    try:
        from test_bad_inputs import OUTCOMES
    except ImportError:
        return
    if not OUTCOMES:
        return
    reporter = terminalreporter
    reporter.section("bad input cases")
    width = max(len(case) for case, _, _ in OUTCOMES)
    reporter.write_line(f"{'case'.ljust(width)}  rows lost  outcome")
    for case, outcome, lost in sorted(OUTCOMES):
        reporter.write_line(f"{case.ljust(width)}  {lost.ljust(9)}  {outcome}")
    reporter.write_line(f"{len(OUTCOMES)} cases")
