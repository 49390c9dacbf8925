"""Closed months: what "to date" means for budget vs actual, burn rates and run-out months.

As of a day, the months **before** its month are closed (their books are done); the as-of
month is open. Budget vs actual, burn rates and run-out months count closed months only, so
that on the 1st of December nothing is divided by a December that has not happened; the open
month is shown apart as *month to date*. The forecast engine's closed months (actual spending
instead of the plan, :mod:`fundtracker.forecast.actuals`) follow the same rule.
"""

from __future__ import annotations

from datetime import date

from fundtracker.domain.months import MonthIndex, last_day, month_index


def open_month(as_of: date) -> MonthIndex:
    """The month ``as_of`` falls in: still open."""
    return month_index(as_of)


def last_closed_month(as_of: date) -> MonthIndex:
    """The month before ``as_of``'s month."""
    return month_index(as_of) - 1


def closed_through(as_of: date) -> date:
    """The last day of the last closed month (the day "to date" figures run through)."""
    return last_day(last_closed_month(as_of))
