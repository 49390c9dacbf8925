"""Scenarios: create, copy and edit what-ifs, and compare two to four side by side."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.months import MonthIndex, first_day, fiscal_year, last_day, month_index
from fundtracker.domain.records import (
    AddPosition,
    AllocationOverride,
    Position,
    PositionOverride,
    PriorityOverride,
    Scenario,
    StreamOverride,
)
from fundtracker.services.dashboard import target_year_end, year_end_phrase
from fundtracker.services.dashboard_figures import HORIZON
from fundtracker.services.names import labelled, names_by_key
from fundtracker.ui.chart_legend import LegendChartView
from fundtracker.ui.charts import balance_chart
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


def _rows_height(view: QTableView, rows: int) -> int:
    """The height that shows the header and ``rows`` rows of ``view``."""
    header = view.horizontalHeader().sizeHint().height()
    return header + rows * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth() + 2


def _choice_box() -> QComboBox:
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(14)
    return box


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
        # The description takes the width left (its tooltip has the whole text), so it is never
        # pushed off the side of a narrow window.
        self.scenario_table.horizontalHeader().setSectionResizeMode(
            ScenarioTableModel.COL_DESCRIPTION, QHeaderView.ResizeMode.Stretch
        )
        self.scenario_table.setWordWrap(False)
        self.scenario_table.setMinimumHeight(_rows_height(self.scenario_table, 3))
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
            (OverrideTableModel.COL_SHARE, PercentDelegate(self)),
        ):
            self.override_table.setItemDelegateForColumn(column, delegate)
        self.override_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Names are long ("Stream: Community services and prevention fund …"): the column is
        # narrow and elides them (the tooltip has the whole name), so the figures stay in view.
        self.override_table.horizontalHeader().setSectionResizeMode(
            OverrideTableModel.COL_TARGET, QHeaderView.ResizeMode.Interactive
        )
        self.override_table.horizontalHeader().resizeSection(OverrideTableModel.COL_TARGET, 150)
        self.override_table.setMinimumHeight(_rows_height(self.override_table, 2))
        self.overrides.problem.connect(self.show_problem)
        self.stream_choice = _choice_box()
        self.stream_choice.setToolTip("The stream a new change is about")
        self.stream_choice.setAccessibleName("Stream to change")
        self.add_stream_button = _button("Change &stream", "Add a change to the chosen stream")
        self.position_choice = _choice_box()
        self.position_choice.setToolTip("The position a new change is about")
        self.position_choice.setAccessibleName("Position to change")
        self.add_position_button = _button("Change &position", "Add a change to the chosen position")
        self.remove_button = _button("&Remove change", "Remove the selected change from the scenario")
        self.add_stream_button.clicked.connect(self.add_stream_change)
        self.add_position_button.clicked.connect(self.add_position_change)
        self.remove_button.clicked.connect(self.remove_change)
        # What-ifs (issue 13): a planned hire, a share, who is paid first; one menu button keeps
        # the page's rows (a 1024-pixel window keeps room for the comparison).
        self.what_if_button = _button("&What if…", "Plan a hire, change a share or protect a position first")
        menu = QMenu(self.what_if_button)
        self.hire_action = menu.addAction("Plan a &hire like the chosen position")
        self.hire_action.setToolTip("A planned hire like the chosen position; set its title, salary and start")
        self.share_action = menu.addAction("Change the &share the chosen stream pays of the chosen position")
        self.priority_action = menu.addAction("&Protect the chosen position first (priority 1)")
        menu.setToolTipsVisible(True)
        self.what_if_button.setMenu(menu)
        self.hire_action.triggered.connect(self.add_hire)
        self.share_action.triggered.connect(self.add_share_change)
        self.priority_action.triggered.connect(self.add_priority_change)

        self.comparison = ComparisonModel(self)
        self.comparison_table = _table(
            "Scenario comparison", "Tick two to four scenarios to draw them on the chart; figures from the engine"
        )
        self.comparison_table.setModel(self.comparison)
        self.comparison_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.comparison.chosen_changed.connect(self._draw_comparison)
        self.comparison.problem.connect(self.show_problem)
        self.chart = LegendChartView("Scenario comparison chart")

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
        # Two rows, so the combo boxes keep room for "combat: COMBAT anti-crime tax allocation".
        add_grid = QGridLayout()
        add_grid.addWidget(self.stream_choice, 0, 0)
        add_grid.addWidget(self.add_stream_button, 0, 1)
        add_grid.addWidget(self.position_choice, 1, 0)
        add_grid.addWidget(self.add_position_button, 1, 1)
        add_grid.addWidget(self.remove_button, 0, 2)
        add_grid.addWidget(self.what_if_button, 1, 2)
        add_grid.setColumnStretch(0, 1)
        changes_layout.addLayout(add_grid)
        changes_layout.addWidget(self.override_table)
        top = QSplitter()
        top.addWidget(list_box)
        top.addWidget(changes_box)
        top.setStretchFactor(0, 4)
        top.setStretchFactor(1, 5)
        top.setSizes([400, 500])
        top.setChildrenCollapsible(False)
        # The comparison table above its chart: side by side, a 1024-pixel window cut off the
        # table's last columns and the chart's month labels.
        compare_box = QGroupBox("Compare (expected view)")
        compare_layout = QVBoxLayout(compare_box)
        compare_split = QSplitter(Qt.Orientation.Vertical)
        compare_split.addWidget(self.comparison_table)
        compare_split.addWidget(self.chart)
        compare_split.setStretchFactor(0, 0)  # the table keeps room for five rows; the chart takes the rest
        compare_split.setStretchFactor(1, 1)
        compare_split.setSizes([_rows_height(self.comparison_table, 5), 400])
        compare_split.setChildrenCollapsible(False)
        compare_layout.addWidget(compare_split)
        self.comparison_table.setMinimumHeight(_rows_height(self.comparison_table, 3))
        self.chart.view.setMinimumHeight(170)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(compare_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
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
        self._fill_position_choice()

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
            self._change_overrides(
                lambda overrides: (*overrides, override),
                f"Change stream {self.stream_choice.currentText()} in scenario",
            )

    def add_position_change(self) -> None:
        position = self.position_choice.currentData()
        if position:
            override = PositionOverride(position=position)
            self._change_overrides(
                lambda overrides: (*overrides, override),
                f"Change position {self.position_choice.currentText()} in scenario",
            )

    def _planned_hires(self) -> list[Position]:
        scenario = self.overrides.scenario
        return [o.position for o in scenario.overrides if isinstance(o, AddPosition)] if scenario else []

    def _chosen_position(self) -> Position | None:
        key = self.position_choice.currentData()
        found = self.session.workspace.find("position", key) if key else None
        return found or next((p for p in self._planned_hires() if p.key == key), None)

    def add_hire(self) -> None:
        """A planned hire like the chosen position, starting the month after the forecast's first."""
        if self.overrides.scenario is None:
            self.show_problem("Select a scenario first.")
            return
        like = self._chosen_position()
        taken = self.session.workspace.cost_keys() | {p.key for p in self._planned_hires()}
        number = 1
        while f"hire-{number}" in taken:
            number += 1
        hire = Position(
            key=f"hire-{number}",
            title=f"New {like.title}" if like else "Planned hire",
            annual_salary=like.annual_salary if like else 0,
            start=first_day(self.start + 1),
            fte=like.fte if like else Decimal(1),
            fringe_rate=like.fringe_rate if like else None,
            annual_raise=like.annual_raise if like else Decimal(0),
        )
        self._change_overrides(lambda overrides: (*overrides, AddPosition(hire)), f"Plan a hire: {hire.title}")

    def add_share_change(self) -> None:
        """The chosen stream pays its current share of the chosen position, or what no stream pays yet."""
        cost, stream = self.position_choice.currentData(), self.stream_choice.currentData()
        if not cost or not stream:
            return
        day = first_day(self.start)
        active = [
            a
            for a in self.session.workspace.allocations
            if a.cost == cost and (a.start is None or a.start <= day) and (a.end is None or day <= a.end)
        ]
        mine = sum((a.percent for a in active if a.stream == stream), Decimal(0))
        others = sum((a.percent for a in active if a.stream != stream), Decimal(0))
        percent = mine if mine > 0 else max(Decimal(100) - others, Decimal(0))
        override = AllocationOverride(cost, stream, percent)
        self._change_overrides(
            lambda overrides: (*overrides, override),
            f"Change the share of {self.position_choice.currentText()} paid by {self.stream_choice.currentText()}",
        )

    def add_priority_change(self) -> None:
        cost = self.position_choice.currentData()
        if cost:
            override = PriorityOverride(cost, 1)
            self._change_overrides(
                lambda overrides: (*overrides, override), f"Protect {self.position_choice.currentText()} first"
            )

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
        current = self.stream_choice.currentData()
        self.stream_choice.blockSignals(True)
        self.stream_choice.clear()
        for choice, label in labelled(names_by_key(workspace, "stream")).items():
            self.stream_choice.addItem(label, choice)
        self.stream_choice.setCurrentIndex(max(self.stream_choice.findData(current), 0))
        self.stream_choice.blockSignals(False)
        self._fill_position_choice()
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
        fiscal_start = workspace.organization.fiscal_year_start_month
        self.comparison.set_rows(
            rows, year_end_phrase(self.start, year_end, fiscal_start), f"FY{fiscal_year(year_end, fiscal_start)}"
        )
        self._draw_comparison()

    def _fill_position_choice(self) -> None:
        """The workspace's positions (a scenario changes positions, not expenses) and the selected
        scenario's planned hires."""
        workspace = self.session.workspace
        positions = {p.key for p in workspace.positions}
        combo = self.position_choice
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for choice, label in labelled(names_by_key(workspace, "position")).items():
            if choice in positions:
                combo.addItem(label, choice)
        for hire in self._planned_hires():
            combo.addItem(f"{hire.title} (planned hire)", hire.key)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _draw_comparison(self) -> None:
        chosen = self.comparison.chosen_rows()
        self.chart.setChart(balance_chart([(row.name, row.projection) for row in chosen], self.dark))
