"""Answers a program lead asks of a projection: who goes unfunded first, what is missing, what lapses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fundtracker.domain.errors import InputError
from fundtracker.domain.months import MonthIndex, first_day, format_month, last_day, month_index
from fundtracker.forecast.projection import Projection


@dataclass(frozen=True)
class UnfundedPosition:
    """A position that goes unfunded in the horizon.

    Attributes:
        first_unfunded_month: the first month with unfunded cost.
        first_unfunded: that month's first day.
        funded_through: the last day of the month before.
        unfunded_total: unfunded cost over the whole horizon (cents).
    """

    key: str
    title: str
    first_unfunded_month: MonthIndex
    first_unfunded: date
    funded_through: date
    unfunded_total: int


@dataclass(frozen=True)
class Shortfall:
    """Money missing to stay fully funded from the start through a target date.

    Attributes:
        months: the months from the start through the target's month.
        amounts: unfunded cost in each of them (cents).
        total: their sum (cents).
    """

    through: date
    months: list[MonthIndex]
    amounts: list[int]
    total: int


@dataclass(frozen=True)
class Lapse:
    """Money a stream loses unspent over the horizon.

    Attributes:
        lapsed_total: cash left at the close of the end month (cents).
        by_month: ``(month, cents)`` for each month something lapsed.
        undrawn_total: award a reimbursement stream never drew (cents).
    """

    key: str
    name: str
    lapsed_total: int
    by_month: list[tuple[MonthIndex, int]]
    undrawn_total: int


def unfunded_first(projection: Projection) -> list[UnfundedPosition]:
    """Positions that go unfunded in the horizon, earliest first (then by key)."""
    found = []
    for key, line in projection.line_totals.items():
        if line.kind != "position" or line.first_unfunded_month is None:
            continue
        month = line.first_unfunded_month
        found.append(
            UnfundedPosition(
                key=key,
                title=line.title,
                first_unfunded_month=month,
                first_unfunded=first_day(month),
                funded_through=last_day(month - 1),
                unfunded_total=line.unfunded_total,
            )
        )
    return sorted(found, key=lambda u: (u.first_unfunded_month, u.key))


def shortfall(projection: Projection, through: date) -> Shortfall:
    """Unfunded cost per month from the start of the horizon through ``through``'s month.

    Raises:
        InputError: ``through`` lies before the horizon or after its end.
    """
    target = month_index(through)
    start, end = projection.start, projection.months[-1]
    if not start <= target <= end:
        raise InputError(
            f"{through.isoformat()} is outside the forecast horizon {format_month(start)} – {format_month(end)}",
            "through",
        )
    amounts = [int(v) for v in projection.unfunded[: target - start + 1]]
    return Shortfall(through, list(range(start, target + 1)), amounts, sum(amounts))


def lapsing(projection: Projection) -> list[Lapse]:
    """Streams that lose money unspent in the horizon (lapsed cash or undrawn award), by key."""
    result = []
    for row, stream in enumerate(projection.streams):
        lapsed = projection.stream_lapsed[row]
        undrawn = int(projection.stream_undrawn[row].sum())
        total = int(lapsed.sum())
        if total == 0 and undrawn == 0:
            continue
        by_month = [(projection.start + int(c), int(lapsed[c])) for c in lapsed.nonzero()[0]]
        result.append(Lapse(stream.key, stream.name, total, by_month, undrawn))
    return result
