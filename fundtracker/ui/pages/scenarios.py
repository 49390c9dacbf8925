"""Scenarios: create, copy and edit what-ifs, and compare two to four side by side."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.months import MonthIndex, last_day, month_index, month_name
from fundtracker.domain.records import PositionOverride, Scenario, StreamOverride
from fundtracker.services.dashboard import target_year_end
from fundtracker.ui.charts import balance_chart, chart_view
from fundtracker.ui.dashboard_figures import HORIZON
from fundtracker.ui.delegates import install_delegates
from fundtracker.ui.models.record_table import KEY_ROLE, problem_text
from fundtracker.ui.models.scenarios import ComparisonModel, ComparisonRow, OverrideTableModel, ScenarioTableModel
from fundtracker.ui.pages.record_specs import unused_key
from fundtracker.ui.session import WorkspaceSession

MESSAGE_STYLE = "color: #c62828; font-weight: 600;"


def _table(name: str, tip: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setToolTip(tip)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


class ScenariosPage(QWidget):
    """Scenario list and overrides on top; the comparison below.

    Signals:
        status(str): a short note for the status bar.
    """

    status = Signal(str)

    def __init__(self, session: WorkspaceSession, start: MonthIndex | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.start = start if start is not None else month_index(date.today())
        self.dark = False

        self.scenarios = ScenarioTableModel(session, self)
        self.scenario_table = _table("Scenarios", "Scenarios: double-click a name or description to change it")
        self.scenario_table.setModel(self.scenarios)
        install_delegates(self.scenario_table, self.scenarios.FIELDS, self.show_problem)
        self.scenario_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.scenario_table.horizontalHeader().setStretchLastSection(True)
        self.scenario_table.selectionModel().currentRowChanged.connect(self._scenario_chosen)
        self.scenarios.problem.connect(self.show_problem)
        self.scenarios.modelReset.connect(self._keep_selection)
        self.new_button = _button("&New scenario", "Add an empty scenario")
        self.copy_button = _button("&Copy", "Add a copy of the selected scenario with all its changes")
        self.delete_button = _button("&Delete", "Delete the selected scenario (Undo brings it back)")
        self.new_button.clicked.connect(self.new_scenario)
        self.copy_button.clicked.connect(self.copy_scenario)
        self.delete_button.clicked.connect(self.delete_scenario)

        self.overrides = OverrideTableModel(session, self)
        self.override_table = _table("Scenario changes", "What the scenario changes; double-click a cell to edit it")
        self.override_table.setModel(self.overrides)
        self.override_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        from fundtracker.ui.delegates import ChoiceDelegate, DateDelegate, MoneyDelegate, PercentDelegate

        for column, delegate in (
            (OverrideTableModel.COL_DROP, ChoiceDelegate(self)),
            (OverrideTableModel.COL_STATUS, ChoiceDelegate(self)),
            (OverrideTableModel.COL_PROBABILITY, PercentDelegate(self)),
            (OverrideTableModel.COL_AMOUNT, MoneyDelegate(self)),
            (OverrideTableModel.COL_START, DateDelegate(self)),
            (OverrideTableModel.COL_END, DateDelegate(self)),
        ):
            self.override_table.setItemDelegateForColumn(column, delegate)
        self.override_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.overrides.problem.connect(self.show_problem)
        self.stream_choice = QComboBox()
        self.stream_choice.setToolTip("The stream a new change is about")
        self.stream_choice.setAccessibleName("Stream to change")
        self.add_stream_button = _button("Change &stream", "Add a change to the chosen stream")
        self.position_choice = QComboBox()
        self.position_choice.setToolTip("The position a new change is about")
        self.position_choice.setAccessibleName("Position to change")
        self.add_position_button = _button("Change &position", "Add a change to the chosen position")
        self.remove_button = _button("&Remove change", "Remove the selected change from the scenario")
        self.add_stream_button.clicked.connect(self.add_stream_change)
        self.add_position_button.clicked.connect(self.add_position_change)
        self.remove_button.clicked.connect(self.remove_change)

        self.comparison = ComparisonModel(self)
        self.comparison_table = _table(
            "Scenario comparison", "Tick two to four scenarios to draw them on the chart; figures from the engine"
        )
        self.comparison_table.setModel(self.comparison)
        self.comparison_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.comparison.chosen_changed.connect(self._draw_comparison)
        self.comparison.problem.connect(self.show_problem)
        self.chart = chart_view("Scenario comparison chart")

        self.message = QLabel()
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem")

        list_box = QGroupBox("Scenarios")
        list_layout = QVBoxLayout(list_box)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.copy_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        list_layout.addLayout(buttons)
        list_layout.addWidget(self.scenario_table)
        changes_box = QGroupBox("What the selected scenario changes")
        changes_layout = QVBoxLayout(changes_box)
        add_row = QHBoxLayout()
        add_row.addWidget(self.stream_choice, 1)
        add_row.addWidget(self.add_stream_button)
        add_row.addWidget(self.position_choice, 1)
        add_row.addWidget(self.add_position_button)
        add_row.addWidget(self.remove_button)
        changes_layout.addLayout(add_row)
        changes_layout.addWidget(self.override_table)
        top = QSplitter()
        top.addWidget(list_box)
        top.addWidget(changes_box)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)
        top.setSizes([600, 700])
        compare_box = QGroupBox("Compare (expected view)")
        compare_layout = QHBoxLayout(compare_box)
        compare_layout.addWidget(self.comparison_table, 5)
        compare_layout.addWidget(self.chart, 4)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(compare_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        session.changed.connect(self.refresh)
        self.refresh()
        if self.scenarios.rowCount():
            self.scenario_table.selectRow(0)

    # -- selection -----------------------------------------------------------------

    def selected_key(self) -> str | None:
        index = self.scenario_table.currentIndex()
        return str(index.data(KEY_ROLE)) if index.isValid() else None

    def select_key(self, key: str) -> bool:
        row = self.scenarios.row_of(key)
        if row < 0:
            return False
        self.scenario_table.selectionModel().setCurrentIndex(
            self.scenarios.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def _scenario_chosen(self, *_: Any) -> None:
        self.overrides.show_scenario(self.selected_key())

    def _keep_selection(self) -> None:
        key = self.overrides.scenario.key if self.overrides.scenario else None
        if key is None or not self.select_key(key):
            self.overrides.show_scenario(None)

    # -- editing -------------------------------------------------------------------

    def _apply(self, action: Any, done: str) -> bool:
        self.message.clear()
        try:
            action()
        except FundtrackerError as error:
            self.show_problem(problem_text(error))
            return False
        self.status.emit(done)
        return True

    def new_scenario(self) -> None:
        key = unused_key(self.session.workspace, "scenario", "scenario")
        scenario = Scenario(key=key, name=f"New scenario {key.rsplit('-', 1)[-1]}")
        if self._apply(lambda: self.session.create(scenario), f"Added scenario {key}"):
            self.select_key(key)

    def copy_scenario(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        original: Scenario = self.session.service.get("scenario", key)
        copy_key = unused_key(self.session.workspace, "scenario", key)
        copy = dataclasses.replace(original, key=copy_key, name=f"{original.name} (copy)")
        if self._apply(lambda: self.session.create(copy), f"Copied scenario {key} to {copy_key}"):
            self.select_key(copy_key)

    def delete_scenario(self) -> None:
        key = self.selected_key()
        if key is not None:
            self._apply(lambda: self.session.delete("scenario", key), f"Deleted scenario {key} — Undo brings it back")

    def _change_overrides(self, change: Any, done: str) -> None:
        scenario = self.overrides.scenario
        if scenario is None:
            self.show_problem("Select a scenario first.")
            return
        changed = dataclasses.replace(scenario, overrides=change(scenario.overrides))
        self._apply(lambda: self.session.update("scenario", scenario.key, changed, done), done)

    def add_stream_change(self, drop: bool = False) -> None:
        stream = self.stream_choice.currentData()
        if stream:
            override = StreamOverride(stream=stream, drop=bool(drop))
            self._change_overrides(lambda overrides: (*overrides, override), f"Change stream {stream} in scenario")

    def add_position_change(self) -> None:
        position = self.position_choice.currentData()
        if position:
            override = PositionOverride(position=position)
            self._change_overrides(lambda overrides: (*overrides, override), f"Change position {position} in scenario")

    def remove_change(self) -> None:
        row = self.override_table.currentIndex().row()
        if row >= 0:
            self._change_overrides(
                lambda overrides: overrides[:row] + overrides[row + 1 :], "Remove a change from the scenario"
            )

    def show_problem(self, text: str) -> None:
        self.message.setText(text)

    # -- comparing -----------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the comparison and refill the stream and position choices."""
        workspace = self.session.workspace
        for combo, records in ((self.stream_choice, workspace.streams), (self.position_choice, workspace.positions)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for record in records:
                combo.addItem(
                    f"{record.key}: {getattr(record, 'name', '') or getattr(record, 'title', '')}", record.key
                )
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        from fundtracker import forecast

        year_end = target_year_end(self.start, workspace.organization.fiscal_year_start_month)
        rows = []
        try:
            for key, name in [(None, "Baseline (no scenario)")] + [(s.key, s.name) for s in workspace.scenarios]:
                secured = forecast.forecast(workspace, "secured", key, start=self.start, months=HORIZON)
                expected = forecast.forecast(workspace, "expected", key, start=self.start, months=HORIZON)
                short = forecast.shortfall(expected, last_day(year_end))
                rows.append(
                    ComparisonRow(
                        key,
                        name,
                        secured.funded_through,
                        expected.funded_through,
                        short.total,
                        int(expected.unfunded.sum()),
                        expected,
                    )
                )
        except FundtrackerError as error:
            self.show_problem(f"The comparison could not be made: {problem_text(error)}")
        self.comparison.set_rows(rows, month_name(year_end))
        self._draw_comparison()

    def _draw_comparison(self) -> None:
        chosen = self.comparison.chosen_rows()
        self.chart.setChart(balance_chart([(row.name, row.projection) for row in chosen], self.dark))
