"""Actual spending in the forecast: closed months use what was spent, later months the plan.

The *as-of month* is the month containing ``as_of`` (default today). When the workspace has
transactions dated before the as-of month, the months from the first such transaction's
month through the month before the as-of month are **closed**: there the plan's cost lines
cost nothing and one synthetic cost line (key :data:`ACTUALS_KEY`, kind ``"actual"``) costs
the month's actual spending. Transactions dated in the as-of month or later are not used
(the as-of month is still open and follows the plan).

Charging a closed month (done by the ordinary kernel, see :func:`actual_rows`):

* spending tagged with a counted stream is that stream's share of the actuals line, like a
  100 % allocation (restricted or not): it pays what it can;
* what it cannot pay, untagged spending, and spending tagged with a stream that does not
  count (outside the view, declined, dropped by a scenario, unknown) fall to the
  unrestricted streams in the usual chain order;
* what is still left is unfunded: the month was **overspent**.

Refunds (negative amounts) lower the month's spending of their stream (or of untagged
spending). A stream's net spending below zero in a month counts as 0: the excess refund
is ignored (it does not put money back into the stream).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fundtracker.domain.months import MonthIndex, first_day, last_day, month_index
from fundtracker.domain.records import Actual

ACTUALS_KEY = "actuals"
ACTUALS_KIND = "actual"
ACTUALS_TITLE = "Actual spending"


@dataclass(frozen=True)
class ActualSpending:
    """Net actual spending of one stream (``None``: no stream) in one closed month (cents).

    ``cents`` may be negative (refunds larger than spending); the engine then charges 0.
    """

    stream: str | None
    month: MonthIndex
    cents: int


@dataclass(frozen=True)
class ClosedMonths:
    """What the forecast takes from actual spending.

    Attributes:
        as_of: the day the forecast is made; its month is the first open month.
        first, last: the closed months (``first`` = month of the earliest transaction
            before the as-of month, ``last`` = the month before the as-of month).
        spending: net spending per (stream, month), sorted (no stream first, then by key).
    """

    as_of: date
    first: MonthIndex
    last: MonthIndex
    spending: tuple[ActualSpending, ...]


def closed_months(actuals: Iterable[Actual], as_of: date) -> ClosedMonths | None:
    """The closed months and their net spending, or ``None`` when nothing was spent before
    ``as_of``'s month (then the forecast is the plan alone)."""
    open_month = month_index(as_of)
    totals: dict[tuple[str | None, MonthIndex], int] = {}
    for actual in actuals:
        month = month_index(actual.posted_on)  # a late bill counts in the month it is posted to
        if month >= open_month:
            continue
        key = (actual.stream or None, month)
        totals[key] = totals.get(key, 0) + actual.amount
    if not totals:
        return None
    order = sorted(totals, key=lambda k: (k[0] is not None, k[0] or "", k[1]))
    spending = tuple(ActualSpending(stream, month, totals[(stream, month)]) for stream, month in order)
    # Closed months end with the newest transaction: months after it were not imported yet, so
    # they follow the plan rather than count as months when nothing was spent.
    months = [month for _, month in totals]
    return ClosedMonths(as_of, min(months), max(months), spending)


def actuals_line_key(taken: Iterable[str]) -> str:
    """:data:`ACTUALS_KEY`, or ``actuals-2``, ``actuals-3``… if a position or expense has it."""
    used = set(taken)
    key, n = ACTUALS_KEY, 1
    while key in used:
        n += 1
        key = f"{ACTUALS_KEY}-{n}"
    return key


def line_period(closed: ClosedMonths) -> tuple[date, date]:
    """First and last day of the closed months (the actuals line's start and end)."""
    return first_day(closed.first), last_day(closed.last)
