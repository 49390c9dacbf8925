"""The Time and effort page: per person and month, effort charged beside effort certified.

Flagged months (a stream certified more than 5 points away from its charge, or a closed month
charged and not certified) are marked; Certify records a month's certification, Match charges
changes that month's allocations to the certification (one undoable change), Print form writes
the certification form for the person and months shown.
"""

from __future__ import annotations

from collections.abc import Sized
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.effort import EffortMonth
from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.months import format_month, month_index, month_name
from fundtracker.domain.records import EffortCertification, EffortShare
from fundtracker.services.effort import certify_steps, effort_months, reallocation_steps
from fundtracker.services.names import position_name
from fundtracker.ui.models.list_model import ListTableModel
from fundtracker.ui.session import WorkspaceSession

AnyIndex = QModelIndex | QPersistentModelIndex
MONTHS_SHOWN = 12
FLAG_COLOR = QColor("#B3261E")


def _percents(values: dict[str, Decimal], names: dict[str, str]) -> str:
    return ", ".join(f"{names.get(k, k)} {v.normalize():f} %" for k, v in sorted(values.items()) if v) or "—"


class EffortTableModel(ListTableModel):
    """One row per person and month."""

    COL_PERSON, COL_MONTH, COL_CHARGED, COL_CERTIFIED, COL_BY, COL_FLAGS = range(6)
    HEADERS = ("Person", "Month", "Charged", "Certified", "Certified by", "Needs attention")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.months: list[EffortMonth] = []
        self.people: dict[str, str] = {}
        self.streams: dict[str, str] = {}

    def set_months(self, months: list[EffortMonth], people: dict[str, str], streams: dict[str, str]) -> None:
        self.beginResetModel()
        self.months, self.people, self.streams = months, people, streams
        self.endResetModel()

    def items(self) -> Sized:
        return self.months

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        month = self.months[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            certification = month.certification
            values = (
                self.people.get(month.position, month.position),
                month_name(month.month),
                _percents({line.stream: line.charged for line in month.lines}, self.streams),
                "not certified" if certification is None else _percents(certification.percents(), self.streams),
                "" if certification is None else f"{certification.certifier}, {certification.certified_on:%Y-%m-%d}",
                "; ".join(month.flag_texts(self.streams)),
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.COL_CHARGED, self.COL_CERTIFIED, self.COL_FLAGS):
            return self.data(index, Qt.ItemDataRole.DisplayRole) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_FLAGS and month.flags:
            return FLAG_COLOR
        return None


def _python_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class CertifyDialog(QDialog):
    """Record the effort certified for one person and month: a percent per stream, who and when."""

    def __init__(self, session: WorkspaceSession, month: EffortMonth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        workspace = session.workspace
        position = workspace.find("position", month.position)
        who = position_name(position) if position is not None else month.position
        self.setWindowTitle(f"Certify effort: {who}, {month_name(month.month)}")
        self.month = month
        earlier = month.certification.percents() if month.certification else {}
        charged = {line.stream: line.charged for line in month.lines}
        form = QFormLayout(self)
        form.addRow(QLabel("The share of this person's total work effort on each funding stream; they total 100 %."))
        self.spins: dict[str, QDoubleSpinBox] = {}
        for stream in workspace.streams:
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setDecimals(2)
            spin.setSuffix(" %")
            spin.setValue(float(earlier.get(stream.key, charged.get(stream.key, Decimal(0)))))
            spin.setAccessibleName(f"Percent of effort on {stream.name}")
            spin.valueChanged.connect(self._update_total)
            self.spins[stream.key] = spin
            form.addRow(stream.name, spin)
        self.total = QLabel()
        form.addRow("Total", self.total)
        self.certifier = QLineEdit(month.certification.certifier if month.certification else "")
        self.certifier.setPlaceholderText("The employee, or a supervisor with first-hand knowledge")
        form.addRow("Certified by", self.certifier)
        day = month.certification.certified_on if month.certification else date.today()
        self.on = QDateEdit(QDate(day.year, day.month, day.day))
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        form.addRow("Certified on", self.on)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._update_total()

    def _update_total(self) -> None:
        total = sum((Decimal(str(round(s.value(), 2))) for s in self.spins.values()), Decimal(0))
        self.total.setText(f"{total.normalize():f} %")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(total == 100)

    def certification(self) -> EffortCertification:
        shares = tuple(
            EffortShare(key, Decimal(str(round(spin.value(), 2))).normalize())
            for key, spin in self.spins.items()
            if spin.value() > 0
        )
        return EffortCertification(
            self.month.position,
            format_month(self.month.month),
            shares,
            self.certifier.text().strip(),
            _python_date(self.on.date()),
        )


class EffortPage(QWidget):
    """Charged beside certified, the last twelve months by default, one person or everyone."""

    status = Signal(str)

    def __init__(self, session: WorkspaceSession, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today or date.today()
        self.model = EffortTableModel(self)
        self.person = QComboBox()
        self.person.setAccessibleName("Whose effort")
        self.person.currentIndexChanged.connect(self.refresh)
        self.only_flagged = QComboBox()
        self.only_flagged.addItems(["Every month", "Months that need attention"])
        self.only_flagged.currentIndexChanged.connect(self.refresh)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Effort charged and certified")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The stream lists are long: they share the width (full text in the tooltip) so the
        # flags stay on screen at 1024 pixels.
        for column in (EffortTableModel.COL_CHARGED, EffortTableModel.COL_CERTIFIED, EffortTableModel.COL_FLAGS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.certify())
        self.certify_button = QPushButton("Certify…")
        self.certify_button.setToolTip("Record the effort certified for the selected person and month")
        self.certify_button.clicked.connect(self.certify)
        self.match_button = QPushButton("Match charges to certification")
        self.match_button.setToolTip(
            "Change the selected month's allocations so the salary is charged as certified (one undoable change)"
        )
        self.match_button.clicked.connect(self.match)
        self.form_button = QPushButton("Print form…")
        self.form_button.setToolTip("Write the certification form (PDF) for the person and months shown")
        self.form_button.clicked.connect(self.print_form)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Person"))
        top.addWidget(self.person, 1)
        top.addWidget(self.only_flagged)
        buttons = QHBoxLayout()
        for button in (self.certify_button, self.match_button, self.form_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        note = QLabel(
            "2 CFR 200.430(i): salaries charged to federal awards rest on effort certified after the fact. A month "
            "is flagged when a stream's certified share is more than 5 points from its charge, or when it is "
            "closed, charged and not certified."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        layout.addWidget(note)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        session.changed.connect(self.refresh)
        self._fill_people()
        self.refresh()

    def _fill_people(self) -> None:
        current = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem("Everyone", None)
        for position in sorted(self.session.workspace.positions, key=position_name):
            self.person.addItem(position_name(position), position.key)
        found = self.person.findData(current)
        self.person.setCurrentIndex(max(found, 0))
        self.person.blockSignals(False)

    def select_key(self, key: str) -> None:
        """Show one person's months (the dashboard's "time and effort" line opens this)."""
        found = self.person.findData(key)
        if found >= 0:
            self.person.setCurrentIndex(found)
            self.only_flagged.setCurrentIndex(1)

    def refresh(self) -> None:
        workspace = self.session.workspace
        if self.person.count() != len(workspace.positions) + 1:
            self._fill_people()
        end = month_index(self.today)
        wanted = self.person.currentData()
        months = effort_months(workspace, end - MONTHS_SHOWN + 1, end, self.today, None if wanted is None else [wanted])
        flagged = [m for m in months if m.flags]
        if self.only_flagged.currentIndex() == 1:
            months = flagged
        people = {p.key: position_name(p) for p in workspace.positions}
        self.model.set_months(months, people, {s.key: s.name for s in workspace.streams})
        self.summary.setText(
            f"{len(flagged)} person-month{'s' if len(flagged) != 1 else ''} of the last {MONTHS_SHOWN} months "
            f"need{'s' if len(flagged) == 1 else ''} attention."
            if flagged
            else "Every charged month is certified and matches its charge."
        )
        self._enable()

    def selected(self) -> EffortMonth | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.months[rows[0].row()] if rows else None

    def _enable(self) -> None:
        month = self.selected()
        self.certify_button.setEnabled(month is not None)
        self.match_button.setEnabled(month is not None and month.certification is not None and bool(month.flags))
        self.form_button.setEnabled(self.person.currentData() is not None)

    def certify(self) -> None:
        month = self.selected()
        if month is None:
            return
        dialog = CertifyDialog(self.session, month, self)
        self._dialog = dialog  # reachable from tests; the dialog is window-modal, not exec()'d
        dialog.accepted.connect(lambda: self._save(dialog))
        dialog.open()

    def _save(self, dialog: CertifyDialog) -> None:
        certification = dialog.certification()
        try:
            self.session.apply(
                f"Certify effort for {certification.month}",
                certify_steps(self.session.workspace, certification),
            )
        except FundtrackerError as exc:
            QMessageBox.warning(self, "Effort not saved", str(exc))
            return
        self.status.emit(f"Effort certified for {certification.month} by {certification.certifier}")

    def match(self) -> None:
        month = self.selected()
        if month is None or month.certification is None:
            return
        try:
            steps = reallocation_steps(self.session.workspace, month.position, format_month(month.month))
            self.session.apply(f"Match {month_name(month.month)} charges to the certified effort", steps)
        except FundtrackerError as exc:
            QMessageBox.warning(self, "Charges not changed", str(exc))
            return
        self.status.emit(f"{month_name(month.month)}: charges now match the certified effort (Undo puts them back)")

    def print_form(self) -> None:
        from fundtracker.ui import file_dialogs

        key = self.person.currentData()
        position = self.session.workspace.find("position", key) if key else None
        if position is None:
            return
        path = file_dialogs.save_path(
            self, "pdf", "Save the effort certification form", f"effort-{key}.pdf", "PDF (*.pdf)"
        )
        if not path:
            return
        self.write_form(path)

    def write_form(self, path: str) -> None:
        from fundtracker.exports.pdf_effort import write_effort_form
        from fundtracker.ui import file_dialogs

        key = self.person.currentData()
        position = self.session.workspace.find("position", key) if key else None
        if position is None:
            return
        end = month_index(self.today)
        try:
            write_effort_form(self.session.workspace, position, end - MONTHS_SHOWN + 1, end, path, self.today)
        except (FundtrackerError, OSError) as exc:
            QMessageBox.warning(self, "Form not written", str(exc))
            return
        file_dialogs.exported(self, path, "Effort certification form")
