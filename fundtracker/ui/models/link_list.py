"""A small read-only table whose rows each lead to a record (dashboard lists)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

TARGET_ROLE = Qt.ItemDataRole.UserRole + 10  # (kind, key) of the record a row leads to
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LinkRow:
    """One row: its cells' text, which cells are figures (right-aligned), and the record it opens."""

    cells: tuple[str, ...]
    kind: str
    key: str
    tooltip: str = ""


class LinkListModel(QAbstractTableModel):
    """Rows of text that each name a record (``TARGET_ROLE``)."""

    def __init__(self, headers: tuple[str, ...], right_aligned: tuple[int, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.right_aligned = right_aligned
        self.rows: list[LinkRow] = []
        self.header_tips: dict[int, str] = {}  # what a column's words mean (the glossary's text)

    def set_rows(self, rows: list[LinkRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(section)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or f"Open {row.kind.replace('_', ' ')} {row.key}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right_aligned:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == TARGET_ROLE:
            return (row.kind, row.key)
        return None
