"""Every imported transaction as a table, chosen and sorted in Python so 100,000 rows stay fast.

The model keeps the workspace's actuals and the order of the chosen ones; filtering and sorting
(:mod:`fundtracker.services.transactions`) run over plain lists, and ``data`` formats only the
rows on screen. No proxy model: a proxy would call ``data`` for every comparison of a sort.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fundtracker.domain.money import format_money
from fundtracker.domain.records import Actual
from fundtracker.services import transactions as tx
from fundtracker.ui.models.record_table import KEY_ROLE
from fundtracker.ui.session import WorkspaceSession

AnyIndex = QModelIndex | QPersistentModelIndex


class TransactionTableModel(QAbstractTableModel):
    """The chosen transactions, in the chosen order (columns :data:`fundtracker.services.transactions.HEADERS`)."""

    COL_DATE, COL_AMOUNT, COL_ACCOUNT, COL_CATEGORY, COL_STREAM, COL_CLASS = range(6)
    COL_PAYEE, COL_NUMBER, COL_MEMO, COL_BATCH, COL_POSTED = range(6, 11)
    HEADERS = tx.HEADERS

    def __init__(self, session: WorkspaceSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.choice = tx.Choice()
        self.sort_column = self.COL_DATE
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.names: dict[str, str] = {}
        self.all: tuple[Actual, ...] = ()
        self.ledger = tx.Ledger((), {})
        self.rows: list[Actual] = []
        self._load()
        session.changed.connect(self.reload)

    # -- what is shown -------------------------------------------------------------

    def _load(self) -> None:
        workspace = self.session.workspace
        names = tx.stream_names(workspace)
        if workspace.actuals is not self.all or names != self.names:
            self.names = names
            self.all = workspace.actuals
            self.ledger = tx.Ledger(self.all, names)
        self.rows = self._sorted(self.ledger.chosen(self.choice))

    def _sorted(self, rows: list[Actual]) -> list[Actual]:
        """``rows`` (in date order) by the sort column; a stable sort, so ties stay in date order."""
        if self.sort_column != self.COL_DATE or self.sort_order != Qt.SortOrder.AscendingOrder:
            rows.sort(
                key=tx.column_key(tx.COLUMNS[self.sort_column], self.names),
                reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
            )
        return rows

    def reload(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()

    def set_choice(self, choice: tx.Choice) -> None:
        if choice != self.choice:
            self.choice = choice
            self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.HEADERS) or (column, order) == (self.sort_column, self.sort_order):
            return  # the view asks twice for one click
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        self.rows = self._sorted(self.ledger.chosen(self.choice))
        self.layoutChanged.emit()

    @property
    def total(self) -> int:
        """The shown rows' sum in cents."""
        return tx.total(self.rows)

    # -- Qt ------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def text(self, actual: Actual, column: int) -> str:
        if column == self.COL_DATE:
            return actual.date.isoformat()
        if column == self.COL_AMOUNT:
            return format_money(actual.amount, symbol=True, grouping=True)
        if column == self.COL_POSTED:
            return "" if actual.posted is None else actual.posted.isoformat()
        if column == self.COL_STREAM:
            return "(no stream)" if actual.stream is None else self.names.get(actual.stream, actual.stream)
        values = {
            self.COL_ACCOUNT: actual.account,
            self.COL_CATEGORY: actual.category,
            self.COL_CLASS: actual.code,
            self.COL_PAYEE: actual.payee,
            self.COL_NUMBER: actual.number,
            self.COL_MEMO: actual.memo,
            self.COL_BATCH: actual.batch,
        }
        return values.get(column, "")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        actual = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(actual, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.COL_DATE, self.COL_POSTED) and actual.posted:
            return (
                f"A late bill: dated {actual.date.isoformat()} in a locked month, "
                f"posted to {actual.posted.isoformat()}, the first open month"
            )
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.COL_MEMO, self.COL_ACCOUNT, self.COL_STREAM):
            return self.text(actual, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == KEY_ROLE:
            return actual.key
        return None
