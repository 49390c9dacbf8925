"""The imported transactions: chosen, sorted and totalled as the Transactions page and its export show them,
and reclassified (another stream or category) as one audited, undoable change.

Pure functions over the workspace's actuals; the page's model keeps only the chosen rows' order.
Totals are integer cents, summed exactly (:func:`total`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from fundtracker.domain.errors import ConflictError, InputError
from fundtracker.domain.months import MonthIndex, month_index, month_name
from fundtracker.domain.records import Actual, Workspace
from fundtracker.exports.actuals_import import CATEGORIES
from fundtracker.exports.table_file import Cell, Cents
from fundtracker.services.changes import UPDATE, Step
from fundtracker.services.names import names_by_key

NO_STREAM = ""  # the stream filter's value for transactions that matched no funding stream
COLUMNS = ("date", "amount", "account", "category", "stream", "class", "payee", "number", "memo", "batch", "posted")
HEADERS = ("Date", "Amount", "Account", "Category", "Stream", "Class", "Payee", "Number", "Memo", "Batch", "Posted")


@dataclass(frozen=True)
class Choice:
    """Which transactions to show.

    Attributes:
        text: words each shown row holds somewhere (memo, payee, account, number, class, batch,
            stream name, category, date or amount); case ignored; "" for any.
        first, last: the month range (inclusive) the rows count in (a late bill's posting month); None
            for open-ended.
        stream: a stream key, :data:`NO_STREAM` for rows without one, None for any.
        category: an SF-424A category, None for any.
    """

    text: str = ""
    first: MonthIndex | None = None
    last: MonthIndex | None = None
    stream: str | None = None
    category: str | None = None


def stream_names(workspace: Workspace) -> dict[str, str]:
    return names_by_key(workspace, "stream")


def _stream_name(actual: Actual, names: dict[str, str]) -> str:
    return "" if actual.stream is None else names.get(actual.stream, actual.stream)


def search_text(actual: Actual, names: dict[str, str]) -> str:
    """Everything a row shows, folded for a case-blind search."""
    # The amount as "-1234.56" and "-1,234.56" (format_money's forms, written out here: 100,000 rows).
    whole, cents = divmod(abs(actual.amount), 100)
    sign = "-" if actual.amount < 0 else ""
    return " ".join(
        (
            actual.date.isoformat(),
            f"{sign}{whole}.{cents:02d}",
            f"{sign}{whole:,}.{cents:02d}",
            actual.account,
            actual.category,
            _stream_name(actual, names),
            actual.code,
            actual.payee,
            actual.number,
            actual.memo,
            actual.batch,
        )
    ).casefold()


def chosen(actuals: Iterable[Actual], choice: Choice, names: dict[str, str]) -> list[Actual]:
    """The transactions ``choice`` picks, in the order given."""
    return Ledger(tuple(actuals), names, ordered=False).chosen(choice)


class Ledger:
    """The transactions, ready to be chosen and sorted many times (a page's filters, 100,000 rows).

    Months and the search text of each row are worked out once; rows are kept in date order, so
    a sort by one column is a stable sort on that column alone (ties stay in date order).

    Args:
        ordered: put the rows in date order (else keep the order given).
    """

    def __init__(self, actuals: Sequence[Actual], names: dict[str, str], *, ordered: bool = True) -> None:
        self.names = names
        self.actuals = sorted(actuals, key=attrgetter("date", "key")) if ordered else list(actuals)
        self.months = [month_index(actual.posted_on) for actual in self.actuals]
        self._texts: list[str] | None = None

    def month_span(self) -> list[MonthIndex]:
        """Every month from the first transaction's to the last's."""
        return list(range(min(self.months), max(self.months) + 1)) if self.months else []

    def chosen(self, choice: Choice) -> list[Actual]:
        """The transactions ``choice`` picks, in date order."""
        words = choice.text.casefold().split()
        if words and self._texts is None:
            self._texts = [search_text(actual, self.names) for actual in self.actuals]
        picked = []
        for number, actual in enumerate(self.actuals):
            month = self.months[number]
            if choice.first is not None and month < choice.first:
                continue
            if choice.last is not None and month > choice.last:
                continue
            if choice.stream is not None and (actual.stream or NO_STREAM) != choice.stream:
                continue
            if choice.category is not None and actual.category != choice.category:
                continue
            if words:
                haystack = self._texts[number]  # type: ignore[index]
                if not all(word in haystack for word in words):
                    continue
            picked.append(actual)
        return picked


def column_key(column: str, names: dict[str, str]) -> Callable[[Actual], Any]:
    """The value rows sort by in ``column`` alone (for a stable sort of rows already in date order)."""
    if column in ("date", "amount", "batch", "category"):
        return attrgetter(column)
    if column == "posted":
        return attrgetter("posted_on")
    if column == "stream":
        return lambda a: _stream_name(a, names).casefold()
    field = {"class": "code"}.get(column, column)
    get = attrgetter(field)
    return lambda a: get(a).casefold()


def sort_key(column: str, names: dict[str, str]) -> Callable[[Actual], Any]:
    """How rows sort by ``column``: dates and amounts by value, text case-blind; ties by date and key."""
    primary = column_key(column, names)
    return lambda a: (primary(a), a.date, a.key)


def total(actuals: Iterable[Actual]) -> int:
    """The rows' sum in cents (exact)."""
    return sum(actual.amount for actual in actuals)


def cells(actual: Actual, names: dict[str, str]) -> tuple[Cell, ...]:
    """One row as an export writes it (columns :data:`HEADERS`)."""
    return (
        actual.date,
        Cents(actual.amount),
        actual.account,
        actual.category,
        _stream_name(actual, names),
        actual.code,
        actual.payee,
        actual.number,
        actual.memo,
        actual.batch,
        actual.posted,
    )


def export_rows(actuals: Sequence[Actual], names: dict[str, str]) -> Iterable[tuple[Cell, ...]]:
    """The rows, then a total row (cents exact), for a CSV or XLSX export."""
    for actual in actuals:
        yield cells(actual, names)
    yield ("Total", Cents(total(actuals)), "", "", "", "", "", "", f"{len(actuals):,} transactions", "", "")


def reclassify(
    workspace: Workspace,
    keys: Sequence[str],
    locked: Iterable[MonthIndex],
    *,
    stream: str | None = None,
    category: str | None = None,
) -> list[Step]:
    """The steps that move transactions ``keys`` to another stream and/or category (one change).

    Args:
        stream: the stream key they move to, :data:`NO_STREAM` for none; None leaves streams as they are.
        category: the SF-424A category they move to; None leaves categories as they are.

    Returns:
        One update step per transaction that changes (none already so).

    Raises:
        InputError: no transaction chosen, an unknown stream or category, nothing to change.
        ConflictError: a chosen transaction is in a locked month; the message names the month(s).
    """
    if not keys:
        raise InputError("choose the transactions to reclassify", "transactions")
    if stream is None and category is None:
        raise InputError("choose a stream or a category to move them to", "reclassify")
    if stream and workspace.stream(stream) is None:
        raise InputError(f"no funding stream with key {stream!r}", "stream")
    if category is not None and category not in CATEGORIES:
        raise InputError(f"{category!r} is not a category; use one of {', '.join(CATEGORIES)}", "category")
    by_key = {actual.key: actual for actual in workspace.actuals}
    missing = [key for key in keys if key not in by_key]
    if missing:
        raise InputError(f"no transaction with key {missing[0]!r} (reload to see others' changes)", "transactions")
    closed = set(locked)
    in_locked = sorted({month_index(by_key[key].posted_on) for key in keys} & closed)
    if in_locked:
        count = sum(month_index(by_key[key].posted_on) in closed for key in keys)
        months = ", ".join(month_name(month) for month in in_locked)
        raise ConflictError(
            f"{count:,} of the chosen transactions {'is' if count == 1 else 'are'} in the locked "
            f"{'month' if len(in_locked) == 1 else 'months'} {months}; nothing was reclassified "
            "(unlock the month with Edit ▸ Lock periods… to change it)"
        )
    steps = []
    for key in dict.fromkeys(keys):
        before = by_key[key]
        after = before
        if stream is not None:
            after = dataclasses.replace(after, stream=stream or None)
        if category is not None:
            after = dataclasses.replace(after, category=category)
        if after != before:
            steps.append(Step(UPDATE, "actual", key, before, after))
    if not steps:
        raise InputError("the chosen transactions are classed so already; nothing to change", "reclassify")
    return steps


def reclassify_text(steps: Sequence[Step], names: dict[str, str], stream: str | None, category: str | None) -> str:
    """The undo step's name: "Reclassify 3 transactions to COMBAT anti-crime tax, supplies"."""
    to = []
    if stream is not None:
        to.append(names.get(stream, stream) if stream else "no stream")
    if category is not None:
        to.append(category)
    count = len(steps)
    return f"Reclassify {count:,} transaction{'' if count == 1 else 's'} to {', '.join(to)}"
