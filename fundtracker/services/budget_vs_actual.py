"""Budget vs actual: the plan to date against actual spending to date, with burn rates.

A read model: it reads a :class:`~fundtracker.domain.records.Workspace` and writes nothing.
:func:`actual_by_stream_month` sums actual spending per stream and month (the forecast reads
``Workspace.actuals`` itself); :func:`budget_vs_actual` compares the plan with what was spent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fundtracker.domain.costs import expense_month, position_month
from fundtracker.domain.money import apply_rate
from fundtracker.domain.months import MonthIndex, active_days, month_index
from fundtracker.domain.records import Workspace


def actual_by_stream_month(
    workspace: Workspace, *, through: date | None = None
) -> dict[tuple[str | None, MonthIndex], int]:
    """Actual spending in cents per (stream key or None for unassigned, month index).

    Args:
        through: leave out transactions after this day (default: all).
    """
    totals: dict[tuple[str | None, MonthIndex], int] = {}
    for actual in workspace.actuals:
        if through is not None and actual.date > through:
            continue
        key = (actual.stream, month_index(actual.date))
        totals[key] = totals.get(key, 0) + actual.amount
    return totals


def planned_by_stream_category_month(workspace: Workspace, months: range) -> dict[tuple[str, str, MonthIndex], int]:
    """The plan: each cost line's share charged to each stream per month, by SF-424A category.

    A share is ``ROUND(month cost × percent)`` per allocation active that month (the same
    rule as the budget workbook's share lines), counted only inside the stream's period.
    Positions give "personnel" (salary) and "fringe".
    """
    periods = {s.key: (s.start, s.end) for s in workspace.streams}
    planned: dict[tuple[str, str, MonthIndex], int] = {}

    def add(stream: str, category: str, month: MonthIndex, cents: int) -> None:
        if cents:
            key = (stream, category, month)
            planned[key] = planned.get(key, 0) + cents

    positions = {p.key: p for p in workspace.positions}
    expenses = {e.key: e for e in workspace.expenses}
    for allocation in workspace.allocations:
        period = periods.get(allocation.stream)
        if period is None:
            continue
        rate = allocation.percent / Decimal(100)
        for month in months:
            if not active_days(month, allocation.start, allocation.end) or not active_days(month, *period):
                continue
            if allocation.cost in positions:
                cost = position_month(positions[allocation.cost], workspace.organization, month)
                add(allocation.stream, "personnel", month, apply_rate(cost.salary, rate))
                add(allocation.stream, "fringe", month, apply_rate(cost.fringe, rate))
            elif allocation.cost in expenses:
                expense = expenses[allocation.cost]
                add(allocation.stream, expense.category, month, apply_rate(expense_month(expense, month), rate))
    return planned


# -- budget vs actual --------------------------------------------------------------------------


@dataclass(frozen=True)
class VarianceLine:
    """Budgeted vs actual to date for one stream and category (cents)."""

    stream: str | None
    stream_name: str
    category: str
    budget: int
    actual: int

    @property
    def variance(self) -> int:
        """Budget − actual: positive is under budget."""
        return self.budget - self.actual

    @property
    def percent_spent(self) -> Decimal | None:
        """Actual as a percent of budget (one decimal), ``None`` when nothing was budgeted."""
        if self.budget == 0:
            return None
        return (Decimal(self.actual) * 100 / Decimal(self.budget)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class StreamBurn:
    """How fast a stream is being spent and when it runs out at that pace.

    Attributes:
        amount: the stream's award.
        burn_rate: actual spending per month (cents), over ``months`` months.
        remaining: award − actual to date (negative: overspent).
        runs_out: the first month the award no longer covers a month's burn, ``None`` with no spending.
    """

    stream: str
    name: str
    amount: int
    budget: int
    actual: int
    months: int
    burn_rate: int
    remaining: int
    runs_out: MonthIndex | None
    end: date | None


@dataclass(frozen=True)
class BudgetVsActual:
    as_of: date
    lines: tuple[VarianceLine, ...]
    streams: tuple[StreamBurn, ...]


def budget_vs_actual(workspace: Workspace, *, as_of: date) -> BudgetVsActual:
    """Per stream and category, the plan to date vs actual spending to date, with burn rates.

    "To date" means months from the earliest stream start through ``as_of``'s month for
    the plan (:func:`planned_by_stream_category_month`) and transactions dated on or
    before ``as_of`` for actual spending.
    """
    now = month_index(as_of)
    starts = [month_index(s.start) for s in workspace.streams]
    months = range(min(starts, default=now), now + 1)
    planned = planned_by_stream_category_month(workspace, months)
    budget: dict[tuple[str | None, str], int] = {}
    for (stream, category, _), cents in planned.items():
        budget[(stream, category)] = budget.get((stream, category), 0) + cents
    actual: dict[tuple[str | None, str], int] = {}
    first_actual: dict[str | None, MonthIndex] = {}
    for record in workspace.actuals:
        if record.date > as_of:
            continue
        key = (record.stream, record.category or "other")
        actual[key] = actual.get(key, 0) + record.amount
        month = month_index(record.date)
        first_actual[record.stream] = min(first_actual.get(record.stream, month), month)
    names = {s.key: s.name for s in workspace.streams}
    keys = sorted(set(budget) | set(actual), key=lambda k: (k[0] is None, k[0] or "", _category_order(k[1])))
    lines = tuple(
        VarianceLine(
            stream,
            names.get(stream, "(no stream)") if stream else "(no stream)",
            category,
            budget.get((stream, category), 0),
            actual.get((stream, category), 0),
        )
        for stream, category in keys
    )
    burns = []
    for funding in sorted(workspace.streams, key=lambda s: s.key):
        spent = sum(c for (key, _), c in actual.items() if key == funding.key)
        planned_total = sum(c for (key, _), c in budget.items() if key == funding.key)
        first = max(month_index(funding.start), first_actual.get(funding.key, now))
        last = min(now, month_index(funding.end)) if funding.end else now
        elapsed = max(1, last - first + 1)
        burn = int((Decimal(spent) / elapsed).quantize(Decimal(1))) if spent > 0 else 0
        remaining = funding.amount - spent
        runs_out: MonthIndex | None = None
        if burn > 0:
            runs_out = now if remaining < 0 else now + remaining // burn + 1
        burns.append(
            StreamBurn(
                funding.key,
                funding.name,
                funding.amount,
                planned_total,
                spent,
                elapsed,
                burn,
                remaining,
                runs_out,
                funding.end,
            )
        )
    return BudgetVsActual(as_of, lines, tuple(burns))


_CATEGORY_ORDER = ("personnel", "fringe", "travel", "equipment", "supplies", "contractual", "construction", "other")


def _category_order(category: str) -> int:
    return _CATEGORY_ORDER.index(category) if category in _CATEGORY_ORDER else len(_CATEGORY_ORDER)
