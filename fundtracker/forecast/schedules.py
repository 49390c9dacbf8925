"""When a stream's money becomes available: its cash schedule, month by month.

Reimbursement streams have no cash schedule of their own (cash follows charges, late);
for the engine their whole award becomes drawable in their start month.
"""

from __future__ import annotations

from fundtracker.domain.money import split_evenly
from fundtracker.domain.months import MonthIndex, month_index
from fundtracker.domain.records import FundingStream

# A monthly or quarterly stream without an end date is spread over a year.
OPEN_PERIOD_MONTHS = 12


def period_months(stream: FundingStream) -> int:
    """Months in the stream's period, start and end month included (12 when open-ended)."""
    if stream.end is None:
        return OPEN_PERIOD_MONTHS
    return month_index(stream.end) - month_index(stream.start) + 1


def drawable_schedule(stream: FundingStream) -> list[tuple[MonthIndex, int]]:
    """(month, cents) pairs of money becoming drawable, in month order.

    lump_sum: everything in the start month. monthly: split evenly over the months of
    the period, leftover cents to the earliest. quarterly: split evenly over quarters
    beginning with the start month (a last partial quarter counts as one). tranches:
    each in its date's month. reimbursement: the whole award in the start month.
    """
    first = month_index(stream.start)
    kind = stream.schedule.type
    if kind == "monthly":
        count = period_months(stream)
        return [(first + i, cents) for i, cents in enumerate(split_evenly(stream.amount, count))]
    if kind == "quarterly":
        quarters = -(-period_months(stream) // 3)
        return [(first + 3 * i, cents) for i, cents in enumerate(split_evenly(stream.amount, quarters))]
    if kind == "tranches":
        return sorted((month_index(t.date), t.amount) for t in stream.schedule.tranches)
    return [(first, stream.amount)]
