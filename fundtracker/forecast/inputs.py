"""Turn a workspace into forecast inputs: apply a scenario's overrides, then the view.

The result is a :class:`ForecastInputs` of frozen records. The stored workspace is
never changed: every override builds new records with :func:`dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from fundtracker.domain.errors import InputError
from fundtracker.domain.money import split_evenly
from fundtracker.domain.months import MonthIndex, add_months, last_day, month_index
from fundtracker.domain.records import (
    UNCERTAIN_STATUSES,
    AddPosition,
    Allocation,
    AllocationOverride,
    Expense,
    FundingStream,
    Organization,
    Position,
    PositionOverride,
    PriorityOverride,
    Scenario,
    StreamOverride,
    Tranche,
    Workspace,
)
from fundtracker.forecast.actuals import ClosedMonths, closed_months
from fundtracker.forecast.receipts import Receipts, recorded_receipts

VIEWS = ("secured", "expected")
# Statuses each view counts. Declined streams never count.
VIEW_STATUSES: dict[str, tuple[str, ...]] = {
    "secured": ("secured",),
    "expected": ("secured", *UNCERTAIN_STATUSES),
}


@dataclass(frozen=True)
class ForecastInputs:
    """Everything the engine reads, after the scenario and the view.

    Attributes:
        organization: fiscal year start and the default fringe rate.
        streams: the streams that count in the view, sorted by key.
        positions: positions sorted by key (cost lines come first in this order).
        expenses: expenses sorted by key (cost lines after the positions).
        allocations: every allocation after the scenario, including those to streams
            that do not count in the view: their share falls to unrestricted streams.
        excluded: streams that exist but do not count (declined, or not in the view).
        view: ``"secured"`` or ``"expected"``.
        scenario: the scenario key applied, or ``None``.
        actuals: the closed months and their actual spending, or ``None`` (the plan
            alone: no transactions before the as-of month, or ``use_actuals=False``).
    """

    organization: Organization
    streams: tuple[FundingStream, ...]
    positions: tuple[Position, ...]
    expenses: tuple[Expense, ...]
    allocations: tuple[Allocation, ...]
    excluded: tuple[FundingStream, ...] = ()
    view: str = "expected"
    scenario: str | None = None
    actuals: ClosedMonths | None = None
    receipts: Receipts | None = None

    @property
    def actuals_through(self) -> MonthIndex | None:
        """The last closed month (the month before the as-of month), or ``None``."""
        return None if self.actuals is None else self.actuals.last

    @property
    def uncertain(self) -> tuple[FundingStream, ...]:
        """Counted streams whose status is pending, contested or prospect (sorted by key)."""
        return tuple(s for s in self.streams if s.status in UNCERTAIN_STATUSES)

    def stream(self, key: str) -> FundingStream | None:
        for stream in self.streams:
            if stream.key == key:
                return stream
        return None


def resolve(
    workspace: Workspace,
    view: str = "expected",
    scenario: str | None = None,
    as_of: date | None = None,
    *,
    use_actuals: bool = True,
) -> ForecastInputs:
    """The forecast inputs of ``workspace`` in ``view``, after ``scenario``'s overrides.

    Args:
        workspace: the stored workspace (left unchanged).
        view: ``"secured"`` (secured streams only) or ``"expected"`` (adds pending,
            contested and prospect streams).
        scenario: a scenario key; its overrides are applied first, then the view.
        as_of: the day of the forecast (default today). Months before its month that
            have actual spending recorded use it instead of the plan
            (:mod:`fundtracker.forecast.actuals`); a scenario does not change them.
        use_actuals: ``False`` to forecast the plan alone, ignoring actual spending.

    Raises:
        InputError: unknown view or scenario key, or an override naming a missing record.
    """
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}; use one of: {', '.join(VIEWS)}", "view")
    streams = list(workspace.streams)
    positions = list(workspace.positions)
    expenses = list(workspace.expenses)
    allocations = list(workspace.allocations)
    if scenario is not None:
        chosen = _find_scenario(workspace, scenario)
        for i, override in enumerate(chosen.overrides):
            where = f"scenario {chosen.key!r} overrides[{i}]"
            if isinstance(override, StreamOverride):
                streams = _override_stream(streams, override, where)
            elif isinstance(override, PositionOverride):
                positions = _override_position(positions, override, where)
            elif isinstance(override, AddPosition):
                taken = {p.key for p in positions} | {e.key for e in expenses}
                if override.position.key in taken:
                    raise InputError(f"adds position {override.position.key!r} but that key is taken", where)
                positions.append(override.position)
            elif isinstance(override, AllocationOverride):
                allocations = _override_allocation(allocations, override)
            elif isinstance(override, PriorityOverride):
                positions, expenses = _override_priority(positions, expenses, override, where)
    counted_statuses = VIEW_STATUSES[view]
    counted = tuple(sorted((s for s in streams if s.status in counted_statuses), key=lambda s: s.key))
    excluded = tuple(sorted((s for s in streams if s.status not in counted_statuses), key=lambda s: s.key))
    return ForecastInputs(
        organization=workspace.organization,
        streams=counted,
        positions=tuple(sorted(positions, key=lambda p: p.key)),
        expenses=tuple(sorted(expenses, key=lambda e: e.key)),
        allocations=tuple(allocations),
        excluded=excluded,
        view=view,
        scenario=scenario,
        actuals=closed_months(workspace.actuals, as_of or date.today()) if use_actuals else None,
        receipts=recorded_receipts(workspace.awards, as_of or date.today()) if use_actuals else None,
    )


def _find_scenario(workspace: Workspace, key: str) -> Scenario:
    for scenario in workspace.scenarios:
        if scenario.key == key:
            return scenario
    known = ", ".join(s.key for s in workspace.scenarios) or "(none defined)"
    raise InputError(f"no scenario with key {key!r}; scenarios: {known}", "scenario")


def _override_stream(streams: list[FundingStream], override: StreamOverride, where: str) -> list[FundingStream]:
    index = next((i for i, s in enumerate(streams) if s.key == override.stream), None)
    if index is None:
        raise InputError(f"no funding stream with key {override.stream!r}", where)
    if override.drop:
        return streams[:index] + streams[index + 1 :]
    stream = streams[index]
    if override.status is not None:
        stream = replace(stream, status=override.status)
    if override.probability is not None:
        stream = replace(stream, probability=override.probability)
    if override.outcomes is not None:
        stream = replace(stream, outcomes=override.outcomes)
    if override.amount is not None:
        stream = with_amount(stream, override.amount)
    if override.start is not None:
        stream = replace(stream, start=override.start)
    if override.end is not None:
        stream = replace(stream, end=override.end)
    if override.shift_months:
        stream = shift_stream(stream, override.shift_months)
    if stream.end is not None and stream.end < stream.start:
        raise InputError(
            f"stream {stream.key!r} would end {stream.end.isoformat()} before it starts {stream.start.isoformat()}",
            where,
        )
    return [*streams[:index], stream, *streams[index + 1 :]]


def with_amount(stream: FundingStream, amount: int) -> FundingStream:
    """The stream with a new amount; tranches are rescaled so they still add up to it.

    Each tranche after the first becomes ``floor(amount × tranche / old amount)``; the first
    takes the rest, so the tranches add up exactly (split evenly when the old amount was 0).
    """
    schedule = stream.schedule
    if schedule.type == "tranches" and schedule.tranches:
        old = stream.amount
        if old > 0:
            rest = [amount * t.amount // old for t in schedule.tranches[1:]]
            amounts = [amount - sum(rest), *rest]
        else:
            amounts = split_evenly(amount, len(schedule.tranches))
        tranches = tuple(Tranche(t.date, a) for t, a in zip(schedule.tranches, amounts))
        schedule = replace(schedule, tranches=tranches)
    return replace(stream, amount=amount, schedule=schedule)


def shift_date(day: date, months: int) -> date:
    """Shift by whole months; a month's last day stays its month's last day."""
    shifted = add_months(day, months)
    if day == last_day(month_index(day)):
        return last_day(month_index(shifted))
    return shifted


def shift_stream(stream: FundingStream, months: int) -> FundingStream:
    """The stream with its period, decision date and tranche dates moved by ``months``."""
    tranches = tuple(Tranche(shift_date(t.date, months), t.amount) for t in stream.schedule.tranches)
    return replace(
        stream,
        start=shift_date(stream.start, months),
        end=shift_date(stream.end, months) if stream.end else None,
        decision_date=shift_date(stream.decision_date, months) if stream.decision_date else None,
        schedule=replace(stream.schedule, tranches=tranches),
    )


def _override_position(positions: list[Position], override: PositionOverride, where: str) -> list[Position]:
    index = next((i for i, p in enumerate(positions) if p.key == override.position), None)
    if index is None:
        raise InputError(f"no position with key {override.position!r}", where)
    if override.drop:
        return positions[:index] + positions[index + 1 :]
    position = positions[index]
    if override.annual_salary is not None:
        position = replace(position, annual_salary=override.annual_salary)
    if override.fte is not None:
        position = replace(position, fte=override.fte)
    if override.start is not None:
        position = replace(position, start=override.start)
    if override.end is not None:
        position = replace(position, end=override.end)
    if position.end is not None and position.end < position.start:
        raise InputError(
            f"position {position.key!r} would end {position.end.isoformat()} "
            f"before it starts {position.start.isoformat()}",
            where,
        )
    return [*positions[:index], position, *positions[index + 1 :]]


def _override_allocation(allocations: list[Allocation], override: AllocationOverride) -> list[Allocation]:
    kept = [a for a in allocations if not (a.cost == override.cost and a.stream == override.stream)]
    if override.percent > Decimal(0):
        kept.append(Allocation(override.cost, override.stream, override.percent, override.start, override.end))
    return kept


def _override_priority(
    positions: list[Position], expenses: list[Expense], override: PriorityOverride, where: str
) -> tuple[list[Position], list[Expense]]:
    """The cost line ``override.cost`` (a position, an added one, or an expense) with its new priority."""
    if any(p.key == override.cost for p in positions):
        return [replace(p, priority=override.priority) if p.key == override.cost else p for p in positions], expenses
    if any(e.key == override.cost for e in expenses):
        return positions, [replace(e, priority=override.priority) if e.key == override.cost else e for e in expenses]
    raise InputError(f"no position or expense with key {override.cost!r}", where)
