"""An award as tables: its budget versions side by side, and its drawdown requests.

Figures are the award record's own (:mod:`fundtracker.domain.awards`), printed with
:mod:`fundtracker.domain.money`; ``SORT_ROLE`` gives cents so columns sort by amount.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fundtracker.domain.awards import BUDGET_CATEGORIES, Award, Drawdown
from fundtracker.domain.money import format_money
from fundtracker.ui.models.record_table import SORT_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
CATEGORY_TITLES = {
    "personnel": "a. Personnel",
    "fringe": "b. Fringe Benefits",
    "travel": "c. Travel",
    "equipment": "d. Equipment",
    "supplies": "e. Supplies",
    "contractual": "f. Contractual",
    "construction": "g. Construction",
    "other": "h. Other",
    "indirect": "j. Indirect Charges",
    "total": "k. Totals",
}


def money(cents: int) -> str:
    return format_money(cents, symbol=True, grouping=True)


class BudgetVersionsModel(QAbstractTableModel):
    """Rows: SF-424A categories and the total; columns: each budget version's federal share."""

    ROWS = (*BUDGET_CATEGORIES, "total")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.award: Award | None = None

    def set_award(self, award: Award | None) -> None:
        self.beginResetModel()
        self.award = award
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() or self.award is None else len(self.ROWS)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() or self.award is None else 1 + len(self.award.versions)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.award is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Category (federal)"
        version = self.award.versions[section - 1]
        return f"Version {version.number} ({version.status})"

    def cents(self, row: int, column: int) -> int:
        assert self.award is not None
        version = self.award.versions[column - 1]
        category = self.ROWS[row]
        return version.federal_total if category == "total" else version.federal(category)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.award is None:
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return CATEGORY_TITLES[self.ROWS[row]] if column == 0 else money(self.cents(row, column))
        if role == SORT_ROLE:
            return row if column == 0 else self.cents(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if column == 0 else RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column > 0:
            version = self.award.versions[column - 1]
            return f"{version.date.isoformat()}: {version.reason}" if version.reason else version.date.isoformat()
        return None


class DrawsModel(QAbstractTableModel):
    """One row per drawdown request: number, period end, day made, amount, received, unpaid, status."""

    HEADERS = ("Request", "Through", "Made", "Amount", "Received", "Unpaid", "Status")
    COL_NUMBER, COL_THROUGH, COL_MADE, COL_AMOUNT, COL_RECEIVED, COL_UNPAID, COL_STATUS = range(7)
    NUMERIC = (COL_NUMBER, COL_AMOUNT, COL_RECEIVED, COL_UNPAID)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.draws: list[Drawdown] = []

    def set_draws(self, draws: tuple[Drawdown, ...]) -> None:
        self.beginResetModel()
        self.draws = list(draws)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.draws)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    @staticmethod
    def unpaid(draw: Drawdown) -> int:
        return 0 if draw.rejected_on is not None else draw.amount - draw.received

    def value(self, draw: Drawdown, column: int) -> Any:
        """The cell's sort value: cents for money, ISO text for days."""
        return (
            draw.number,
            draw.through.isoformat(),
            draw.requested_on.isoformat(),
            draw.amount,
            draw.received,
            self.unpaid(draw),
            draw.status,
        )[column]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        draw, column = self.draws[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.value(draw, column)
            if column in (self.COL_AMOUNT, self.COL_RECEIVED, self.COL_UNPAID):
                return money(value)
            if column == self.COL_STATUS and draw.rejected_on is not None:
                return f"rejected {draw.rejected_on.isoformat()}"
            return str(value)
        if role == SORT_ROLE:
            return self.value(draw, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in self.NUMERIC else LEFT
        if role == Qt.ItemDataRole.ToolTipRole and draw.payments:
            return "\n".join(f"{p.date.isoformat()}: {money(p.amount)}" for p in draw.payments)
        return None
