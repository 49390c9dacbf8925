"""Answers a program lead asks of a projection: who goes unfunded first, what is missing, what lapses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

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


@dataclass(frozen=True)
class NeedMonth:
    """One month of a fundraising need.

    Attributes:
        unfunded: the unfunded cost the new money must pay in that month (cents): everyone's
            unfunded cost, or, for chosen positions, that of every line charged up to the last
            chosen one unfunded that month (new money charged last reaches lines in charging
            order, so it pays those first).
        needed_by_close: what must have arrived by the close of the month: the sum of
            ``unfunded`` from the horizon's start through this month.
    """

    month: MonthIndex
    unfunded: int
    needed_by_close: int


@dataclass(frozen=True)
class Need:
    """Money to raise so that nothing (or no chosen position) goes unfunded through ``through``.

    DESIGN.md v2 §2: new unrestricted, open-ended money, charged after every other stream,
    that has arrived by the close of each month in the amount ``needed_by_close`` leaves
    nothing unfunded (or the chosen positions funded) through ``through``; less by any
    month does not.

    Attributes:
        through: the target month.
        positions: the chosen position keys, or ``None`` for everyone (every cost line).
        total: the last month's ``needed_by_close``.
        by_month: every month from the horizon's start through ``through``.
        by_position: for each position, the need to keep that position alone funded
            (these overlap: they do not add up to ``total``).
    """

    through: MonthIndex
    positions: tuple[str, ...] | None
    total: int
    by_month: list[NeedMonth]
    by_position: dict[str, int]

    def raises(self) -> list[tuple[MonthIndex, int]]:
        """``(month, cents)``: the money that must arrive by each month's close beyond the month before."""
        return [(m.month, m.unfunded) for m in self.by_month if m.unfunded > 0]


def need(projection: Projection, through: MonthIndex, positions: Iterable[str] | None = None) -> Need:
    """The fundraising need through month ``through`` (see :class:`Need`).

    Args:
        positions: keys of the positions to keep funded; ``None`` for everyone.

    Raises:
        InputError: ``through`` lies outside the horizon, or a key is not a position.
    """
    start, end = projection.start, projection.months[-1]
    if not start <= through <= end:
        raise InputError(
            f"{format_month(through)} is outside the forecast horizon {format_month(start)} – {format_month(end)}",
            "through",
        )
    chosen: tuple[str, ...] | None = None
    if positions is not None:
        chosen = tuple(dict.fromkeys(positions))
        for key in chosen:
            if projection.line_totals.get(key) is None or projection.line_totals[key].kind != "position":
                known = ", ".join(k for k, t in projection.line_totals.items() if t.kind == "position") or "(none)"
                raise InputError(f"no position {key!r} in this forecast; positions: {known}", "positions")
    per_month = _needed(projection, through, chosen)
    by_month, running = [], 0
    for column, cents in enumerate(per_month):
        running += cents
        by_month.append(NeedMonth(start + column, cents, running))
    by_position = {
        key: sum(_needed(projection, through, (key,)))
        for key, line in projection.line_totals.items()
        if line.kind == "position"
    }
    return Need(through, chosen, running, by_month, by_position)


def _needed(projection: Projection, through: MonthIndex, chosen: tuple[str, ...] | None) -> list[int]:
    """Per month from the start through ``through``: the unfunded cost new money charged last must pay."""
    columns = through - projection.start + 1
    unfunded = projection.line_unfunded[:, :columns]
    if chosen is None:
        return [int(v) for v in unfunded.sum(axis=0)]
    # Pass 2 pays lines end to end in charging order (the rows' order): to reach the last
    # chosen line that is short in a month, new money pays every line charged before it too.
    reach = np.cumsum(unfunded, axis=0)
    rows = np.array(sorted(projection.line_row(key) for key in chosen), dtype=np.int64)
    last = np.where(unfunded[rows] > 0, rows[:, None], -1).max(axis=0)
    paid = np.where(last >= 0, reach[np.maximum(last, 0), np.arange(columns)], 0)
    return [int(v) for v in paid]
