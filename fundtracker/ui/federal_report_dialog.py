"""The federal financial report (SF-425) of an award: every line, line 11, the reconciliation, the PDF.

A read-only view of :func:`fundtracker.services.federal_report.federal_report`: pick the award,
the period end and whether it is the final report; the figures are the service's, formatted
from cents. A final report with unliquidated obligations is refused, and the dialog says why
in place of the figures (and offers no PDF).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.federal_financial_report import LINE_TITLES, LINES
from fundtracker.domain.money import format_decimal, format_money
from fundtracker.services.budget_modification import meter_lines
from fundtracker.services.federal_report import INDIRECT_TYPE_TITLES, FederalReport, federal_report
from fundtracker.ui import file_dialogs

if TYPE_CHECKING:
    from fundtracker.domain.records import Workspace
    from fundtracker.services.federal_report import ReconciliationRow

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def amount(cents: int) -> str:
    """``63,266.82``: as the form and its PDF print it."""
    return format_money(cents, grouping=True)


class ReportLinesModel(QAbstractTableModel):
    """SF-425 lines 10a–10o: line, title, cumulative amount."""

    COL_LINE, COL_TITLE, COL_AMOUNT = range(3)
    HEADERS = ("Line", "Transactions", "Cumulative")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.report: FederalReport | None = None

    def set_report(self, report: FederalReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() or self.report is None else len(LINES)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.report is None:
            return None
        line = LINES[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_LINE:
                return line
            if index.column() == self.COL_TITLE:
                return LINE_TITLES[line]
            return amount(self.report.report.line(line))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if index.column() == self.COL_AMOUNT else LEFT
        return None


class ReconciliationModel(QAbstractTableModel):
    """Each checked line beside the record it comes from."""

    COL_LINE, COL_REPORT, COL_SOURCE, COL_DIFFERENCE, COL_FROM = range(5)
    HEADERS = ("Line", "Report", "Record", "Difference", "From")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: tuple[ReconciliationRow, ...] = ()

    def set_rows(self, rows: tuple[ReconciliationRow, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.line,
                amount(row.report),
                amount(row.source),
                "agrees" if row.agrees else amount(row.difference),
                "\n".join((row.source_text, *row.details)),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.line} {row.title}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in (self.COL_REPORT, self.COL_SOURCE, self.COL_DIFFERENCE) else LEFT
        return None


def indirect_text(report: FederalReport) -> str:
    i = report.report.indirect
    return (
        f"11. Indirect expense: {INDIRECT_TYPE_TITLES.get(i.type, i.type)} {format_decimal(i.rate * 100)} %, "
        f"{i.period_start.isoformat()} – {i.period_end.isoformat()}; base {amount(i.base)}, "
        f"amount charged {amount(i.amount)}, federal share {amount(i.federal_share)}"
    )


class FederalReportDialog(QDialog):
    """Awards ▸ Federal financial report (SF-425)…: one award's report through a chosen day."""

    def __init__(self, parent: QWidget | None, workspace: Workspace, *, today: date, award: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Federal financial report (SF-425)")
        self.workspace = workspace
        self.report: FederalReport | None = None
        self.award_box = QComboBox()
        names = {s.key: s.name for s in workspace.streams}
        for record in workspace.awards:
            self.award_box.addItem(f"{record.key} — {names.get(record.stream, record.stream)}", record.key)
        if award is not None and self.award_box.findData(award) >= 0:
            self.award_box.setCurrentIndex(self.award_box.findData(award))
        self.period_end = QDateEdit(QDate(today.year, today.month, today.day))
        self.period_end.setCalendarPopup(True)
        self.period_end.setDisplayFormat("yyyy-MM-dd")
        self.final_box = QCheckBox("Final report (needs every obligation liquidated: line 10f = $0.00)")
        form = QFormLayout()
        form.addRow("Award", self.award_box)
        form.addRow("Period end", self.period_end)
        form.addRow("", self.final_box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("SF-425 message")
        self.lines_model = ReportLinesModel(self)
        self.lines_view = QTableView()
        self.lines_view.setModel(self.lines_model)
        self.lines_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.lines_view.verticalHeader().hide()
        self.lines_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.indirect_label = QLabel()
        self.indirect_label.setWordWrap(True)
        self.reconciliation_model = ReconciliationModel(self)
        self.reconciliation_view = QTableView()
        self.reconciliation_view.setModel(self.reconciliation_model)
        self.reconciliation_view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.reconciliation_view.verticalHeader().hide()
        self.reconciliation_view.setWordWrap(True)
        self.meter_label = QLabel()
        self.meter_label.setWordWrap(True)
        self.meter_label.setAccessibleName("Rebudgeting meter")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.pdf_button = QPushButton("Export PDF…")
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.pdf_button.clicked.connect(self.export_pdf)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.lines_view, 3)
        layout.addWidget(self.indirect_label)
        layout.addWidget(QLabel("Reconciliation: each line beside the record it comes from"))
        layout.addWidget(self.reconciliation_view, 2)
        layout.addWidget(self.meter_label)
        layout.addWidget(buttons)
        self.award_box.currentIndexChanged.connect(self.show_meter)
        self.award_box.currentIndexChanged.connect(self.refresh)
        self.period_end.dateChanged.connect(self.refresh)
        self.final_box.toggled.connect(self.refresh)
        self.resize(860, 860)
        self.show_meter()
        self.refresh()

    def chosen_period_end(self) -> date:
        day = self.period_end.date()
        return date(day.year(), day.month(), day.day())

    def show_meter(self) -> None:
        """The chosen award's rebudgeting meter: the plan, each scenario, each requested amendment."""
        key = self.award_box.currentData()
        self.meter_label.setText("\n".join(meter_lines(self.workspace, key)[1:]) if key is not None else "")

    def refresh(self) -> None:
        """Recompute the report from the service; a refusal replaces the figures with its reason."""
        key = self.award_box.currentData()
        self.report = None
        if key is None:
            self.message.setText("This workspace has no award yet: record an award on the Applications page.")
        else:
            try:
                self.report = federal_report(
                    self.workspace, key, self.chosen_period_end(), final=self.final_box.isChecked()
                )
            except FundtrackerError as exc:
                self.message.setText(str(exc))
                self.message.setStyleSheet("color: #c62828")
        report = self.report
        self.lines_model.set_report(report)
        self.reconciliation_model.set_rows(report.reconciliation if report else ())
        self.reconciliation_view.resizeRowsToContents()
        self.indirect_label.setText(indirect_text(report) if report else "")
        if report is not None:
            self.message.setStyleSheet("color: #c62828" if report.remarks else "")
            self.message.setText(
                "\n".join(report.remarks)
                or f"{report.header.report_type} report, cumulative {report.report.period_start.isoformat()} – "
                f"{report.report.period_end.isoformat()}."
            )
        self.pdf_button.setEnabled(report is not None)

    def export_pdf(self) -> None:
        report = self.report
        if report is None:
            return
        name = f"sf425-{report.award}-{report.header.period_end.isoformat()}.pdf"
        path = file_dialogs.save_path(self, file_dialogs.PDF, "Export the SF-425", name, "PDF (*.pdf)")
        if not path:
            return
        from fundtracker.exports.pdf_federal_report import build_federal_report_pdf

        try:
            build_federal_report_pdf(report, path)
        except (FundtrackerError, OSError) as exc:
            self.message.setText(f"The PDF was not written: {exc}")
            return
        file_dialogs.exported(self, path, "SF-425")
