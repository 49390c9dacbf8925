"""The audit log page: every change, by whom and when; filterable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.services.audit_export import HEADERS, audit_lines, matching
from fundtracker.ui.models.audit import AuditTableModel
from fundtracker.ui.models.record_table import RecordFilterProxy
from fundtracker.ui.session import WorkspaceSession
from fundtracker.ui.table_export import export_rows


class AuditPage(QWidget):
    """A read-only table of the audit log, newest first."""

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
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
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip(
            "Write the whole trail (or the entries the Find box shows) to a CSV or Excel file, oldest first, "
            "with before and after in words"
        )
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def export(self) -> Path | None:
        """Export the trail, every entry the Find box matches, oldest first (not only the newest shown)."""
        service = self.session.service
        lines = matching(audit_lines(service.history().audit, self.session.workspace), self.filter.text())
        return export_rows(
            self,
            what="Audit log",
            file_name="audit-log.csv",
            headers=HEADERS,
            rows=lambda: (line.cells() for line in lines),
            workspace_location=self.session.location,
            title="Audit log",
        )
