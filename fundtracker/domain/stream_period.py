"""A stream pays only inside its period: the one rule for which months a stream's shares count.

A stream's period runs from the month of its start through the month of its end (no end: open).
A share of a cost line allocated to a stream in a month outside that period is not the stream's:
the forecast engine does not let the stream pay it (the cost falls to unrestricted money), and
the application budget, the budget workbook's share lines and budget vs actual leave it out of
the stream's budget. A federal grant that ends in May is budgeted for May, not for June.
"""

from __future__ import annotations

from fundtracker.domain.months import MonthIndex, month_index
from fundtracker.domain.records import FundingStream


def first_paying_month(stream: FundingStream) -> MonthIndex:
    return month_index(stream.start)


def last_paying_month(stream: FundingStream) -> MonthIndex | None:
    """The stream's end month, ``None`` when it has no end."""
    return month_index(stream.end) if stream.end is not None else None


def pays_in(stream: FundingStream, month: MonthIndex) -> bool:
    """The stream may pay costs of ``month``."""
    last = last_paying_month(stream)
    return first_paying_month(stream) <= month and (last is None or month <= last)
