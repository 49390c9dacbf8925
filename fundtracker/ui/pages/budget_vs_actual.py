"""The Budget vs actual page: the plan to date against what was spent, burn rates, imported batches.

Figures come from :func:`fundtracker.services.budget_vs_actual.budget_vs_actual` as of the chosen
day (recomputed after every change); batches from
:func:`~fundtracker.services.actuals.import_batches`, each removable with Undo import
(itself an undo step: Edit ▸ Undo imports the batch again).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.ui.models.budget_vs_actual import BatchTableModel, BurnTableModel, VarianceTableModel, fill
from fundtracker.ui.models.record_table import RecordFilterProxy
from fundtracker.ui.session import WorkspaceSession

MESSAGE_STYLE = "color: #c62828; font-weight: 600;"
HELP = (
    "Figures count closed months only: the months before the as-of day's month. Budget to date is what the plan "
    "charges each stream in them; actual is the spending imported with File ▸ Import actual spending…, dated in "
    "them. The as-of month is still open and is shown apart, as month to date."
)


def _view(model: Any, name: str, tip: str, *, stretch_first: bool = True) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    proxy.setParent(view)
    view.setAccessibleName(name)
    view.setToolTip(tip)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch_first:
        # Long stream names give way (their tooltip has the whole name); the figures never do.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the report's own order until a header is clicked
    return view, proxy


class BudgetVsActualPage(QWidget):
    """Per stream and category budget vs actual; per stream burn and run-out; imported batches.

    Args:
        session: the open workspace.
        as_of: the day figures are "to date" (default today).

    Signals:
        status(str): a short note for the status bar.
    """

    status = Signal(str)

    def __init__(self, session: WorkspaceSession, as_of: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        day = as_of or date.today()
        self.report: Any = None

        self.as_of = QDateEdit(QDate(day.year, day.month, day.day))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setAccessibleName("Budget vs actual as of")
        self.as_of.setToolTip("Budget and spending to this day")
        self.as_of.dateChanged.connect(self.refresh)
        label = QLabel("&As of:")
        label.setBuddy(self.as_of)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find a stream or category…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Find in budget vs actual")
        self.filter.setToolTip("Show only lines whose text contains this (Ctrl+F)")
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip(
            "Write budget vs actual as shown to an Excel workbook (print-ready) or a CSV file"
        )
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.as_of)
        top.addWidget(self.filter, 1)
        top.addWidget(self.export_button)
        self.help = QLabel(HELP)
        self.help.setWordWrap(True)

        self.variance = VarianceTableModel(self)
        self.variance_table, self.variance_proxy = _view(
            self.variance, "Budget vs actual by stream and category", "Red: over budget"
        )
        self.filter.textChanged.connect(self.variance_proxy.setFilterFixedString)
        self.filter.textChanged.connect(self._show_total)
        self.total = QLabel()
        self.total.setAccessibleName("Total of the lines shown")
        self.total.setStyleSheet("font-weight: 600;")
        self.burn = BurnTableModel(self)
        self.burn_table, self.burn_proxy = _view(
            self.burn, "Burn rate by stream", "Red: overspent, or runs out before the stream ends"
        )
        self.batches = BatchTableModel(self)
        self.batch_table, self.batch_proxy = _view(
            self.batches, "Imported batches", "Each import, as a whole", stretch_first=False
        )
        self.batch_table.sortByColumn(BatchTableModel.COL_BATCH, Qt.SortOrder.DescendingOrder)
        self.batch_table.setMinimumHeight(90)
        self.batch_table.selectionModel().currentRowChanged.connect(self._batch_chosen)
        self.undo_button = QPushButton("&Undo import")
        self.undo_button.setToolTip("Remove the selected import as a whole (Edit ▸ Undo brings it back)")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_selected_import)
        self.message = QLabel()
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem")

        self.month_to_date = QLabel()
        self.month_to_date.setWordWrap(True)
        self.month_to_date.setAccessibleName("Month to date")
        variance_box = _box("By stream and category", self.variance_table)
        variance_layout = variance_box.layout()
        assert isinstance(variance_layout, QVBoxLayout)
        variance_layout.addWidget(self.total)
        variance_layout.addWidget(self.month_to_date)
        burn_box = _box("Burn rate and run-out, by stream", self.burn_table)
        batch_box = _box("Imported batches", self.batch_table)
        batch_layout = batch_box.layout()
        assert isinstance(batch_layout, QVBoxLayout)
        batch_buttons = QHBoxLayout()
        batch_buttons.addStretch(1)
        batch_buttons.addWidget(self.undo_button)
        batch_layout.addLayout(batch_buttons)
        # One above the other, each the page's full width, so no figure column is cut off.
        splitter = QSplitter(Qt.Orientation.Vertical)
        for number, (box, stretch) in enumerate(((variance_box, 3), (burn_box, 2), (batch_box, 1))):
            splitter.addWidget(box)
            splitter.setStretchFactor(number, stretch)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        session.changed.connect(self.refresh)
        self.refresh()

    def day(self) -> date:
        value: date = self.as_of.date().toPython()  # type: ignore[assignment]
        return value

    def refresh(self, *_: Any) -> None:
        """Recompute the report and the batch list from the workspace."""
        from fundtracker.services import actuals, budget_vs_actual

        try:
            self.report = budget_vs_actual.budget_vs_actual(self.session.workspace, as_of=self.day())
            batches = actuals.import_batches(self.session.service)
        except FundtrackerError as error:
            self.message.setText(f"Budget vs actual could not be computed: {error}")
            return
        fill(self.report, self.variance, self.burn)
        self._show_total()
        self.month_to_date.setText(budget_vs_actual.month_to_date_text(self.report))
        self.batches.set_items(batches)
        self.undo_button.setEnabled(self.selected_batch() is not None)
        if not self.session.workspace.actuals:
            self.help.setText(HELP + " No spending has been imported yet.")
        else:
            self.help.setText(HELP)

    def shown_lines(self) -> list[Any]:
        """The variance lines the filter lets through, in the table's order."""
        proxy = self.variance_proxy
        return [self.variance.items[proxy.mapToSource(proxy.index(row, 0)).row()] for row in range(proxy.rowCount())]

    def _show_total(self, *_: Any) -> None:
        """The totals row: what the lines shown add up to (all of them unless a filter is typed)."""
        from fundtracker.domain.money import format_decimal
        from fundtracker.services.budget_vs_actual import VarianceLine
        from fundtracker.ui.models.budget_vs_actual import money

        lines = self.shown_lines()
        total = VarianceLine(None, "Total", "", sum(x.budget for x in lines), sum(x.actual for x in lines))
        spent = "" if total.percent_spent is None else f", {format_decimal(total.percent_spent)}% spent"
        which = "Total" if len(lines) == len(self.variance.items) else f"Total of the {len(lines)} lines shown"
        figures = f"budget {money(total.budget)}, actual {money(total.actual)}, variance {money(total.variance)}"
        self.total.setText(f"{which}: {figures}{spent}")

    def export(self) -> str:
        """File ▸ … Export: budget vs actual as of the chosen day to .xlsx or .csv; the path, or "" if cancelled."""
        from fundtracker.exports.budget_vs_actual_file import write_budget_vs_actual_file
        from fundtracker.ui import file_dialogs

        if self.report is None:
            return ""
        path = file_dialogs.save_path(
            self,
            file_dialogs.WORKBOOK,
            "Export budget vs actual",
            f"budget-vs-actual-{self.day().isoformat()}.xlsx",
            "Excel workbook (*.xlsx);;CSV (*.csv)",
        )
        if not path:
            return ""
        if not path.lower().endswith((".xlsx", ".csv")):
            path += ".xlsx"
        self.message.clear()
        try:
            write_budget_vs_actual_file(self.report, path, self.session.workspace.organization.name)
        except (FundtrackerError, OSError) as error:
            self.message.setText(f"Not exported: {error}")
            return ""
        file_dialogs.exported(self, path, "Budget vs actual")
        self.status.emit(f"Wrote budget vs actual to {path}")
        return path

    def selected_batch(self) -> str | None:
        index = self.batch_table.currentIndex()
        if not index.isValid():
            return None
        return self.batches.batch(self.batch_proxy.mapToSource(index).row()).batch

    def _batch_chosen(self, *_: Any) -> None:
        self.undo_button.setEnabled(self.selected_batch() is not None)

    def undo_selected_import(self) -> None:
        """Remove the selected batch (one undo step; audited)."""
        batch = self.selected_batch()
        if batch is None:
            return
        from fundtracker.ui.actuals_commands import undo_batch

        self.message.clear()
        try:
            count = undo_batch(self.session, batch)
        except FundtrackerError as error:
            self.message.setText(f"Not undone: {error}")
            return
        self.status.emit(f"Removed import {batch} ({count:,} rows) — Edit ▸ Undo brings it back")

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()


def _box(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(widget)
    return box
