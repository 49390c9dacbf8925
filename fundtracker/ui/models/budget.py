"""An application's budget as tables: the SF-424A Section B summary and the detail lines.

Both read an :class:`ApplicationBudget` (``fundtracker.services.application_budget``) and
print its cents with the budget's own ``money`` formatter, so every figure is the
budget's figure to the cent. Read-only: the budget comes from the plan.
"""

from __future__ import annotations

from collections.abc import Sized
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from fundtracker.services.application_budget import CATEGORY_TITLES, OBJECT_CLASSES, ApplicationBudget, money
from fundtracker.ui.models.list_model import ListTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
CENTS_ROLE = Qt.ItemDataRole.UserRole + 1  # the figure in cents (int)
TOTAL_CLASSES = ("total_direct", "total")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class SectionBModel(QAbstractTableModel):
    """Rows: object classes a–k; columns: the class, then federal and non-federal for each budget
    year, then the totals (federal, non-federal, both)."""

    COL_CLASS = 0

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.budget: ApplicationBudget | None = None
        self._columns: list[tuple[str, int | None, str]] = []  # (header, year or None for all, share)

    def set_budget(self, budget: ApplicationBudget | None) -> None:
        self.beginResetModel()
        self.budget = budget
        self._columns = []
        if budget is not None:
            for year in budget.years:
                self._columns.append((f"{year.label}\nfederal", year.number, "federal"))
                self._columns.append((f"{year.label}\nnon-federal", year.number, "non_federal"))
            self._columns += [
                ("Total\nfederal", None, "federal"),
                ("Total\nnon-federal", None, "non_federal"),
                ("Total", None, "total"),
            ]
        self.endResetModel()

    def cents(self, row: int, column: int) -> int:
        """The figure in a money cell (column ≥ 1), in cents."""
        assert self.budget is not None
        category = OBJECT_CLASSES[row][1]
        _, year, share = self._columns[column - 1]
        cell = self.budget.cell(category, year) if year is not None else self.budget.category_total(category)
        value: int = getattr(cell, share)
        return value

    def column_of(self, header: str) -> int:
        """The column whose header reads ``header`` (line breaks as spaces), or −1."""
        for number, (text, _, _) in enumerate(self._columns, start=1):
            if text.replace("\n", " ") == header:
                return number
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() or self.budget is None else len(OBJECT_CLASSES)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() or self.budget is None else 1 + len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.budget is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "Object class" if section == 0 else self._columns[section - 1][0]
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            _, year, _ = self._columns[section - 1]
            if year is not None:
                return self.budget.years[year - 1].period_text
            return "All budget years"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.budget is None:
            return None
        letter, category, title = OBJECT_CLASSES[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_CLASS:
                return f"{letter}. {title}"
            return money(self.cents(index.row(), index.column()))
        if role == CENTS_ROLE and index.column() > 0:
            return self.cents(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if index.column() == self.COL_CLASS else RIGHT
        if role == Qt.ItemDataRole.FontRole and category in TOTAL_CLASSES:
            return _bold()
        if role == Qt.ItemDataRole.ToolTipRole and index.column() > 0:
            header = self._columns[index.column() - 1][0].replace("\n", " ")
            return f"{letter}. {title}, {header}: {money(self.cents(index.row(), index.column()))}"
        return None


class BudgetLinesModel(ListTableModel):
    """The budget detail worksheet: one row per line, with its computation."""

    COL_CLASS = 0
    COL_YEAR = 1
    COL_LINE = 2
    COL_AMOUNT = 3
    COL_COMPUTATION = 4
    HEADERS = ("Object class", "Year", "Line", "Amount", "Computation")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[Any] = []

    def set_budget(self, budget: ApplicationBudget | None) -> None:
        self.beginResetModel()
        order = {key: number for number, (_, key, _) in enumerate(OBJECT_CLASSES)}
        lines = budget.lines if budget is not None else ()
        self._lines = sorted(lines, key=lambda line: (order[line.category], line.year))
        self.endResetModel()

    def items(self) -> Sized:
        return self._lines

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_CLASS:
                return CATEGORY_TITLES[line.category]
            if column == self.COL_YEAR:
                return str(line.year)
            if column == self.COL_LINE:
                return line.label
            if column == self.COL_AMOUNT:
                return money(line.amount)
            if role == Qt.ItemDataRole.ToolTipRole:
                return line.computation + (f" ({line.note})" if line.note else "")
            # The amount is in its own column: the arithmetic reads better without "= $…" again.
            text = line.formula.removesuffix(f" = {money(line.amount)}")
            return text + (f" ({line.note})" if line.note else "")
        if role == CENTS_ROLE and column == self.COL_AMOUNT:
            return line.amount
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in (self.COL_AMOUNT, self.COL_YEAR) else LEFT
        return None
