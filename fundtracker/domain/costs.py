"""What a cost line (position or expense) costs in a month, by DESIGN.md's rules.

The forecast, the application budget and the workbook all take their figures from
here, so they agree to the cent.

Position: ``salary = round(annual × fte / 12)``, ``fringe = round(salary × rate)``,
each prorated ``round(x × active_days / days_in_month)``. The annual salary grows by
``annual_raise`` at the start of each fiscal year after the position's first:
``annual × (1 + raise)^k`` for the k-th fiscal year after it, kept exact and rounded
only at the monthly salary.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fundtracker.domain.money import round_cents
from fundtracker.domain.months import MonthIndex, active_days, days_in_month, fiscal_year, month_index
from fundtracker.domain.records import Expense, Organization, Position

TWELVE = Decimal(12)


@dataclass(frozen=True)
class PositionMonth:
    salary: int
    fringe: int

    @property
    def total(self) -> int:
        return self.salary + self.fringe


ZERO_MONTH = PositionMonth(0, 0)


def fringe_rate_of(position: Position, organization: Organization) -> Decimal:
    return position.fringe_rate if position.fringe_rate is not None else organization.fringe_rate


def raises_before(position: Position, month: MonthIndex, fy_start_month: int) -> int:
    """How many fiscal-year raises the position has had by ``month``."""
    first_fy = fiscal_year(month_index(position.start), fy_start_month)
    return max(0, fiscal_year(month, fy_start_month) - first_fy)


def annual_salary_in(position: Position, month: MonthIndex, fy_start_month: int) -> Decimal:
    """The exact annual salary (cents, unrounded) in force in ``month``."""
    raises = raises_before(position, month, fy_start_month)
    return Decimal(position.annual_salary) * (1 + position.annual_raise) ** raises


def full_month_salary(position: Position, month: MonthIndex, fy_start_month: int) -> int:
    """``round(annual × fte / 12)`` for a fully active month."""
    return round_cents(annual_salary_in(position, month, fy_start_month) * position.fte / TWELVE)


def position_month(position: Position, organization: Organization, month: MonthIndex) -> PositionMonth:
    """Salary and fringe of ``position`` in ``month`` (zero when inactive)."""
    days = active_days(month, position.start, position.end)
    if days == 0:
        return ZERO_MONTH
    salary = full_month_salary(position, month, organization.fiscal_year_start_month)
    fringe = round_cents(Decimal(salary) * fringe_rate_of(position, organization))
    month_days = days_in_month(month)
    if days < month_days:
        salary = round_cents(Decimal(salary) * days / month_days)
        fringe = round_cents(Decimal(fringe) * days / month_days)
    return PositionMonth(salary, fringe)


def expense_month(expense: Expense, month: MonthIndex) -> int:
    """The expense's cost in ``month``: monthly while active, annual every 12 months, once at start."""
    first = month_index(expense.start)
    if month < first or (expense.end is not None and month > month_index(expense.end)):
        return 0
    if expense.recurrence == "monthly":
        return expense.amount
    if expense.recurrence == "annual":
        return expense.amount if (month - first) % 12 == 0 else 0
    return expense.amount if month == first else 0
