"""The cost of every cost line in every month, as an integer-cents matrix.

Figures come from :mod:`fundtracker.domain.costs` so the forecast, the application
budget and the workbook agree to the cent. A position's cost in a fully active month
depends only on its salary, fte, fringe rate and the raises it has had, so it is asked
once per fiscal year and cached; partial months (start or end inside the month) are
asked one by one. Expense costs involve no rounding and are filled directly by the
rules of :func:`fundtracker.domain.costs.expense_month` (a test checks they agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from fundtracker.domain.costs import fringe_rate_of, position_month
from fundtracker.domain.months import MonthIndex, fiscal_year, last_day, month_index
from fundtracker.domain.records import Expense, Organization, Position

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CostLine:
    """A position or an expense, as the forecast sees it."""

    key: str
    kind: str  # "position" | "expense"
    title: str
    start: date
    end: date | None
    priority: int | None = None


def charging_key(line: CostLine) -> tuple[bool, int, int, str]:
    """DESIGN.md v2 §1: by priority (1 first; lines without one after all that have one),
    then positions before expenses, then key. Without priorities this is version 1's order."""
    return (line.priority is None, line.priority or 0, 0 if line.kind == "position" else 1, line.key)


def _matrix_lines(positions: tuple[Position, ...], expenses: tuple[Expense, ...]) -> list[CostLine]:
    """Lines in the row order of :func:`cost_matrix`: positions by key, then expenses by key."""
    lines = [
        CostLine(p.key, "position", p.title, p.start, p.end, p.priority) for p in sorted(positions, key=lambda p: p.key)
    ]
    lines += [
        CostLine(e.key, "expense", e.description, e.start, e.end, e.priority)
        for e in sorted(expenses, key=lambda e: e.key)
    ]
    return lines


def charging_rows(positions: tuple[Position, ...], expenses: tuple[Expense, ...]) -> list[int]:
    """Rows of :func:`cost_matrix` in charging order (see :func:`charging_key`)."""
    lines = _matrix_lines(positions, expenses)
    return sorted(range(len(lines)), key=lambda row: charging_key(lines[row]))


def cost_lines(positions: tuple[Position, ...], expenses: tuple[Expense, ...]) -> tuple[CostLine, ...]:
    """The cost lines in charging order (see :func:`charging_key`)."""
    lines = _matrix_lines(positions, expenses)
    return tuple(lines[row] for row in charging_rows(positions, expenses))


def _fiscal_segments(first: MonthIndex, count: int, fy_start: int) -> list[tuple[int, int, int]]:
    """(fiscal year, first offset, last offset) runs over ``count`` months from ``first``."""
    segments: list[tuple[int, int, int]] = []
    for offset in range(count):
        fy = fiscal_year(first + offset, fy_start)
        if segments and segments[-1][0] == fy:
            segments[-1] = (fy, segments[-1][1], offset)
        else:
            segments.append((fy, offset, offset))
    return segments


def cost_matrix(
    positions: tuple[Position, ...],
    expenses: tuple[Expense, ...],
    organization: Organization,
    first: MonthIndex,
    count: int,
) -> IntArray:
    """Cost in cents of each line (positions by key, then expenses by key) × month.

    Args:
        positions: sorted by key.
        expenses: sorted by key.
        organization: fiscal year start and default fringe rate.
        first: the first month (index) of the matrix.
        count: how many months.
    """
    cost = np.zeros((len(positions) + len(expenses), count), dtype=np.int64)
    fy_start = organization.fiscal_year_start_month
    segments = _fiscal_segments(first, count, fy_start)
    cache: dict[tuple[int, Decimal, Decimal, Decimal, int], int] = {}
    last = first + count - 1
    for row, position in enumerate(positions):
        start_month = month_index(position.start)
        end_month = month_index(position.end) if position.end else last
        lo, hi = max(start_month, first), min(end_month, last)
        if lo > hi:
            continue
        partial: list[MonthIndex] = []
        if position.start.day != 1 and lo == start_month:
            partial.append(start_month)
        if position.end is not None and position.end != last_day(end_month) and hi == end_month:
            partial.append(end_month)
        first_fy = fiscal_year(start_month, fy_start)
        rate = fringe_rate_of(position, organization)
        for fy, seg_lo, seg_hi in segments:
            a, b = max(seg_lo, lo - first), min(seg_hi, hi - first)
            if a > b:
                continue
            full = [m for m in range(first + a, first + b + 1) if m not in partial][:1]
            if not full:
                continue
            raises = fy - first_fy if position.annual_raise else 0
            key = (position.annual_salary, position.fte, rate, position.annual_raise, raises)
            value = cache.get(key)
            if value is None:
                value = position_month(position, organization, full[0]).total
                cache[key] = value
            cost[row, a : b + 1] = value
        for month in partial:
            cost[row, month - first] = position_month(position, organization, month).total
    offset = len(positions)
    for row, expense in enumerate(expenses, start=offset):
        start_month = month_index(expense.start)
        end_month = month_index(expense.end) if expense.end else last
        if expense.recurrence == "monthly":
            lo, hi = max(start_month, first), min(end_month, last)
            if lo <= hi:
                cost[row, lo - first : hi - first + 1] = expense.amount
        elif expense.recurrence == "annual":
            step_from = start_month + max(0, -(-(first - start_month) // 12)) * 12
            for month in range(step_from, min(end_month, last) + 1, 12):
                cost[row, month - first] = expense.amount
        elif first <= start_month <= min(end_month, last):
            cost[row, start_month - first] = expense.amount
    return cost
