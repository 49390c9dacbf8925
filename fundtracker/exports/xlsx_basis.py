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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from fundtracker.domain.costs import expense_month, fringe_rate_of
from fundtracker.domain.federal_facts import IndirectTerms, is_federal, object_class, stream_terms
from fundtracker.domain.months import (
    MonthIndex,
    active_days,
    days_in_month,
    first_day,
    fiscal_year,
    fiscal_year_months,
    month_index,
)
from fundtracker.domain.records import Allocation, Application, Expense, FundingStream, Organization, Position
from fundtracker.domain.stream_period import first_paying_month, last_paying_month


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


def in_force(allocation: Allocation, day: date) -> bool:
    return (allocation.start is None or allocation.start <= day) and (allocation.end is None or allocation.end >= day)


def reference_day(month: MonthIndex, line_start: date) -> date:
    """The line's first active day of the month: the 1st, or its start date in its start month."""
    return max(first_day(month), line_start)


@dataclass(frozen=True)
class MonthGroup:
    """Months of a fiscal year alike for one cost line: same proration, same active allocations.

    Attributes:
        count: how many such months.
        partial: ``(active_days, days_in_month)`` of a partly active month, ``None`` for full months.
        active: indexes (into the line's ordered allocations) of the allocations in force; they
            split the month's cost between them (the engine's share rule).
        paying: those of ``active`` whose stream pays in the month (inside its period,
            :mod:`fundtracker.domain.stream_period`): only their shares are the stream's.
    """

    count: int
    partial: tuple[int, int] | None
    active: tuple[int, ...]
    paying: tuple[int, ...] = ()


_GroupKey = tuple[tuple[int, int] | None, tuple[int, ...], tuple[int, ...]]
# Whether allocation i (of a line's ordered allocations) may be paid by its stream in a month.
Pays = Callable[[int, MonthIndex], bool]


def _always(index: int, month: MonthIndex) -> bool:
    return True


def _grouped(items: list[_GroupKey]) -> tuple[MonthGroup, ...]:
    counts: dict[_GroupKey, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return tuple(MonthGroup(count, partial, active, paying) for (partial, active, paying), count in counts.items())


def _active_and_paying(
    allocations: list[Allocation], month: MonthIndex, line_start: date, pays: Pays
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    day = reference_day(month, line_start)
    active = tuple(i for i, a in enumerate(allocations) if in_force(a, day))
    return active, tuple(i for i in active if pays(i, month))


def position_groups(
    position: Position, months: range, allocations: list[Allocation], pays: Pays = _always
) -> tuple[MonthGroup, ...]:
    """The months of ``months`` the position is active in, grouped (allocations in engine order).

    Args:
        pays: whether allocation ``i``'s stream pays in a month (default: always).
    """
    items: list[_GroupKey] = []
    for month in months:
        days = active_days(month, position.start, position.end)
        if days == 0:
            continue
        total = days_in_month(month)
        active, paying = _active_and_paying(allocations, month, position.start, pays)
        items.append((None if days == total else (days, total), active, paying))
    return _grouped(items)


def expense_groups(
    expense: Expense, months: range, allocations: list[Allocation], pays: Pays = _always
) -> tuple[MonthGroup, ...]:
    """The months of ``months`` the expense falls due in, grouped by active allocations."""
    unit = dataclasses.replace(expense, amount=1)
    items: list[_GroupKey] = []
    for month in months:
        if expense_month(unit, month):
            active, paying = _active_and_paying(allocations, month, expense.start, pays)
            items.append((None, active, paying))
    return _grouped(items)


def span_of(groups: tuple[MonthGroup, ...], allocation: int | None = None) -> Span:
    """Full and partial months of the groups (those where ``allocation`` is paid, if given)."""
    full = 0
    partial: list[tuple[int, int]] = []
    for group in groups:
        if allocation is not None and allocation not in group.paying:
            continue
        if group.partial is None:
            full += group.count
        else:
            partial += [group.partial] * group.count
    return Span(full, tuple(partial))


def engine_order(allocations: list[Allocation]) -> list[Allocation]:
    """A line's allocations in the order the engine splits them: by stream key, then start date."""
    return sorted(allocations, key=lambda a: (a.stream, a.start or date.min))


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
    applications: tuple[Application, ...] = ()

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

    @cached_property
    def _streams_by_key(self) -> dict[str, FundingStream]:
        return {s.key: s for s in self.streams}

    @cached_property
    def counted_keys(self) -> frozenset[str]:
        return frozenset(s.key for s in self.counted)

    @cached_property
    def _allocations_by_cost(self) -> dict[str, list[Allocation]]:
        by_cost: dict[str, list[Allocation]] = {}
        for allocation in self.allocations:
            by_cost.setdefault(allocation.cost, []).append(allocation)
        return {cost: engine_order(group) for cost, group in by_cost.items()}

    def stream(self, key: str) -> FundingStream | None:
        return self._streams_by_key.get(key)

    def allocations_of(self, cost: str) -> list[Allocation]:
        """A cost line's allocations, in the order the engine splits its cost (stream key, start)."""
        return list(self._allocations_by_cost.get(cost, ()))

    def fringe_rate(self, position: Position) -> Decimal:
        return fringe_rate_of(position, self.organization)

    @cached_property
    def federal_streams(self) -> tuple[FundingStream, ...]:
        """The counted federal streams, by key: their shares are the Summary's federal budget."""
        return tuple(sorted((s for s in self.counted if is_federal(s)), key=lambda s: s.key))

    def is_federal(self, stream_key: str) -> bool:
        """A counted federal stream (a stream the view leaves out pays nothing in it)."""
        stream = self.stream(stream_key)
        return stream is not None and stream_key in self.counted_keys and is_federal(stream)

    @cached_property
    def _terms(self) -> dict[str, IndirectTerms]:
        return {s.key: stream_terms(s, self.applications, self.organization) for s in self.streams}

    def terms(self, stream: FundingStream) -> IndirectTerms:
        """The federal facts of ``stream``: rate, its basis, guidance, equipment threshold, match."""
        return self._terms[stream.key]

    def object_class(self, expense: Expense, stream_key: str | None) -> str:
        """The SF-424A object class of ``expense`` in ``stream_key``'s budget (None: the whole line).

        An equipment item below a federal stream's per-unit threshold is supplies in its budget;
        other streams keep the category it was entered in.
        """
        stream = self.stream(stream_key) if stream_key is not None else None
        if stream is None or not self.is_federal(stream.key):
            return expense.category
        return object_class(expense.category, expense.amount, self.terms(stream).equipment_threshold)

    def pays(self, allocations: list[Allocation]) -> Pays:
        """Whether allocation ``i`` of ``allocations`` is its stream's to pay in a month.

        A share of a month outside the stream's period is not the stream's (docs/design.md, "A stream
        pays only inside its period", :mod:`fundtracker.domain.stream_period`); a stream this view
        does not know keeps every month.
        """
        # Each allocation's paying months as a range (pays_in's rule), looked up once per line.
        periods = []
        for allocation in allocations:
            stream = self.stream(allocation.stream)
            if stream is None:
                periods.append(range(0, 10**9))
                continue
            first, last = first_paying_month(stream), last_paying_month(stream)
            periods.append(range(first, (last if last is not None else 10**9) + 1))

        def pays(index: int, month: MonthIndex) -> bool:
            return month in periods[index]

        return pays
