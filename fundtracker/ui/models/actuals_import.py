"""Tables of the import dialog: the rows as they will be read, every bad row, and codes → streams.

Built on :mod:`fundtracker.exports.actuals_import` (no Qt there); money is printed with
:mod:`fundtracker.domain.money`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence, Sized
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from fundtracker.domain.errors import Problem
from fundtracker.domain.money import format_money
from fundtracker.domain.records import ACTUAL_CATEGORIES, account_key
from fundtracker.exports.actuals_import import ColumnMapping, FileOverview, ParsedFile, RawTable, RowProblem
from fundtracker.services.account_categories import AccountChoice
from fundtracker.ui import fields as F
from fundtracker.ui.models.list_model import ListTableModel
from fundtracker.ui.models.record_table import CHOICES_ROLE, FIELD_ROLE, SORT_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
PROBLEM_COLOR = QColor("#c62828")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
NO_STREAM = "(no stream)"
# The service words its duplicate message for the command line; the dialog has a check box instead.
CLI_DUPLICATES_HINT = "(--skip-duplicates imports the rest)"
DIALOG_DUPLICATES_HINT = "(tick “Leave out rows imported before” to import the rest)"


@dataclass(frozen=True)
class PreviewRow:
    """One file row as the import reads it, or what is wrong with it."""

    row: int
    date: str = ""
    amount: str = ""
    category: str = ""
    code: str = ""
    memo: str = ""
    stream: str = ""
    problem: str = ""


def preview_rows(parsed: ParsedFile, resolver: Mapping[str, str], numbers: Sequence[int]) -> list[PreviewRow]:
    """The rows ``numbers`` of a parsed file for the preview: values, the stream each goes to, problems.

    Args:
        parsed: :func:`parse_rows` of (at least) those rows.
        resolver: :func:`fundtracker.services.actuals.stream_resolver` of the workspace and codes.
        numbers: the file's row numbers to show, in order.
    """
    good = {row.row: row for row in parsed.rows}
    problems: dict[int, list[str]] = {}
    for problem in parsed.problems:
        problems.setdefault(problem.row, []).append(f"{problem.column}: {problem.message}")
    shown = []
    for number in numbers:
        row = good.get(number)
        if row is None:
            shown.append(PreviewRow(number, problem="; ".join(problems.get(number, ["unreadable"]))))
            continue
        if row.stream.strip():
            stream = resolver.get(row.stream.strip().lower()) or ""
            note = "" if stream else f"stream: no funding stream {row.stream!r}"
        else:
            stream = resolver.get(row.code.strip().lower(), "") if row.code.strip() else ""
            note = ""
        shown.append(
            PreviewRow(
                number,
                row.date.isoformat(),
                format_money(row.amount, symbol=True, grouping=True),
                row.category,
                row.code,
                row.memo,
                stream or NO_STREAM,
                note,
            )
        )
    return shown


class PreviewModel(ListTableModel):
    """The first rows of the file, as they will be imported."""

    COL_ROW, COL_DATE, COL_AMOUNT, COL_CATEGORY, COL_CODE, COL_MEMO, COL_STREAM, COL_PROBLEM = range(8)
    HEADERS = ("Row", "Date", "Amount", "Category", "Code", "Memo", "Stream", "Problem")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []

    def set_rows(self, rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def items(self) -> Sized:
        return self.rows

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        values = (str(row.row), row.date, row.amount, row.category, row.code, row.memo, row.stream, row.problem)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return values[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (self.COL_ROW, self.COL_AMOUNT):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and row.problem:
            return QBrush(PROBLEM_COLOR)
        return None


@dataclass(frozen=True)
class BadRow:
    """What is wrong with one row: its number in the file (0 when not about a row), the column, the message."""

    row: int
    column: str
    message: str


def bad_rows_of_file(problems: Sequence[RowProblem]) -> list[BadRow]:
    return [BadRow(p.row, p.column, p.message) for p in problems]


def bad_rows_of_import(problems: Sequence[Problem]) -> list[BadRow]:
    """The import's refusal (:class:`ValidationError` problems: kind "row N") as bad rows."""
    rows = []
    for problem in problems:
        number = int(problem.kind[4:]) if problem.kind.startswith("row ") and problem.kind[4:].isdigit() else 0
        column = problem.field if number else f"{problem.kind} {problem.field}".strip()
        rows.append(BadRow(number, column, problem.message.replace(CLI_DUPLICATES_HINT, DIALOG_DUPLICATES_HINT)))
    return rows


class BadRowModel(ListTableModel):
    """Every bad row: row number, column, what is wrong."""

    COL_ROW, COL_COLUMN, COL_MESSAGE = range(3)
    HEADERS = ("Row", "Column", "What is wrong")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[BadRow] = []

    def set_rows(self, rows: list[BadRow]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda r: (r.row, r.column))
        self.endResetModel()

    def items(self) -> Sized:
        return self.rows

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        bad = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (str(bad.row) if bad.row else "—", bad.column, bad.message)[index.column()]
        if role == SORT_ROLE:
            return (bad.row, bad.column, bad.message)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COL_ROW:
            return RIGHT
        return None


CODE_STREAM_FIELD = F.Field(
    "stream", "Stream", F.OPTIONAL_CHOICE, tooltip="The funding stream this code's rows are charged to"
)


class CodeMappingModel(ListTableModel):
    """The file's fund/grant/class codes and the stream each goes to; the Stream column is editable.

    A code that is a stream's key or name goes to that stream unless chosen otherwise.

    Signals:
        codes_changed(): a code's stream was chosen.
    """

    codes_changed = Signal()
    COL_CODE, COL_ROWS, COL_STREAM = range(3)
    HEADERS = ("Code", "Rows", "Stream")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.counts: list[tuple[str, int]] = []
        self.chosen: dict[str, str] = {}
        self.automatic: dict[str, str] = {}
        self.streams: tuple[str, ...] = ()

    def set_codes(
        self,
        table: RawTable | FileOverview,
        mapping: ColumnMapping,
        resolver: Mapping[str, str],
        streams: Sequence[str],
    ) -> None:
        """List the codes in the mapped code column; keep choices already made for codes still there.

        ``table``: a whole table, or a file's overview (the dialog streams the file: its code
        column's distinct values are counted as it is read).
        """
        self.beginResetModel()
        column = mapping.columns.get("code")
        counts: Counter[str] = Counter()
        if isinstance(table, FileOverview):
            counts.update(table.column_values(column or ""))
        elif column in table.headers:
            position = table.headers.index(column)
            counts.update(cells[position].strip() for _, cells in table.rows if cells[position].strip())
        self.counts = sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))
        self.streams = tuple(streams)
        known = {code for code, _ in self.counts}
        self.chosen = {code: key for code, key in {**mapping.codes, **self.chosen}.items() if code in known}
        self.automatic = {code: resolver.get(code.lower(), "") for code in known}
        self.endResetModel()

    def codes(self) -> dict[str, str]:
        """The code → stream choices to import with (only those differing from the automatic match)."""
        return {code: key for code, key in self.chosen.items() if key and key != self.automatic.get(code)}

    def stream_of(self, code: str) -> str:
        """The stream a code's rows go to: the one chosen, else the stream the code names (if any).

        Choosing none cannot override a code that is a stream's key or name: the import
        always matches those.
        """
        return self.chosen.get(code) or self.automatic.get(code, "")

    def items(self) -> Sized:
        return self.counts

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == self.COL_STREAM else base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        code, count = self.counts[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (code, f"{count:,}", self.stream_of(code) or NO_STREAM)[column]
        if role == Qt.ItemDataRole.EditRole:
            return (code, count, self.stream_of(code))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_ROWS:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_STREAM:
            return "Double-click to choose the funding stream for this code's rows"
        if role == FIELD_ROLE:
            return CODE_STREAM_FIELD
        if role == CHOICES_ROLE:
            return self.streams
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.COL_STREAM or role != Qt.ItemDataRole.EditRole:
            return False
        key = str(value or "")
        if key and key not in self.streams:
            return False
        code = self.counts[index.row()][0]
        self.chosen[code] = key
        self.dataChanged.emit(index, index)
        self.codes_changed.emit()
        return True


ACCOUNT_CATEGORY_FIELD = F.Field(
    "category", "Category", F.CHOICE, tooltip="The SF-424A category this account's rows are sorted into"
)


class AccountCategoryModel(ListTableModel):
    """The file's accounts and the category each goes to (the workspace's mapping, or a guess); editable.

    Signals:
        accounts_changed(): a category was chosen.
    """

    accounts_changed = Signal()
    COL_ACCOUNT, COL_ROWS, COL_CATEGORY, COL_FROM = range(4)
    HEADERS = ("Account", "Rows", "Category", "From")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.layout = "plain"
        self.accounts: list[AccountChoice] = []
        self.chosen: dict[str, str] = {}  # account_key → category chosen in this dialog

    def set_accounts(self, layout: str, accounts: list[AccountChoice]) -> None:
        """Show a file's accounts; choices already made for accounts still there are kept."""
        self.beginResetModel()
        if layout != self.layout:
            self.chosen = {}
        self.layout = layout
        self.accounts = accounts
        known = {account_key(a.account) for a in accounts}
        self.chosen = {key: value for key, value in self.chosen.items() if key in known}
        self.endResetModel()

    def category_of(self, choice: AccountChoice) -> str:
        return self.chosen.get(account_key(choice.account), choice.category)

    def table(self) -> dict[str, str]:
        """account_key → category for every account shown (what the import sorts rows by)."""
        return {account_key(a.account): self.category_of(a) for a in self.accounts}

    def to_save(self) -> dict[str, str]:
        """account → category of the accounts whose category was chosen here (the workspace keeps them;
        a guess left as it is stays a guess, shown as one next time)."""
        return {a.account: self.category_of(a) for a in self.accounts if account_key(a.account) in self.chosen}

    def items(self) -> Sized:
        return self.accounts

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == self.COL_CATEGORY else base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        choice = self.accounts[index.row()]
        column = index.column()
        category = self.category_of(choice)
        edited = account_key(choice.account) in self.chosen
        source = "chosen here" if edited else "the workspace's mapping" if choice.mapped else "guessed from its words"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (choice.account, f"{choice.rows:,}", category, source)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_ROWS:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_CATEGORY:
            return "Double-click to choose the category; it is kept in the workspace for the next import"
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_FROM and not choice.mapped and not edited:
            return QBrush(QColor("#b26a00"))
        if role == FIELD_ROLE:
            return ACCOUNT_CATEGORY_FIELD
        if role == CHOICES_ROLE:
            return ACTUAL_CATEGORIES
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.COL_CATEGORY or role != Qt.ItemDataRole.EditRole:
            return False
        category = str(value or "")
        if category not in ACTUAL_CATEGORIES:
            return False
        self.chosen[account_key(self.accounts[index.row()].account)] = category
        self.dataChanged.emit(index, self.index(index.row(), self.COL_FROM))
        self.accounts_changed.emit()
        return True
