"""Months and fiscal years.

A month is written ``YYYY-MM``. Inside calculations a month is an ``int`` index
``year * 12 + (month - 1)`` so that ranges and differences are plain arithmetic.
The fiscal year starts in the organization's ``fiscal_year_start_month`` and is
named by the calendar year in which it ends.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date

from dateutil.relativedelta import relativedelta

from fundtracker.domain.errors import InputError

MonthIndex = int


def month_index(day: date) -> MonthIndex:
    """The month a date falls in, as an index."""
    return day.year * 12 + day.month - 1


def month_of(year: int, month: int) -> MonthIndex:
    return year * 12 + month - 1


def year_month(index: MonthIndex) -> tuple[int, int]:
    year, zero_based = divmod(index, 12)
    return year, zero_based + 1


# Cached: exports call it for every month of every cost line (dates are immutable).
@functools.cache
def first_day(index: MonthIndex) -> date:
    year, month = year_month(index)
    return date(year, month, 1)


@functools.cache
def last_day(index: MonthIndex) -> date:
    year, month = year_month(index)
    return date(year, month, calendar.monthrange(year, month)[1])


@functools.cache
def days_in_month(index: MonthIndex) -> int:
    year, month = year_month(index)
    return calendar.monthrange(year, month)[1]


def format_month(index: MonthIndex) -> str:
    """``YYYY-MM``."""
    year, month = year_month(index)
    return f"{year:04d}-{month:02d}"


def month_name(index: MonthIndex) -> str:
    """``March 2023``."""
    year, month = year_month(index)
    return f"{calendar.month_name[month]} {year}"


def parse_month(text: str) -> MonthIndex:
    """Parse ``YYYY-MM``."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InputError(f"not a month: {text!r}; write it as YYYY-MM, e.g. 2023-05")
    return month_of(int(match.group(1)), int(match.group(2)))


def parse_date(text: str) -> date:
    """Parse an ISO date ``YYYY-MM-DD``."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise InputError(f"not a date: {text!r}; write it as YYYY-MM-DD, e.g. 2022-01-31")
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(f"not a date: {text!r} ({exc})") from exc


def add_months(day: date, months: int) -> date:
    """Shift a date by whole months, clamping to the month's end (Jan 31 + 1 = Feb 28)."""
    shifted: date = day + relativedelta(months=months)
    return shifted


def fiscal_year(index: MonthIndex, start_month: int) -> int:
    """The fiscal year a month belongs to, named by the calendar year it ends in.

    With ``start_month`` 5, May 2022 – April 2023 is FY2023; with 1 it is the calendar year.
    """
    year, month = year_month(index)
    if start_month == 1:
        return year
    return year + 1 if month >= start_month else year


def fiscal_year_months(fy: int, start_month: int) -> range:
    """The month indexes of fiscal year ``fy``."""
    first = month_of(fy, start_month) if start_month == 1 else month_of(fy - 1, start_month)
    return range(first, first + 12)


def active_days(index: MonthIndex, start: date | None, end: date | None) -> int:
    """How many days of the month lie within [start, end] (``None`` = open)."""
    first, last = first_day(index), last_day(index)
    lo = max(first, start) if start else first
    hi = min(last, end) if end else last
    return max(0, (hi - lo).days + 1)
