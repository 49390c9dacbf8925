"""The Applications page: the applications' fields, and the selected one's narrative,
timeline, budget and budget justification.

The Details tab is the usual :class:`RecordPanel` (table + form). The application chosen
there (or in the box above the tabs) is the one the other tabs edit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.records import Application
from fundtracker.ui.delegates import install_delegates
from fundtracker.ui.models.milestones import MilestoneTableModel
from fundtracker.ui.pages import record_specs as specs
from fundtracker.ui.pages.budget_view import BudgetView, JustificationEditor
from fundtracker.ui.pages.narrative_editor import NarrativeEditor
from fundtracker.ui.pages.record_panel import MESSAGE_STYLE, RecordPanel
from fundtracker.ui.session import WorkspaceSession


def application_label(application: Application) -> str:
    """``Client Advocates for … — BJA (bja_cvi)``."""
    funder = f" — {application.funder}" if application.funder else ""
    return f"{application.program_title}{funder} ({application.key})"


TAB_DETAILS, TAB_NARRATIVE, TAB_TIMELINE, TAB_BUDGET, TAB_JUSTIFICATION = range(5)


class MilestonesView(QWidget):
    """The application's timeline: an editable table of milestones with Add and Delete."""

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MilestoneTableModel(session, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Timeline")
        self.table.setToolTip("The timeline the PDF prints: double-click or press F2 to edit a cell")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        install_delegates(self.table, MilestoneTableModel.FIELDS, self.show_problem)
        self.model.problem.connect(self.show_problem)
        self.model.modelReset.connect(self._fit)
        self.add_button = QPushButton("&Add milestone")
        self.add_button.setToolTip("Add a milestone at the end of the timeline")
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton("&Delete milestone")
        self.delete_button.setToolTip("Delete the selected milestone (Undo brings it back)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.message = QLabel()
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        tools = QHBoxLayout()
        tools.addWidget(QLabel("The timeline, in the order the PDF prints it."), 1)
        tools.addWidget(self.add_button)
        tools.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def set_application(self, key: str | None) -> None:
        self.model.set_application(key)
        self.add_button.setEnabled(key is not None)
        self._fit()

    def _fit(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(MilestoneTableModel.COL_START, max(header.sectionSize(0), 110))
        header.resizeSection(MilestoneTableModel.COL_END, max(header.sectionSize(1), 110))
        header.resizeSection(MilestoneTableModel.COL_ACTIVITY, max(header.sectionSize(2), 520))

    def add(self) -> None:
        self.message.setVisible(False)
        if self.model.add():
            row = self.model.rowCount() - 1
            self.table.setCurrentIndex(self.model.index(row, MilestoneTableModel.COL_ACTIVITY))

    def delete_selected(self) -> None:
        self.message.setVisible(False)
        index = self.table.currentIndex()
        if index.isValid():
            self.model.remove(index.row())

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)


class ApplicationsPage(QWidget):
    """Everything about grant applications.

    Args:
        session: the open workspace.
        today: the day runway placeholders are forecast from (default today).

    Signals:
        status(str): a short note for the status bar.
        export_requested(str): Export PDF… was pressed for this application key.
    """

    status = Signal(str)
    export_requested = Signal(str)

    def __init__(self, session: WorkspaceSession, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.panel = RecordPanel(session, specs.APPLICATION)
        self.panel.status.connect(self.status)
        self.today = today
        self.narrative = NarrativeEditor(session, today)
        self.narrative.status.connect(self.status)
        self.milestones = MilestonesView(session)
        self.budget = BudgetView(session)
        self.justification = JustificationEditor(session)
        self.justification.status.connect(self.status)

        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Application")
        self.chooser.setToolTip("The application the Narrative, Timeline, Budget and Justification tabs show")
        self.chooser.setMinimumContentsLength(40)
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.export_button = QPushButton("Export &PDF…")
        self.export_button.setToolTip("Write this application as a PDF a funder would accept")
        self.export_button.clicked.connect(self.export_pdf)
        top = QHBoxLayout()
        caption = QLabel("&Application:")
        caption.setBuddy(self.chooser)
        top.addWidget(caption)
        top.addWidget(self.chooser, 1)
        self.award_button = QPushButton("Record a&ward…")
        self.award_button.setToolTip("The funder awarded it: its funding stream becomes secured money (one undo step)")
        self.award_button.clicked.connect(self.record_award)
        top.addWidget(self.award_button)
        top.addWidget(self.export_button)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.panel, "&Details")
        self.tabs.addTab(self.narrative, "&Narrative")
        self.tabs.addTab(self.milestones, "&Timeline")
        self.tabs.addTab(self.budget, "&Budget")
        self.tabs.addTab(self.justification, "&Justification")
        for tab, tip in enumerate(
            (
                "Every application and its fields",
                "The narrative sections, in DOJ order",
                "The milestones of the project",
                "The budget computed from the plan (SF-424A)",
                "The budget justification per category",
            )
        ):
            self.tabs.setTabToolTip(tab, tip)
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.key: str | None = None
        self.panel.table.selectionModel().currentRowChanged.connect(self._panel_row_changed)
        self.panel.model.modelReset.connect(self._fill_chooser)
        session.changed.connect(self._fill_chooser)
        self._fill_chooser()
        self.set_application(self.panel.selected_key())

    # -- which application -----------------------------------------------------------

    def _fill_chooser(self) -> None:
        applications = self.session.workspace.applications if self.session.ready else ()
        labels = [
            (a.key, f"{a.program_title} — {a.funder} ({a.key})" if a.funder else f"{a.program_title} ({a.key})")
            for a in applications
        ]
        current = [(self.chooser.itemData(i), self.chooser.itemText(i)) for i in range(self.chooser.count())]
        if labels != current:
            self.chooser.blockSignals(True)
            self.chooser.clear()
            for key, label in labels:
                self.chooser.addItem(label, key)
            self.chooser.setCurrentIndex(max(self.chooser.findData(self.key), 0 if labels else -1))
            self.chooser.blockSignals(False)
        if self.chooser.findData(self.key) < 0 and (self.key is not None or labels):
            self.set_application(self.chooser.currentData())

    def _chosen(self, _index: int) -> None:
        key = self.chooser.currentData()
        if key != self.key:
            self.set_application(key)
            if self.panel.selected_key() != key and key is not None:
                self.panel.select_key(key)

    def _panel_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = self.panel.selected_key()
        if key is not None and key != self.key:
            self.set_application(key)

    def set_application(self, key: str | None) -> None:
        """Show application ``key`` in every tab (saving what was typed for the previous one)."""
        self.flush()
        self.key = key
        position = self.chooser.findData(key) if key is not None else -1
        if position >= 0 and position != self.chooser.currentIndex():
            self.chooser.blockSignals(True)
            self.chooser.setCurrentIndex(position)
            self.chooser.blockSignals(False)
        self.narrative.set_application(key)
        self.milestones.set_application(key)
        self.budget.set_application(key)
        self.justification.set_application(key)
        self.export_button.setEnabled(key is not None)

    def select_key(self, key: str) -> bool:
        """Select application ``key`` (as other pages' links do) and show its details."""
        self.tabs.setCurrentIndex(TAB_DETAILS)
        found = self.panel.select_key(key)
        if found and key != self.key:
            self.set_application(key)
        return found

    def focus_filter(self) -> Any:
        self.tabs.setCurrentIndex(TAB_DETAILS)
        return self.panel.focus_filter()

    def _tab_changed(self, _index: int) -> None:
        self.flush()

    # -- actions -----------------------------------------------------------------

    def flush(self) -> None:
        """Save any text typed and not saved yet (narrative and justification editors)."""
        self.narrative.flush()
        self.justification.editor.flush()

    def record_award(self) -> None:
        if self.key is not None:
            from fundtracker.ui.award_action import record_award

            self.flush()
            record_award(self, self.session, self.key, self.today)

    def export_pdf(self) -> None:
        """Save what was typed, then ask the window to export this application as a PDF."""
        if self.key is None:
            return
        self.flush()
        self.export_requested.emit(self.key)
