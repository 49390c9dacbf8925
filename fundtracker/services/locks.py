"""Period locks: closed months whose actuals and allocations must not change.

An edit is refused only when it would change what a locked month holds: an actual
dated in it, or what an allocation charges in it (its cost line, stream or percent
while active there). Extending or ending an allocation after the locked months is fine.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from fundtracker.domain.months import MonthIndex, active_days, format_month, month_index
from fundtracker.domain.records import Actual, Allocation


def _allocation_share(allocation: Allocation | None, month: MonthIndex) -> tuple[str, str, Decimal] | None:
    """What the allocation charges in ``month``: (cost line, stream, percent), or None when inactive."""
    if allocation is None or active_days(month, allocation.start, allocation.end) == 0:
        return None
    return allocation.cost, allocation.stream, allocation.percent


def lock_violation(kind: str, old: Any, new: Any, locked: Iterable[MonthIndex]) -> str | None:
    """Why this change touches a locked month, or None when it does not."""
    locked = sorted(set(locked))
    if not locked:
        return None
    if kind == "actual":
        for record in (old, new):
            if isinstance(record, Actual) and month_index(record.posted_on) in locked:
                if old is not None and new is not None and old == new:
                    return None
                posted = "" if record.posted is None else f" (posted {record.posted.isoformat()})"
                return (
                    f"actual {record.key!r} is dated {record.date.isoformat()}{posted}, in the locked period "
                    f"{format_month(month_index(record.posted_on))}; unlock the period to change it"
                )
    if kind == "allocation":
        for month in locked:
            if _allocation_share(old, month) != _allocation_share(new, month):
                subject = (old or new).key
                return (
                    f"allocation {subject!r} charges the locked period {format_month(month)}; "
                    "unlock the period, or end the allocation and start a new one after it"
                )
    return None


def describe_months(months: Iterable[MonthIndex]) -> str:
    ordered = sorted(months)
    if not ordered:
        return "none"
    return format_month(ordered[0]) if len(ordered) == 1 else f"{format_month(ordered[0])}..{format_month(ordered[-1])}"
