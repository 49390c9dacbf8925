"""The allocation matrix page: which stream pays which share of each cost line."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.months import month_index, month_name
from fundtracker.ui.delegates import PercentDelegate
from fundtracker.ui.models.allocation_matrix import AllocationMatrixModel
from fundtracker.ui.session import WorkspaceSession

WARNING_STYLE = "color: #b26a00; font-weight: 600;"
WARNING_MONTHS = 36
HELP = (
    "Percent of each cost line charged to each stream on the day chosen. Type a percent to set a share, "
    "empty or 0 to remove it. A row's total turns red above 100%."
)


class AllocationsPage(QWidget):
    """Cost lines × streams, editable percents, row totals."""

    def __init__(self, session: WorkspaceSession, as_of: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        day = as_of or date.today().replace(day=1)
        self.model = AllocationMatrixModel(session, day, self)
        self.as_of = QDateEdit(QDate(day.year, day.month, day.day))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setToolTip("Show and change the allocations in effect on this day")
        self.as_of.setAccessibleName("Allocations as of")
        self.as_of.dateChanged.connect(lambda chosen: self.model.set_as_of(chosen.toPython()))
        label = QLabel("Allocations &as of:")
        label.setBuddy(self.as_of)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.as_of)
        top.addStretch(1)
        self.help = QLabel(HELP)
        self.help.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Allocation matrix")
        self.table.setToolTip("Double-click or press F2 to change a percent")
        self.table.setItemDelegate(PercentDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setMinimumSectionSize(70)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828; font-weight: 600;")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem")
        self.model.problem.connect(self.message.setText)
        self.model.modelReset.connect(self._clear_if_settled)
        self.table.itemDelegate().problem.connect(self.message.setText)  # type: ignore[attr-defined]
        # Where shares are set, say which the engine cannot honour (services.runway_warnings).
        self.warnings = QLabel()
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Allocation warnings")
        self.warning_list: list[str] = []
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.warnings)
        session.changed.connect(self.show_warnings)
        session.attached.connect(self.show_warnings)
        self.as_of.dateChanged.connect(lambda _chosen: self.show_warnings())
        self.show_warnings()

    def show_warnings(self) -> None:
        """The engine's warnings (expected view) for the 36 months from the as-of month."""
        from fundtracker.services.runway_warnings import warnings_of

        day: date = self.as_of.date().toPython()  # type: ignore[assignment]
        start = month_index(day)
        try:
            found = [w.message for w in warnings_of(self.session.workspace, start, WARNING_MONTHS)]
        except FundtrackerError as error:
            found = [f"The forecast could not be computed: {error}"]
        self.warning_list = found
        head = f"Warnings (expected view, {WARNING_MONTHS} months from {month_name(start)}):"
        self.warnings.setText("\n".join([head, *(f"⚠ {text}" for text in found)]))
        self.warnings.setVisible(bool(found))

    def _clear_if_settled(self) -> None:
        if not self.model.pending:
            self.message.clear()
