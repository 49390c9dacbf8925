"""The reports the awards owe, on the Deadlines page: due dates from each award's terms, and status.

Mark submitted records that a report went in (one undoable change); Export calendar writes the
reports and the deadline records as an iCalendar file for the calendar people already use.
"""

from __future__ import annotations

from collections.abc import Sized
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.report_calendar import ReportDue
from fundtracker.services.compliance_calendar import all_reports, award_calendars, submit_steps
from fundtracker.ui.models.list_model import ListTableModel
from fundtracker.ui.session import WorkspaceSession

AnyIndex = QModelIndex | QPersistentModelIndex
LATE_COLOR = QColor("#B3261E")


class ReportsTableModel(ListTableModel):
    COL_AWARD, COL_REPORT, COL_PERIOD, COL_DUE, COL_STATUS = range(5)
    HEADERS = ("Award", "Report", "Period", "Due", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.reports: list[ReportDue] = []
        self.names: dict[str, str] = {}
        self.today = date.today()

    def set_reports(self, reports: list[ReportDue], names: dict[str, str], today: date) -> None:
        self.beginResetModel()
        self.reports, self.names, self.today = reports, names, today
        self.endResetModel()

    def items(self) -> Sized:
        return self.reports

    def status_text(self, report: ReportDue) -> str:
        status = report.status(self.today)
        if status == "submitted" and report.submitted_on is not None:
            return f"submitted {report.submitted_on:%Y-%m-%d}" + (" (late)" if report.submitted_late() else "")
        days = (report.due - self.today).days
        return f"late by {-days} day{'s' if days != -1 else ''}" if status == "late" else f"due in {days} days"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        report = self.reports[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self.names.get(report.award, report.award),
                _sentence(report.title),
                f"{report.period_start:%Y-%m-%d} – {report.period_end:%Y-%m-%d}",
                f"{report.due:%Y-%m-%d}",
                self.status_text(report),
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and report.status(self.today) == "late":
            return LATE_COLOR
        return None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class SubmittedDialog(QDialog):
    """Ask the day a report was submitted."""

    def __init__(self, report: ReportDue, award_name: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark submitted")
        form = QFormLayout(self)
        form.addRow(QLabel(f"{_sentence(report.title)} ({award_name})"))
        day = report.submitted_on or today
        self.on = QDateEdit(QDate(day.year, day.month, day.day))
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        form.addRow("Submitted on", self.on)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)


class ReportsDuePanel(QWidget):
    """Every report the awards owe, soonest first; late ones in red."""

    status = Signal(str)

    def __init__(self, session: WorkspaceSession, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today or date.today()
        self.model = ReportsTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Reports the awards owe")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ReportsTableModel.COL_REPORT, QHeaderView.ResizeMode.Stretch)
        self.submit_button = QPushButton("Mark submitted…")
        self.submit_button.setToolTip("Record the day the selected report was submitted to the funder")
        self.submit_button.clicked.connect(self.mark_submitted)
        self.export_button = QPushButton("Export calendar (.ics)…")
        self.export_button.setToolTip("Save these reports and the deadlines for Outlook, Google or Apple Calendar")
        self.export_button.clicked.connect(self.export_calendar)
        self.note = QLabel()
        self.note.setWordWrap(True)
        title = QLabel("<b>Reports the awards owe</b> (from each award's reporting terms)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        session.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        workspace = self.session.workspace
        calendars = award_calendars(workspace)
        names = {c.award: c.name for c in calendars}
        self.model.set_reports(all_reports(workspace), names, self.today)
        notes = [f"{c.name}: {c.note}." for c in calendars if c.note]
        if not calendars:
            notes.append("No awards yet: recording an award (Applications ▸ Record award) schedules its reports.")
        late = sum(1 for r in self.model.reports if r.status(self.today) == "late")
        if late:
            notes.insert(
                0, f"{late} report{'s are' if late != 1 else ' is'} late: a late report can put funds on hold."
            )
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        self._enable()

    def selected(self) -> ReportDue | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.reports[rows[0].row()] if rows else None

    def _enable(self) -> None:
        report = self.selected()
        self.submit_button.setEnabled(report is not None)

    def mark_submitted(self) -> None:
        report = self.selected()
        if report is None:
            return
        dialog = SubmittedDialog(report, self.model.names.get(report.award, report.award), self.today, self)
        dialog.accepted.connect(lambda: self._submit(report, dialog.on.date()))
        self._dialog = dialog  # reachable from tests; opened window-modal, never exec()'d
        dialog.open()

    def _submit(self, report: ReportDue, day: QDate) -> None:
        on = date(day.year(), day.month(), day.day())
        try:
            steps = submit_steps(self.session.workspace, report.award, report.kind, report.period_end, on)
            self.session.apply(f"Mark {report.title} submitted", steps)
        except FundtrackerError as exc:
            QMessageBox.warning(self, "Not recorded", str(exc))
            return
        self.status.emit(f"{_sentence(report.title)}: submitted {on:%Y-%m-%d}")

    def export_calendar(self) -> None:
        from fundtracker.ui import file_dialogs

        path = file_dialogs.save_path(
            self, "ics", "Export the compliance calendar", "deadlines.ics", "iCalendar (*.ics)"
        )
        if path:
            self.write_calendar(path)

    def write_calendar(self, path: str) -> None:
        from fundtracker.exports.calendar_ics import write_calendar
        from fundtracker.ui import file_dialogs

        workspace = self.session.workspace
        try:
            write_calendar(path, all_reports(workspace), workspace.deadlines, organization=workspace.organization.name)
        except (FundtrackerError, OSError) as exc:
            QMessageBox.warning(self, "Calendar not written", str(exc))
            return
        file_dialogs.exported(self, path, "Compliance calendar")
