"""Recorded receipts in the cash low point: closed months use the cash that came in.

DESIGN.md "After the award": the runway uses receipts for closed months. A reimbursement stream's
cash otherwise arrives ``lag_days`` after the close of each month charged
(:func:`fundtracker.forecast.projection._cash_positions`). For a stream whose award has drawdown
requests (:mod:`fundtracker.domain.awards`), the months before the as-of month (closed) take the
payments received in them instead, and what was charged in them and not yet received (the
receivable) is expected on the lag schedule in the open months, held to what is still owed;
whatever the schedule would have paid already is overdue and expected in the first open month.

A stream whose award has no request yet keeps the lag schedule: nobody is tracking its draws.
Only the cash position (the cash low point) changes; what a stream pays for does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from fundtracker.domain.awards import Award
from fundtracker.domain.months import MonthIndex, month_index


@dataclass(frozen=True)
class Receipts:
    """Payments received on reimbursement awards, by stream and closed month.

    Attributes:
        last_closed: the month before the as-of month.
        by_stream: stream key → ((month, cents), …) in month order, every closed month with a
            payment; a stream listed with no months received nothing yet.
    """

    last_closed: MonthIndex
    by_stream: Mapping[str, tuple[tuple[MonthIndex, int], ...]]


def recorded_receipts(awards: Iterable[Award], as_of: date) -> Receipts | None:
    """The receipts of the awards that have drawdown requests (None when none has)."""
    last_closed = month_index(as_of) - 1
    by_stream: dict[str, dict[MonthIndex, int]] = {}
    for award in awards:
        if not award.draws:
            continue
        months = by_stream.setdefault(award.stream, {})
        for draw in award.draws:
            for payment in draw.payments:
                month = month_index(payment.date)
                if month <= last_closed:
                    months[month] = months.get(month, 0) + payment.amount
    if not by_stream:
        return None
    return Receipts(
        last_closed,
        MappingProxyType({key: tuple(sorted(months.items())) for key, months in sorted(by_stream.items())}),
    )
