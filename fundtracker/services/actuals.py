"""Actual spending: import a file's rows into a workspace, undo an import.

An import is all or nothing: every row is checked first (dates, amounts, streams,
duplicates of transactions already in the workspace), then all rows go in with one
bulk insert and one audit entry (action ``import``, kind ``actual``, key = the batch id)
in a single transaction. :func:`undo_import` deletes a batch the same way.

Budget vs actual (a read model) lives in :mod:`fundtracker.services.budget_vs_actual`.
"""

from __future__ import annotations

import secrets
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from fundtracker.domain.errors import InputError, Problem, ValidationError
from fundtracker.domain.money import MAX_CENTS, format_money
from fundtracker.domain.months import MonthIndex, first_day, format_month, month_index
from fundtracker.domain.records import Actual, Workspace
from fundtracker.domain.validation import validate_record
from fundtracker.services import changes
from fundtracker.services.workspace import WorkspaceService

DuplicateKey = tuple[date, int, str, str, str, str, str, str]
LegacyKey = tuple[date, int, str, str]


class ImportRow(Protocol):
    """One checked transaction (:class:`fundtracker.exports.actuals_import.ParsedRow`)."""

    @property
    def row(self) -> int: ...
    @property
    def date(self) -> date: ...
    @property
    def amount(self) -> int: ...
    @property
    def category(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def memo(self) -> str: ...
    @property
    def stream(self) -> str: ...
    @property
    def account(self) -> str: ...
    @property
    def payee(self) -> str: ...
    @property
    def number(self) -> str: ...


class FileProblem(Protocol):
    """A bad cell of a file (:class:`fundtracker.exports.actuals_import.RowProblem`)."""

    @property
    def row(self) -> int: ...
    @property
    def column(self) -> str: ...
    @property
    def message(self) -> str: ...


@dataclass(frozen=True)
class ImportResult:
    """What an import did.

    Attributes:
        batch: the batch id (undo it with :func:`undo_import`).
        imported: rows written.
        total: their amounts added up, in cents.
        duplicates: file rows skipped as duplicates (only with ``skip_duplicates``).
        skipped: file rows skipped as bad (only with ``skip_bad_rows``).
        unassigned: rows written without a funding stream (no code matched one).
        late: rows dated in a locked month, posted to the first open month (``post_late_bills``).
    """

    batch: str
    imported: int
    total: int
    duplicates: tuple[int, ...] = ()
    skipped: tuple[int, ...] = ()
    unassigned: int = 0
    late: int = 0


def new_batch_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"import-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def _same(text: str) -> str:
    """Text as compared for duplicates: case and spacing aside."""
    return " ".join(text.split()).casefold()


def duplicate_key(row: ImportRow | Actual) -> DuplicateKey:
    """What makes two transactions the same one: everything the export says about them.

    Date, amount, account, object class, code, memo, payee and number (text compared with case
    and spacing aside). The source row is not part of it: the same transaction sits on another
    row of a later export that overlaps the first.
    """
    return (
        row.date,
        row.amount,
        _same(row.account),
        row.category,
        _same(row.code),
        _same(row.memo),
        _same(row.payee),
        _same(row.number),
    )


def describe(row: ImportRow | Actual) -> str:
    """A transaction in a message: date, amount and the details the file gave."""
    details = " ".join(
        f"{name} {value!r}"
        for name, value in (
            ("account", row.account),
            ("code", row.code),
            ("memo", row.memo),
            ("payee", row.payee),
            ("number", row.number),
        )
        if value.strip()
    )
    return f"{row.date.isoformat()} {format_money(row.amount)} {details}".strip()


def legacy_key(row: ImportRow | Actual) -> LegacyKey:
    """The duplicate key of transactions imported before the details were kept (no source row)."""
    return (row.date, row.amount, _same(row.code), _same(row.memo))


class Repeats:
    """Which rows of a file were imported before, counting repeats.

    A transaction in the workspace matches one row of the file: two equal lines in a file are two
    transactions, and importing the file again finds both in the workspace and adds nothing;
    a file with three equal lines after an import of two adds one.
    """

    def __init__(self, existing: Sequence[Actual]) -> None:
        self.full: Counter[DuplicateKey] = Counter()
        self.legacy: Counter[LegacyKey] = Counter()
        for actual in existing:
            if actual.source_row is None:
                self.legacy[legacy_key(actual)] += 1
            else:
                self.full[duplicate_key(actual)] += 1

    def take(self, row: ImportRow) -> bool:
        """True when ``row`` is a transaction already in the workspace (and counts it as matched)."""
        key = duplicate_key(row)
        if self.full[key] > 0:
            self.full[key] -= 1
            return True
        if self.legacy:
            old = legacy_key(row)
            if self.legacy[old] > 0:
                self.legacy[old] -= 1
                return True
        return False


def stream_resolver(workspace: Workspace, codes: Mapping[str, str]) -> dict[str, str]:
    """Text in a code or stream column (lower case) -> stream key: keys, names and mapped codes."""
    table: dict[str, str] = {}
    for stream in workspace.streams:
        table[stream.name.strip().lower()] = stream.key
    for stream in workspace.streams:
        table[stream.key.lower()] = stream.key
    for code, key in codes.items():
        table[code.strip().lower()] = key
    return table


# Problems listed by one import at most (the rest are counted): a file of a million bad rows
# gets a readable answer and bounded memory.
MAX_LISTED = 1000


class _NothingNew(Exception):
    """Every row was imported before: leave the (empty) transaction."""


def import_actuals(
    service: WorkspaceService,
    rows: Iterable[ImportRow],
    *,
    problems: Sequence[FileProblem] = (),
    source: str = "",
    codes: Mapping[str, str] | None = None,
    skip_duplicates: bool = False,
    skip_bad_rows: bool = False,
    batch: str | None = None,
    bad_rows: Sequence[int] | None = None,
    more_problems: int = 0,
    post_late_bills: bool = False,
) -> ImportResult:
    """Import checked rows into the workspace, all or nothing.

    The rows are written as they come, in groups, inside one transaction
    (:meth:`WorkspaceService.streamed_import`), so ``rows`` may read a file of any size as it goes
    (:func:`fundtracker.exports.actuals_import.parse_stream`): nothing of it is kept but the
    row numbers of duplicates and bad rows. Any problem rolls the whole import back.

    Args:
        service: the open workspace.
        rows: the good rows of a file (a sequence, or an iterator reading the file).
        problems: the file's bad cells, looked at after the last row (a reader fills them as it
            reads); any of them stops the import unless ``skip_bad_rows``.
        source: the file name, for the audit entry.
        codes: code -> stream key, for codes that are not a stream's key or name.
        skip_duplicates: import only rows not already in the workspace instead of refusing.
        skip_bad_rows: import the good rows even when some are bad.
        batch: the batch id (default a new one).
        bad_rows: every bad row's number, when ``problems`` lists only the first ones.
        more_problems: how many problems the file had beyond ``problems``.
        post_late_bills: a row dated in a locked month is imported, keeping its date, posted to
            the first day of the first open month after it (instead of refusing the file).

    Raises:
        ValidationError: one problem per bad row or duplicate; nothing was written.
        WorkspaceError: the database failed; nothing was written.
    """
    codes = dict(codes or {})
    batch = batch or new_batch_id()
    found: list[Problem] = []
    unlisted = 0
    duplicates = array("q")
    refused = array("q")  # rows the workspace refuses (a locked month, an unknown stream)
    seen = 0
    late = 0

    def note(problem: Problem) -> None:
        nonlocal unlisted
        if len(found) < MAX_LISTED:
            found.append(problem)
        else:
            unlisted += 1

    try:
        with service.streamed_import(batch, source) as writer:
            workspace = writer.workspace
            streams = {s.key for s in workspace.streams}
            for code, key in codes.items():
                if key not in streams:
                    note(Problem("code mapping", "", code, f"no funding stream with key {key!r}"))
            resolver = stream_resolver(workspace, codes)
            repeats = Repeats(workspace.actuals)
            doomed = bool(found)  # a problem no option skips: check every row, write none
            for row in rows:
                seen += 1
                posted = late_posting(row.date, writer.locked) if post_late_bills else None
                stream, refusal = _stream_of(row, resolver, streams, frozenset() if posted else writer.locked)
                if refusal is not None:
                    note(refusal)
                    refused.append(row.row)
                    doomed = doomed or not skip_bad_rows
                    continue
                if repeats.take(row):
                    duplicates.append(row.row)
                    if not skip_duplicates:
                        doomed = True
                        note(
                            Problem(
                                f"row {row.row}",
                                "",
                                "",
                                f"already imported: {describe(row)} (--skip-duplicates imports the rest)",
                            )
                        )
                    continue
                if doomed or (problems and not skip_bad_rows):
                    continue  # the import will be refused: check the rest, write nothing more
                actual = Actual(
                    key=f"{batch}-{writer.count + 1:06d}",
                    date=row.date,
                    amount=row.amount,
                    stream=stream,
                    category=row.category,
                    code=row.code,
                    memo=row.memo,
                    batch=batch,
                    account=row.account,
                    payee=row.payee,
                    number=row.number,
                    source_row=row.row,
                    posted=posted,
                )
                late += posted is not None
                wrong = validate_record(actual)
                if wrong:
                    for problem in wrong:
                        note(Problem(f"row {row.row}", "", problem.field, problem.message))
                    refused.append(row.row)
                    doomed = doomed or not skip_bad_rows
                    continue
                writer.add(actual)
            # The whole file has been read: its problems are known now.
            skipped: tuple[int, ...] = ()
            if skip_bad_rows:
                numbers = set(bad_rows) if bad_rows is not None else {p.row for p in problems}
                skipped = tuple(sorted(numbers | set(refused)))
                kept = {*refused}
                found = [p for p in found if not (p.kind.startswith("row ") and int(p.kind[4:]) in kept)]
            else:
                listed = [Problem(f"row {p.row}", "", p.column, p.message) for p in problems]
                unlisted += more_problems
                found = listed + found
            if found:
                if unlisted:
                    found.append(Problem("file", "", "", f"and {unlisted:,} more problem(s) not listed"))
                raise ValidationError(found)
            if not writer.count:
                if duplicates and skip_duplicates:
                    raise _NothingNew
                anything = seen or problems or more_problems or bool(bad_rows)
                raise InputError(
                    "nothing to import: every row is bad" if anything else "the file has no transaction rows"
                )
    except _NothingNew:
        return ImportResult("", 0, 0, tuple(duplicates), skipped, 0)
    return ImportResult(
        batch,
        writer.count,
        writer.total,
        tuple(duplicates) if skip_duplicates else (),
        skipped,
        writer.unassigned,
        late,
    )


def late_posting(day: date, locked: frozenset[MonthIndex]) -> date | None:
    """Where a bill dated ``day`` is posted: None when its month is open, else the first day of the
    first open month after it (a late bill for a closed month counts in the books' next open period)."""
    month = month_index(day)
    if month not in locked:
        return None
    while month in locked:
        month += 1
    return first_day(month)


def _stream_of(
    row: ImportRow, resolver: Mapping[str, str], streams: set[str], locked: frozenset[int]
) -> tuple[str | None, Problem | None]:
    """The stream a row is charged to, or the problem that refuses it (a locked month, no such stream)."""
    if month_index(row.date) in locked:
        return None, Problem(
            f"row {row.row}",
            "",
            "date",
            f"{row.date.isoformat()} is in the locked period {format_month(month_index(row.date))}; "
            "unlock the period to import into it",
        )
    if abs(row.amount) > MAX_CENTS:
        return None, Problem(f"row {row.row}", "", "amount", "is over the limit of $1,000,000,000,000")
    if row.stream.strip():
        stream = resolver.get(row.stream.strip().lower())
        if stream is None:
            known = ", ".join(sorted(streams)) or "(no streams)"
            return None, Problem(f"row {row.row}", "", "stream", f"no funding stream {row.stream!r}; streams: {known}")
        return stream, None
    if row.code.strip():
        return resolver.get(row.code.strip().lower()), None
    return None, None


def undo_import(service: WorkspaceService, batch: str) -> int:
    """Delete every row of an imported batch in one transaction (audited). Returns the row count.

    Raises:
        NotFoundError: no such batch.
        ConflictError: the batch has rows in a locked period; nothing was deleted.
    """
    removed = changes.batch_of(service.load(), batch)
    service.apply([changes.remove_batch(removed)])
    return len(removed.actuals)


@dataclass(frozen=True)
class BatchInfo:
    batch: str
    rows: int
    total: int
    first: date
    last: date


def import_batches(service: WorkspaceService) -> list[BatchInfo]:
    """The imported batches still in the workspace, oldest first."""
    batches: dict[str, list[Actual]] = {}
    for actual in service.load().actuals:
        batches.setdefault(actual.batch, []).append(actual)
    return [
        BatchInfo(
            batch,
            len(items),
            sum(a.amount for a in items),
            min(a.date for a in items),
            max(a.date for a in items),
        )
        for batch, items in batches.items()
        if batch
    ]
