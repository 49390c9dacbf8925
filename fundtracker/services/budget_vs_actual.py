"""Budget vs actual: the plan to date against actual spending to date, with burn rates.

A read model: it reads a :class:`~fundtracker.domain.records.Workspace` and writes nothing.
:func:`actual_by_stream_month` sums actual spending per stream and month (the forecast reads
``Workspace.actuals`` itself); :func:`budget_vs_actual` compares the plan with what was spent.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fundtracker.domain.closed_months import closed_through, last_closed_month, open_month
from fundtracker.domain.costs import expense_month, position_month
from fundtracker.domain.federal_facts import object_class, stream_terms
from fundtracker.domain.money import format_money, round_cents
from fundtracker.domain.months import MonthIndex, month_index, month_name
from fundtracker.domain.records import Allocation, Workspace
from fundtracker.domain.shares import line_allocations, month_shares
from fundtracker.domain.stream_period import pays_in


def actual_by_stream_month(
    workspace: Workspace, *, through: date | None = None
) -> dict[tuple[str | None, MonthIndex], int]:
    """Actual spending in cents per (stream key or None for unassigned, month index).

    Args:
        through: leave out transactions after this day (default: all).
    """
    totals: dict[tuple[str | None, MonthIndex], int] = {}
    for actual in workspace.actuals:
        if through is not None and actual.posted_on > through:
            continue
        key = (actual.stream, month_index(actual.posted_on))  # a late bill counts where it is posted
        totals[key] = totals.get(key, 0) + actual.amount
    return totals


def planned_by_stream_category_month(
    workspace: Workspace, months: range
) -> dict[tuple[str | None, str, MonthIndex], int]:
    """The plan: each cost line's share charged to each stream per month, by SF-424A category.

    Shares follow the engine's rule (:mod:`fundtracker.domain.shares`: active on the line's first
    active day of the month, the first share takes the leftover cents) and count only in months
    the stream pays in (:mod:`fundtracker.domain.stream_period`). A position gives "personnel"
    (its salary split by the rule) and "fringe" (its whole cost's share less the salary share),
    as the application budget does, so the two add up to the engine's share to the cent. An
    expense counts in its object class in each stream's budget (:mod:`fundtracker.domain.federal_facts`):
    equipment below a federal stream's per-unit threshold is supplies there.

    What no allocation charges (a cost line with no allocation, or the part of it above its
    allocations' percents) is planned too, under stream ``None`` ("(no stream)"), so a cost the
    plan has, such as phones nobody allocated, shows a budget beside the spending it gets.
    """
    streams = {s.key: s for s in workspace.streams}
    organization = workspace.organization
    thresholds = {
        key: stream_terms(stream, workspace.applications, organization).equipment_threshold
        for key, stream in streams.items()
    }
    planned: dict[tuple[str | None, str, MonthIndex], int] = {}

    def add(allocations: list[Allocation], shares: list[int], categories: list[str], month: MonthIndex) -> None:
        for allocation, cents, category in zip(allocations, shares, categories):
            stream = streams.get(allocation.stream)
            if cents and stream is not None and pays_in(stream, month):
                key = (allocation.stream, category, month)
                planned[key] = planned.get(key, 0) + cents

    def unallocated(cents: int, category: str, month: MonthIndex) -> None:
        if cents:
            key = (None, category, month)
            planned[key] = planned.get(key, 0) + cents

    for position in workspace.positions:
        ordered = line_allocations(position.key, workspace.allocations)
        for month in months:
            cost = position_month(position, organization, month)
            if cost.total == 0:
                continue
            salary = month_shares(cost.salary, ordered, month, position.start)
            total = month_shares(cost.total, ordered, month, position.start)
            add(ordered, salary, ["personnel"] * len(ordered), month)
            add(ordered, [t - s for t, s in zip(total, salary)], ["fringe"] * len(ordered), month)
            unallocated(cost.salary - sum(salary), "personnel", month)
            unallocated((cost.total - cost.salary) - (sum(total) - sum(salary)), "fringe", month)
    for expense in workspace.expenses:
        ordered = line_allocations(expense.key, workspace.allocations)
        classes = [object_class(expense.category, expense.amount, thresholds.get(a.stream)) for a in ordered]
        for month in months:
            amount = expense_month(expense, month)
            if amount:
                shares = month_shares(amount, ordered, month, expense.start)
                add(ordered, shares, classes, month)
                unallocated(amount - sum(shares), object_class(expense.category, expense.amount, None), month)
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
    """How fast a stream is being spent and when it runs out at that pace (closed months only).

    Attributes:
        amount: the stream's award.
        budget, actual: the plan and the spending through the last closed month.
        months: closed months the burn rate is taken over (from the later of the stream's start
            and its first transaction through the last closed month or the stream's end).
        burn_rate: ``round_half_up(actual / months)`` per month (cents), 0 with no spending.
        remaining: award − actual to date (negative: overspent).
        runs_out: the first month after the closed months that the remaining award no longer
            covers at the burn rate (``last closed + remaining // burn + 1``); the open month
            when already overspent; ``None`` with no spending.
        month_to_date: spending dated in the open month through the as-of day (not in the above).
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
    month_to_date: int = 0


@dataclass(frozen=True)
class BudgetVsActual:
    """Budget vs actual as of a day.

    Attributes:
        as_of: the day asked about; its month is open.
        through: the last day of the last closed month: the figures of ``lines`` and ``streams``
            run through it.
        lines: budget vs actual per stream and category, closed months only.
        month_to_date: the open month apart: its whole budget and the spending dated in it
            through ``as_of``, per stream and category.
    """

    as_of: date
    lines: tuple[VarianceLine, ...]
    streams: tuple[StreamBurn, ...]
    through: date | None = None
    month_to_date: tuple[VarianceLine, ...] = ()

    @property
    def open_month(self) -> MonthIndex:
        return open_month(self.as_of)

    @property
    def total(self) -> VarianceLine:
        """Every line added up (the totals row)."""
        return VarianceLine(
            None, "Total", "", sum(line.budget for line in self.lines), sum(line.actual for line in self.lines)
        )


def budget_vs_actual(workspace: Workspace, *, as_of: date) -> BudgetVsActual:
    """Per stream and category, the plan vs actual spending in the closed months, with burn rates.

    The months before ``as_of``'s month are closed (:mod:`fundtracker.domain.closed_months`):
    the budget counts them from the earliest stream start
    (:func:`planned_by_stream_category_month`), actual spending counts transactions dated in
    them. The open month (``as_of``'s) is reported apart as month to date, so that on the 1st
    nothing is divided by a month that has not happened.
    """
    last = last_closed_month(as_of)
    current = open_month(as_of)
    through = closed_through(as_of)
    starts = [month_index(s.start) for s in workspace.streams]
    first_month = min(starts, default=current)
    planned = planned_by_stream_category_month(workspace, range(first_month, current + 1))
    budget: dict[tuple[str | None, str], int] = {}
    month_budget: dict[tuple[str | None, str], int] = {}
    for (stream, category, month), cents in planned.items():
        target = budget if month <= last else month_budget
        target[(stream, category)] = target.get((stream, category), 0) + cents
    actual: dict[tuple[str | None, str], int] = {}
    month_actual: dict[tuple[str | None, str], int] = {}
    first_actual: dict[str | None, MonthIndex] = {}
    for record in workspace.actuals:
        if record.posted_on > as_of:
            continue
        key = (record.stream, record.category or "other")
        month = month_index(record.posted_on)  # a late bill counts in the open month it is posted to
        if month == current:
            month_actual[key] = month_actual.get(key, 0) + record.amount
            continue
        actual[key] = actual.get(key, 0) + record.amount
        first_actual[record.stream] = min(first_actual.get(record.stream, month), month)
    names = {s.key: s.name for s in workspace.streams}
    lines = _variance_lines(budget, actual, names)
    burns = []
    for funding in sorted(workspace.streams, key=lambda s: s.key):
        spent = sum(c for (key, _), c in actual.items() if key == funding.key)
        planned_total = sum(c for (key, _), c in budget.items() if key == funding.key)
        first = max(month_index(funding.start), first_actual.get(funding.key, last + 1))
        final = min(last, month_index(funding.end)) if funding.end else last
        elapsed = max(0, final - first + 1)
        burn = round_cents(Decimal(spent) / elapsed) if spent > 0 and elapsed > 0 else 0
        remaining = funding.amount - spent
        runs_out: MonthIndex | None = None
        if burn > 0:
            runs_out = current if remaining < 0 else last + remaining // burn + 1
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
                sum(c for (key, _), c in month_actual.items() if key == funding.key),
            )
        )
    return BudgetVsActual(as_of, lines, tuple(burns), through, _variance_lines(month_budget, month_actual, names))


def _variance_lines(
    budget: dict[tuple[str | None, str], int], actual: dict[tuple[str | None, str], int], names: dict[str, str]
) -> tuple[VarianceLine, ...]:
    keys = sorted(set(budget) | set(actual), key=lambda k: (k[0] is None, k[0] or "", _category_order(k[1])))
    return tuple(
        VarianceLine(
            stream,
            names.get(stream, "(no stream)") if stream else "(no stream)",
            category,
            budget.get((stream, category), 0),
            actual.get((stream, category), 0),
        )
        for stream, category in keys
    )


def month_to_date_text(report: BudgetVsActual) -> str:
    """``Closed months through November 30, 2026. December 2026 so far (open, not counted above): …``."""
    through = f"Closed months through {report.through.isoformat()}." if report.through else ""
    budget = sum(line.budget for line in report.month_to_date)
    spent = sum(line.actual for line in report.month_to_date)
    money = functools.partial(format_money, symbol=True, grouping=True)
    return (
        f"{through} {month_name(report.open_month)} so far (the open month, not counted above): "
        f"budget for the month {money(budget)}, spent through {report.as_of.isoformat()} {money(spent)}."
    )


_CATEGORY_ORDER = ("personnel", "fringe", "travel", "equipment", "supplies", "contractual", "construction", "other")


def _category_order(category: str) -> int:
    return _CATEGORY_ORDER.index(category) if category in _CATEGORY_ORDER else len(_CATEGORY_ORDER)
