"""The dashboard: the headline, the charts, and the lists that lead to records.

Every figure comes from the forecast engine. The deterministic projections are
fast and computed on the main thread; the chance of staying funded runs in the
background (cancellable) and fills in the headline when it arrives.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.money import format_dollars
from fundtracker.domain.months import MonthIndex, month_index, month_name
from fundtracker.services.dashboard_figures import DashboardFigures, SeriesChoice, chance, compute
from fundtracker.services.names import cost_line_names
from fundtracker.ui.models.link_list import TARGET_ROLE, LinkListModel, LinkRow
from fundtracker.ui.session import WorkspaceSession
from fundtracker.ui.worker import Task, error_text, run_with_progress

MAX_STREAMS_IN_CHART = 8


class DashboardPage(QWidget):
    """The first page: when the money runs out, and what to do about it.

    Args:
        session: the open workspace.
        start: the first month of the forecast (default: this month).
        today: the day deadlines are counted from (default: today).
        trials: trials for a sampled probability.

    Signals:
        open_record(str, str): a row or chart part was activated; kind and key of its record.
        refreshed(): the figures were recomputed and shown.
    """

    open_record = Signal(str, str)
    refreshed = Signal()
    chance_ready = Signal()

    def __init__(
        self,
        session: WorkspaceSession,
        *,
        start: MonthIndex | None = None,
        today: date | None = None,
        trials: int = 20000,
        dark: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today or date.today()
        self.start = start if start is not None else month_index(self.today)
        self.trials = trials
        self.dark = dark
        self.figures: DashboardFigures | None = None
        self.chance: float | None = None
        self.chance_task: Task | None = None
        self.chance_state = "idle"  # idle, computing, done, cancelled, failed

        self.headline = QLabel("Computing the forecast…")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setAccessibleName("Headline")
        self.headline.setToolTip("From the forecast engine: secured money only, then expected money too")
        self.chance_note = QLabel()
        self.chance_note.setAccessibleName("Chance status")
        self.cancel_chance = QPushButton("Cancel chance")
        self.cancel_chance.setToolTip("Stop computing the chance of staying funded")
        self.cancel_chance.clicked.connect(self.cancel_probability)
        self.cancel_chance.setVisible(False)

        self.scenario = QComboBox()
        self.scenario.setToolTip("The scenario the headline, lists and money-in chart assume")
        self.scenario.setAccessibleName("Headline scenario")
        self.scenario.currentIndexChanged.connect(self.refresh)
        self.series_box = QGroupBox("Compare on the balance chart")
        self.series_box.setToolTip("Each ticked view or scenario adds a balance line and an unfunded line")
        self.series_layout = QHBoxLayout(self.series_box)
        self.series_checks: list[tuple[QCheckBox, SeriesChoice]] = []

        from fundtracker.ui.chart_legend import LegendChartView

        self.balance_view = LegendChartView("Balance and unfunded cost chart")
        self.inflow_view = LegendChartView("Money in by stream chart")
        self.unfunded_model = LinkListModel(("Position", "Funded through", "Unfunded in horizon"), (2,), self)
        self.deadline_model = LinkListModel(("Date", "What", "Title"), (), self)
        self.lapse_model = LinkListModel(("Stream", "Lapses unspent", "Undrawn award"), (1, 2), self)
        self.unfunded_table = self._list_view(self.unfunded_model, "Positions that go unfunded first")
        self.deadline_table = self._list_view(self.deadline_model, "Deadlines in the next 90 days")
        self.lapse_table = self._list_view(self.lapse_model, "Money lapsing unspent")

        top = QHBoxLayout()
        scenario_label = QLabel("&Scenario:")
        scenario_label.setBuddy(self.scenario)
        top.addWidget(scenario_label)
        top.addWidget(self.scenario)
        top.addWidget(self.series_box, 1)
        chance_row = QHBoxLayout()
        chance_row.addWidget(self.chance_note, 1)
        chance_row.addWidget(self.cancel_chance)

        grid = QGridLayout()
        grid.addWidget(self.balance_view, 0, 0)
        grid.addWidget(self.inflow_view, 0, 1)
        grid.addWidget(self._titled("Positions that go unfunded first", self.unfunded_table), 1, 0)
        grid.addWidget(self._titled("Deadlines in the next 90 days", self.deadline_table), 1, 1)
        grid.addWidget(self._titled("Money lapsing unspent", self.lapse_table), 2, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        grid.setRowStretch(2, 1)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.headline)
        layout.addLayout(chance_row)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        content.setMinimumHeight(720)

        self._fill_choices()
        session.changed.connect(self._workspace_changed)

    # -- building ----------------------------------------------------------------

    def _list_view(self, model: LinkListModel, name: str) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAccessibleName(name)
        view.setToolTip(f"{name}: double-click or press Enter to open the record")
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        view.activated.connect(self._activated)
        view.doubleClicked.connect(self._activated)
        view.setMinimumHeight(110)
        return view

    def _titled(self, title: str, widget: QWidget) -> QWidget:
        box = QGroupBox(title)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(6, 6, 6, 6)
        box_layout.addWidget(widget)
        return box

    def _fill_choices(self) -> None:
        """Scenario choices and series check boxes from the workspace's scenarios."""
        workspace = self.session.workspace
        current = self.scenario.currentData()
        self.scenario.blockSignals(True)
        self.scenario.clear()
        self.scenario.addItem("Baseline (no scenario)", None)
        for scenario in workspace.scenarios:
            self.scenario.addItem(scenario.name, scenario.key)
        position = self.scenario.findData(current)
        self.scenario.setCurrentIndex(max(position, 0))
        self.scenario.blockSignals(False)

        ticked = {choice for check, choice in self.series_checks if check.isChecked()}
        for check, _choice in self.series_checks:
            self.series_layout.removeWidget(check)
            check.deleteLater()
        choices = [SeriesChoice("Secured", "secured", None), SeriesChoice("Expected", "expected", None)]
        choices += [SeriesChoice(s.name, "expected", s.key) for s in workspace.scenarios]
        self.series_checks = []
        for choice in choices:
            check = QCheckBox(choice.label)
            check.setToolTip(
                f"Show the {choice.view} view" + (f" under scenario {choice.label!r}" if choice.scenario else "")
            )
            check.setChecked(choice in ticked if ticked else choice.scenario is None)
            check.toggled.connect(self._redraw_series)
            self.series_layout.addWidget(check)
            self.series_checks.append((check, choice))
        self.series_layout.addStretch(1)

    def select_scenario(self, key: str | None) -> None:
        """Make the headline assume scenario ``key`` (None for the baseline)."""
        self.scenario.setCurrentIndex(max(self.scenario.findData(key), 0))

    # -- computing ----------------------------------------------------------------

    def _workspace_changed(self) -> None:
        names = [s.name for s in self.session.workspace.scenarios]
        if names != [check.text() for check, choice in self.series_checks if choice.scenario]:
            self._fill_choices()
        self.refresh()

    def _chosen(self) -> list[SeriesChoice]:
        return [choice for check, choice in self.series_checks if check.isChecked()]

    def refresh(self) -> None:
        """Recompute the projections and show them; start the chance in the background."""
        try:
            self.figures = compute(
                self.session.workspace, self.start, self.scenario.currentData(), self._chosen(), self.today
            )
        except FundtrackerError as error:
            self.headline.setText(f"The forecast could not be made: {error_text(error)}")
            return
        self.chance = None
        self._show_figures()
        self.start_probability()
        self.refreshed.emit()

    def show_precomputed(self, figures: DashboardFigures) -> None:
        """Show figures computed elsewhere (at start-up, on the loader thread) for the current choices."""
        self.figures = figures
        self.chance = None
        self._show_figures()
        self.start_probability()
        self.refreshed.emit()

    def current_choices(self) -> tuple[str | None, list[SeriesChoice]]:
        """The headline's scenario and the chart series ticked (what :func:`compute` needs)."""
        return self.scenario.currentData(), self._chosen()

    def _redraw_series(self) -> None:
        self.refresh()

    def start_probability(self) -> None:
        """Compute the chance of staying funded on a worker thread (replacing one still running)."""
        figures = self.figures
        if figures is None:
            return
        if self.chance_task is not None and not self.chance_task.done:
            self.chance_task.cancel()
        workspace = self.session.workspace
        trials = self.trials

        def work(progress: Any, cancelled: Any) -> Any:
            progress(0, 1, "Computing the chance of staying funded…")
            return chance(
                workspace,
                figures.start,
                figures.scenario,
                figures.year_end,
                trials,
                figures.months,
                progress=lambda done, total: progress(done, total, "Computing the chance of staying funded…"),
                cancelled=cancelled,
            )

        self.chance_state = "computing"
        self.chance_note.setText("Computing the chance of staying funded…")
        self.cancel_chance.setVisible(True)
        task = run_with_progress(
            self,
            "Chance of staying funded",
            work,
            lambda result: self._chance_arrived(task, result),
            on_failure=lambda error: self._chance_failed(task, error),
            modal=False,
            minimum_duration_ms=700,
        )
        task.cancelled.connect(lambda: self._chance_cancelled(task))
        self.chance_task = task

    def cancel_probability(self) -> None:
        if self.chance_task is not None and not self.chance_task.done:
            self.chance_task.cancel()

    def _chance_arrived(self, task: Task, result: Any) -> None:
        if task is not self.chance_task or self.figures is None or result is None:
            return
        self.chance, probability = result
        self.chance_state = "done"
        self.cancel_chance.setVisible(False)
        self.headline.setText(self.figures.headline(self.chance))
        method = "every combination" if probability.method == "exact" else f"{probability.trials:,} sampled trials"
        uncertain = len(probability.uncertain)
        self.chance_note.setText(f"Chance from {uncertain} uncertain stream{'s' * (uncertain != 1)}, {method}.")
        self.chance_ready.emit()

    def _chance_failed(self, task: Task, error: BaseException) -> None:
        if task is self.chance_task:
            self.chance_state = "failed"
            self.cancel_chance.setVisible(False)
            self.chance_note.setText(f"The chance could not be computed: {error_text(error)}")

    def _chance_cancelled(self, task: Task) -> None:
        if task is self.chance_task:
            self.chance_state = "cancelled"
            self.cancel_chance.setVisible(False)
            self.chance_note.setText("Chance of staying funded: cancelled. It is computed again after the next edit.")

    # -- showing ------------------------------------------------------------------

    def _show_figures(self) -> None:
        figures = self.figures
        assert figures is not None
        self.headline.setText(figures.headline(None))
        from fundtracker.ui.charts import balance_chart, inflow_chart

        self.balance_view.setChart(balance_chart(figures.series, self.dark))
        self.inflow_view.setChart(
            inflow_chart(
                figures.expected, lambda key: self.open_record.emit("stream", key), self.dark, MAX_STREAMS_IN_CHART
            )
        )
        names = cost_line_names(self.session.workspace)
        self.unfunded_model.set_rows(
            [
                LinkRow(
                    (
                        names.get(u.key, u.title),
                        _through(u.funded_through, figures.start),
                        format_dollars(u.unfunded_total),
                    ),
                    "position",
                    u.key,
                )
                for u in figures.unfunded_first
            ]
        )
        self.deadline_model.set_rows(
            [LinkRow((u.date.isoformat(), u.what, u.title), u.kind, u.key) for u in figures.upcoming]
        )
        self.lapse_model.set_rows(
            [
                LinkRow(
                    (lapse.name, format_dollars(lapse.lapsed_total), format_dollars(lapse.undrawn_total)),
                    "stream",
                    lapse.key,
                )
                for lapse in figures.lapsing
            ]
        )

    def _activated(self, index: QModelIndex) -> None:
        target = index.data(TARGET_ROLE)
        if target:
            self.open_record.emit(*target)


def _through(day: date, start: MonthIndex) -> str:
    month = month_index(day)
    return f"not even {month_name(start)}" if month < start else month_name(month)
