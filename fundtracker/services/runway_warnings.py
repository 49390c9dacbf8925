"""Warnings where the user acts: allocations the engine cannot honour, money lapsing while
someone goes unfunded, a position nothing pays (issue 13).

Every rule reads one :class:`~fundtracker.forecast.Projection` (no second engine): the
allocation editor, the dashboard and ``fundtracker runway`` all call :func:`runway_warnings`,
so they say the same thing. The rules:

* **Outside the stream's period** (``outside_period``): an allocation in force in months
  where its cost line runs but its stream cannot pay (before the stream's start month or
  after its end month, inside the horizon). The engine sends that share to unrestricted
  money (DESIGN.md "Runway semantics", step 2); the warning says whether the line then went
  short in those months.
* **Lapsing while unfunded** (``lapse_unfunded``): a restricted stream loses money unspent
  (cash lapsing, or a reimbursement award left undrawn) while a position goes unfunded in the
  horizon. The position suggested is the first to go unfunded (then charging order) among
  those not allocated to that stream that have cost inside the stream's period before the
  money lapses, so charging it there would spend the money.
* **Paid by nothing** (``unpaid_position``): a position with cost in the horizon of which no
  stream pays a cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from fundtracker.domain.money import format_money
from fundtracker.domain.months import MonthIndex, first_day, month_index, month_name, year_month

if TYPE_CHECKING:
    from fundtracker.domain.records import Allocation, FundingStream, Workspace
    from fundtracker.forecast import Projection

KINDS = ("outside_period", "lapse_unfunded", "unpaid_position")


@dataclass(frozen=True)
class RunwayWarning:
    """One warning and the records it is about (to show it beside them, or open them).

    Attributes:
        kind: one of :data:`KINDS`.
        message: the sentence shown.
        cost: the position or expense key it concerns, if any.
        stream: the stream key it concerns, if any.
        allocation: the allocation's key (:attr:`Allocation.key`) for ``outside_period``.
        months: the months it is about (the unpaid months, the lapse months, the unfunded months).
    """

    kind: str
    message: str
    cost: str | None = None
    stream: str | None = None
    allocation: str | None = None
    months: tuple[MonthIndex, ...] = ()


def money(cents: int) -> str:
    return format_money(cents, symbol=True, grouping=True)


def month_span(first: MonthIndex, last: MonthIndex) -> str:
    """``May 2027``, ``January–May 2027`` or ``November 2026–May 2027``."""
    if first == last:
        return month_name(first)
    if year_month(first)[0] == year_month(last)[0]:
        return f"{month_name(first).split()[0]}–{month_name(last)}"
    return f"{month_name(first)}–{month_name(last)}"


def runway_warnings(projection: Projection) -> list[RunwayWarning]:
    """Every warning about ``projection``: outside-period allocations, lapsing money, unpaid positions."""
    return [*outside_period(projection), *lapsing_while_unfunded(projection), *unpaid_positions(projection)]


def warnings_of(
    workspace: Workspace,
    start: MonthIndex,
    months: int = 36,
    *,
    view: str = "expected",
    scenario: str | None = None,
    as_of: date | None = None,
) -> list[RunwayWarning]:
    """:func:`runway_warnings` of the engine's projection of ``workspace`` (expected view by default)."""
    from fundtracker import forecast

    return runway_warnings(forecast.forecast(workspace, view, scenario, start=start, months=months, as_of=as_of))


def _streams_by_key(projection: Projection) -> dict[str, FundingStream]:
    inputs = projection.inputs
    return {s.key: s for s in (*inputs.streams, *inputs.excluded)}


def _active(allocation: Allocation, line_start: date, month: MonthIndex) -> bool:
    """The engine's rule (forecast.shares): in force on the line's first active day of the month."""
    reference = max(first_day(month), line_start)
    return (allocation.start is None or allocation.start <= reference) and (
        allocation.end is None or reference <= allocation.end
    )


def outside_period(projection: Projection) -> list[RunwayWarning]:
    """Allocations in force while their stream cannot pay (see the module doc), in allocation order."""
    streams = _streams_by_key(projection)
    found = []
    for allocation in projection.inputs.allocations:
        stream = streams.get(allocation.stream)
        if stream is None or allocation.cost not in projection.line_totals or allocation.percent <= 0:
            continue
        row = projection.line_row(allocation.cost)
        line = projection.lines[row]
        first_paid = month_index(stream.start)
        last_paid = month_index(stream.end) if stream.end else None
        runs: list[tuple[str, list[int]]] = [("before", []), ("after", [])]
        for column, month in enumerate(projection.months):
            if projection.line_cost[row, column] <= 0 or not _active(allocation, line.start, month):
                continue
            if month < first_paid:
                runs[0][1].append(column)
            elif last_paid is not None and month > last_paid:
                runs[1][1].append(column)
        for side, columns in runs:
            if not columns:
                continue
            months = tuple(projection.start + c for c in columns)
            if side == "before":
                head = f"{stream.name} starts {stream.start.isoformat()}"
            else:
                assert stream.end is not None
                head = f"{stream.name} ends {stream.end.isoformat()}"
            short = int(projection.line_unfunded[row, columns].sum())
            then = (
                f"{line.title} goes {money(short)} short in those months"
                if short > 0
                else "unrestricted money pays it then"
            )
            found.append(
                RunwayWarning(
                    "outside_period",
                    f"{head}; this share of {line.title} is unpaid {month_span(months[0], months[-1])}: {then}",
                    cost=allocation.cost,
                    stream=allocation.stream,
                    allocation=allocation.key,
                    months=months,
                )
            )
    return found


def lapsing_while_unfunded(projection: Projection) -> list[RunwayWarning]:
    """Restricted streams losing money while a position they could pay goes unfunded, by stream key."""
    unfunded = [
        (totals.first_unfunded_month, order, row)
        for order, (row, line) in enumerate(enumerate(projection.lines))
        if line.kind == "position" and (totals := projection.line_totals[line.key]).first_unfunded_month is not None
    ]
    if not unfunded:
        return []
    unfunded.sort()
    allocated = {(a.cost, a.stream) for a in projection.inputs.allocations if a.percent > 0}
    found = []
    for row, stream in enumerate(projection.streams):
        if not stream.restricted:
            continue
        lost = projection.stream_lapsed[row] + projection.stream_undrawn[row]
        columns = np.flatnonzero(lost > 0)
        if len(columns) == 0:
            continue
        first_paid = month_index(stream.start) - projection.start
        last = int(columns[-1])
        for first_unfunded, _order, line_row in unfunded:
            line = projection.lines[line_row]
            if (line.key, stream.key) in allocated:
                continue
            window = slice(max(first_paid, 0), last + 1)
            if not (projection.line_cost[line_row, window] > 0).any():
                continue
            months = tuple(projection.start + int(c) for c in columns)
            when = (
                f"in {month_name(months[0])}"
                if len(months) == 1
                else f"from {month_name(months[0])} through {month_name(months[-1])}"
            )
            found.append(
                RunwayWarning(
                    "lapse_unfunded",
                    f"{money(int(lost.sum()))} of {stream.name} lapses {when} while {line.title} goes unfunded "
                    f"from {month_name(first_unfunded)}: allocate {line.title} to it?",
                    cost=line.key,
                    stream=stream.key,
                    months=months,
                )
            )
            break
    return found


def unpaid_positions(projection: Projection) -> list[RunwayWarning]:
    """Positions with cost in the horizon that no stream pays, in charging order."""
    found = []
    for row, line in enumerate(projection.lines):
        totals = projection.line_totals[line.key]
        if line.kind != "position" or totals.cost_total <= 0 or totals.charged_total > 0:
            continue
        to = sorted({a.stream for a in projection.inputs.allocations if a.cost == line.key and a.percent > 0})
        how = f"its allocations (to {', '.join(to)}) pay none of it" if to else "it is allocated to no stream"
        columns = np.flatnonzero(projection.line_unfunded[row] > 0)
        months = tuple(projection.start + int(c) for c in columns)
        found.append(
            RunwayWarning(
                "unpaid_position",
                f"{line.title} is paid by nothing: {how} and no unrestricted money reaches it "
                f"({money(totals.unfunded_total)} unfunded from {month_name(months[0])})",
                cost=line.key,
                months=months,
            )
        )
    return found
