"""The share of a cost line charged to each stream in a month: the one rule every output uses.

DESIGN.md "Budget rules shared by every output" (and docs/forecast-api.md, "Allocation shares"):

* An allocation is **active** in a month when it is in force on the line's first active day of
  that month: the 1st, or the line's start date in its start month. An allocation that starts
  on the 15th is therefore not active in that month (unless the line itself starts later).
* A line's allocations are taken in the **engine's order**: stream key, then start date.
  Percents past a running total of 100 are cut.
* With ``C`` the month's cost and ``P`` the active percents' sum, the allocated total is
  ``round_half_up(C × P / 100)``; every active share but the first positive one is
  ``floor(C × p / 100)``; the first takes the rest, so the shares add up to the total exactly.
  A 50/50 split of $100.01 is $50.01 + $50.00.

The forecast engine applies the same rule to whole matrices at once
(:mod:`fundtracker.forecast.shares`, which takes :func:`percent_scale` and
:func:`allocation_sort_key` from here); a property test checks that both agree. The
application budget, the budget workbook and budget vs actual call this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from fundtracker.domain.months import MonthIndex, first_day
from fundtracker.domain.records import Allocation

HUNDRED = Decimal(100)


def percent_scale(percents: Iterable[Decimal]) -> int:
    """The power of ten that makes every percent a whole number (2 for 33.33)."""
    decimals = 0
    for percent in percents:
        exponent = percent.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            decimals = max(decimals, -exponent)
    return decimals


def allocation_sort_key(allocation: Allocation) -> tuple[str, date]:
    """The engine's order of one line's allocations: stream key, then start date."""
    return (allocation.stream, allocation.start or date.min)


def line_allocations(cost: str, allocations: Iterable[Allocation]) -> list[Allocation]:
    """The allocations of cost line ``cost``, in the engine's order."""
    return sorted((a for a in allocations if a.cost == cost), key=allocation_sort_key)


def reference_day(month: MonthIndex, line_start: date) -> date:
    """The line's first active day of ``month``: the 1st, or its start date in its start month."""
    return max(first_day(month), line_start)


def in_force(allocation: Allocation, day: date) -> bool:
    """The allocation covers ``day`` (open start and end allowed)."""
    return (allocation.start is None or allocation.start <= day) and (allocation.end is None or allocation.end >= day)


def allocation_active(allocation: Allocation, month: MonthIndex, line_start: date) -> bool:
    """Active in ``month``: in force on the line's first active day of the month."""
    return in_force(allocation, reference_day(month, line_start))


def split_shares(amount: int, percents: list[Decimal]) -> list[int]:
    """Shares in cents of ``amount`` by ``percents`` (in the engine's order), by the engine's rule.

    Percents past a running total of 100 are cut; every share is ``floor(amount × p / 100)``
    except the first positive one, which takes what is left of ``round(amount × Σp / 100)``.
    """
    effective = []
    running = Decimal(0)
    for percent in percents:
        effective.append(min(percent, max(Decimal(0), HUNDRED - running)))
        running += percent
    shares = [int((Decimal(amount) * p / HUNDRED).to_integral_value(rounding=ROUND_FLOOR)) for p in effective]
    allocated = int((Decimal(amount) * sum(effective, Decimal(0)) / HUNDRED).quantize(Decimal(1), ROUND_HALF_UP))
    first = next((i for i, p in enumerate(effective) if p > 0), None)
    if first is not None:
        shares[first] = allocated - (sum(shares) - shares[first])
    return shares


def month_shares(amount: int, ordered: list[Allocation], month: MonthIndex, line_start: date) -> list[int]:
    """Each allocation's share of a month costing ``amount`` (0 for inactive ones), by the rule.

    Args:
        amount: the line's cost in the month (cents).
        ordered: the line's allocations in the engine's order (:func:`line_allocations`).
        month: the month.
        line_start: the line's start date.
    """
    active = [i for i, a in enumerate(ordered) if allocation_active(a, month, line_start)]
    result = [0] * len(ordered)
    if amount == 0 or not active:
        return result
    for index, share in zip(active, split_shares(amount, [ordered[i].percent for i in active])):
        result[index] = share
    return result


def stream_share(amount: int, stream: str, ordered: list[Allocation], month: MonthIndex, line_start: date) -> int:
    """The part of a line's ``amount`` in ``month`` that its allocations put on ``stream``."""
    shares = month_shares(amount, ordered, month, line_start)
    return sum(share for share, a in zip(shares, ordered) if a.stream == stream)


def stream_percent(stream: str, ordered: list[Allocation], month: MonthIndex, line_start: date) -> Decimal:
    """The percent of the line charged to ``stream`` in ``month`` (its active allocations' sum)."""
    return sum(
        (a.percent for a in ordered if a.stream == stream and allocation_active(a, month, line_start)),
        Decimal(0),
    )


def charged_percents(ordered: list[Allocation], month: MonthIndex, line_start: date) -> dict[str, Decimal]:
    """The percent of the line each stream is charged in ``month``, after the cut at 100 %.

    The effort charged (time and effort, :mod:`fundtracker.domain.effort`): the same active
    allocations in the same order as :func:`split_shares`, so a percent the money rule cuts is
    not charged effort either.
    """
    result: dict[str, Decimal] = {}
    running = Decimal(0)
    for allocation in ordered:
        if not allocation_active(allocation, month, line_start):
            continue
        effective = min(allocation.percent, max(Decimal(0), HUNDRED - running))
        running += allocation.percent
        if effective > 0:
            result[allocation.stream] = result.get(allocation.stream, Decimal(0)) + effective
    return result
