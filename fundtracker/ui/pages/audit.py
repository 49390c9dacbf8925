"""The audit log page: every change, by whom and when; filterable."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from fundtracker.ui.models.audit import AuditTableModel
from fundtracker.ui.models.record_table import RecordFilterProxy
from fundtracker.ui.session import WorkspaceSession


class AuditPage(QWidget):
    """A read-only table of the audit log, newest first."""

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AuditTableModel(session, self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find in the audit log…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Show only entries whose text contains this (Ctrl+F)")
        self.filter.setAccessibleName("Find in the audit log")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Audit log")
        self.table.setToolTip("Every change saved to this workspace; hover a change to see before and after")
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.sortByColumn(
            AuditTableModel.COL_WHEN, self.table.horizontalHeader().sortIndicatorOrder().DescendingOrder
        )
        note = QLabel("Changes are saved as you make them; undo and redo are changes too and appear here.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()
