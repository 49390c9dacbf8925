"""What the budget workbook is built from, and where each cost line falls in each fiscal year.

The workbook's formulas rebuild :mod:`fundtracker.domain.costs` in Excel: a position's
monthly salary is ``ROUND(annual × (1 + raise)^k × FTE / 12, 2)`` in the k-th fiscal year
after its first, full months cost that much, and a partly active month costs
``ROUND(monthly × days / days_in_month, 2)``. This module works out, per cost line and
fiscal year, how many full months there are and which partial months, so that the
formulas written from them agree with the engine to the cent.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from fundtracker.domain.costs import expense_month, fringe_rate_of
from fundtracker.domain.months import (
    MonthIndex,
    active_days,
    days_in_month,
    fiscal_year,
    fiscal_year_months,
    month_index,
)
from fundtracker.domain.records import Allocation, Expense, FundingStream, Organization, Position


class ResolvedInputs(Protocol):
    """The part of the forecast engine's ``ForecastInputs`` the workbook reads."""

    organization: Organization
    streams: tuple[FundingStream, ...]
    excluded: tuple[FundingStream, ...]
    positions: tuple[Position, ...]
    expenses: tuple[Expense, ...]
    allocations: tuple[Allocation, ...]
    view: str
    scenario: str | None


@dataclass(frozen=True)
class Span:
    """The months of one fiscal year a cost line (or one share of it) is charged in.

    Attributes:
        full: how many fully active months.
        partial: ``(active_days, days_in_month)`` of each partly active month.
    """

    full: int = 0
    partial: tuple[tuple[int, int], ...] = ()

    @property
    def months(self) -> Decimal:
        """Month equivalents, for people: full months plus each partial month's fraction."""
        fraction = sum((Decimal(days) / Decimal(total) for days, total in self.partial), Decimal(0))
        return (self.full + fraction).quantize(Decimal("0.01"))

    @property
    def empty(self) -> bool:
        return self.full == 0 and not self.partial


EMPTY = Span()


def allocation_active(allocation: Allocation, month: MonthIndex) -> bool:
    """An allocation applies to a month when its period overlaps the month."""
    return active_days(month, allocation.start, allocation.end) > 0


def position_span(position: Position, months: range, allocation: Allocation | None = None) -> Span:
    """The months of ``months`` the position is active in (and ``allocation`` applies to)."""
    full = 0
    partial: list[tuple[int, int]] = []
    for month in months:
        if allocation is not None and not allocation_active(allocation, month):
            continue
        days = active_days(month, position.start, position.end)
        if days == 0:
            continue
        total = days_in_month(month)
        if days == total:
            full += 1
        else:
            partial.append((days, total))
    return Span(full, tuple(partial))


def expense_count(expense: Expense, months: range, allocation: Allocation | None = None) -> int:
    """How many times the expense falls due in ``months`` (while ``allocation`` applies)."""
    unit = dataclasses.replace(expense, amount=1)
    return sum(
        expense_month(unit, month) for month in months if allocation is None or allocation_active(allocation, month)
    )


def raises_in(position: Position, fy: int, fy_start_month: int) -> int:
    """The exponent k of ``(1 + raise)^k`` in fiscal year ``fy``."""
    return max(0, fy - fiscal_year(month_index(position.start), fy_start_month))


@dataclass(frozen=True)
class BudgetBasis:
    """The resolved records, the view and the fiscal years one workbook shows."""

    workspace_name: str
    organization: Organization
    counted: tuple[FundingStream, ...]
    excluded: tuple[FundingStream, ...]
    positions: tuple[Position, ...]
    expenses: tuple[Expense, ...]
    allocations: tuple[Allocation, ...]
    fiscal_years: tuple[int, ...]
    view: str
    scenario: str | None
    scenario_name: str
    as_of: date

    @property
    def fy_start(self) -> int:
        return self.organization.fiscal_year_start_month

    def fy_months(self, fy: int) -> range:
        return fiscal_year_months(fy, self.fy_start)

    @property
    def all_months(self) -> range:
        first = self.fy_months(self.fiscal_years[0]).start
        return range(first, self.fy_months(self.fiscal_years[-1]).stop)

    @property
    def streams(self) -> tuple[FundingStream, ...]:
        """Every stream, counted ones first, each group by key."""
        return self.counted + self.excluded

    def stream(self, key: str) -> FundingStream | None:
        for stream in self.streams:
            if stream.key == key:
                return stream
        return None

    def allocations_of(self, cost: str) -> list[Allocation]:
        """A cost line's allocations, in the order the engine takes them (as stored)."""
        return [a for a in self.allocations if a.cost == cost]

    def fringe_rate(self, position: Position) -> Decimal:
        return fringe_rate_of(position, self.organization)
