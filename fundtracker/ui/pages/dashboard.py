"""The dashboard: the headline, the charts, and the lists that lead to records.

Every figure comes from the forecast engine. The deterministic projections are
fast and computed on the main thread; the chance of staying funded runs in the
background (cancellable) and fills in the headline when it arrives.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
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
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.money import format_dollars
from fundtracker.domain.months import MonthIndex, month_index, month_name
from fundtracker.services.dashboard import cash_low_point_text, need_sentence
from fundtracker.services.dashboard_figures import (
    DashboardFigures,
    SeriesChoice,
    chance,
    compute,
    fundraising_need,
)
from fundtracker.services.glossary import definition
from fundtracker.services.names import cost_line_names
from fundtracker.ui.models.link_list import TARGET_ROLE, LinkListModel, LinkRow
from fundtracker.ui.session import WorkspaceSession
from fundtracker.ui.worker import Task, error_text, run_in_background

MAX_STREAMS_IN_CHART = 8
NEED_MONTHS_NAMED = 3  # months the need sentence names before summing the rest
MAX_POSITION_CURVES = 3  # position lines on the chance chart besides the overall one


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
        self.odds: Any = None  # the engine's ProbabilityResult once computed
        self.need: Any = None  # the engine's Need the fundraising panel shows
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
        self.headline.setToolTip(
            "From the forecast engine: secured money only, then expected money too.\n"
            + "\n".join(f"{word}: {definition(word)}" for word in ("Funded through", "Secured", "Expected", "Chance"))
        )
        self.cash_note = QLabel()
        self.cash_note.setAccessibleName("Cash low point")
        self.cash_note.setWordWrap(True)
        self.receivables_note = QLabel()
        self.receivables_note.setAccessibleName("Receivables")
        self.receivables_note.setWordWrap(True)
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
        self.chance_view = LegendChartView(
            "Chance of staying funded chart",
            style_key="thick line: everyone funded; dashed lines: the first positions to go unfunded",
        )
        self.odds_model = LinkListModel(
            ("Position", "Through year end", "Below 80%", "Below 50%", "Below 20%"),
            (1,),
            self,
        )
        self.odds_table = self._list_view(self.odds_model, "Chance each position stays funded")
        self.unfunded_model = LinkListModel(
            ("Position", "Priority", "Secured: funded through", "Expected: funded through", "Unfunded (expected)"),
            (4,),
            self,
        )
        self.unfunded_model.header_tips = {
            1: definition("Priority"),
            2: f"{definition('Secured')} {definition('Funded through')}",
            3: definition("Expected"),
            4: f"Cost no money pays within the horizon, in the expected view. {definition('Horizon')}",
        }
        self.deadline_model = LinkListModel(("Date", "What", "Title"), (), self)
        self.lapse_model = LinkListModel(("Stream", "Lapses unspent", "Undrawn award"), (1, 2), self)
        self.lapse_model.header_tips = {1: definition("Lapse"), 2: "The part of the award never drawn down at all."}
        self.unfunded_table = self._list_view(self.unfunded_model, "Positions that go unfunded first")
        self.need_box = self._need_panel()
        self.deadline_table = self._list_view(self.deadline_model, "Deadlines in the next 90 days")
        self.lapse_table = self._list_view(self.lapse_model, "Money lapsing unspent")
        self.warning_model = LinkListModel(("Warning (expected view)",), (), self)
        self.warning_table = self._list_view(self.warning_model, "Warnings")
        self.warning_table.setWordWrap(True)
        self.warning_box = self._titled(
            "Warnings: shares no stream can pay, money lapsing, no payer", self.warning_table
        )

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
        grid.addWidget(self.chance_view, 2, 0)
        grid.addWidget(self._titled("Chance each position stays funded", self.odds_table), 2, 1)
        grid.addWidget(self._titled("Money lapsing unspent", self.lapse_table), 3, 0, 1, 2)
        grid.addWidget(self.warning_box, 4, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        grid.setRowStretch(2, 3)
        grid.setRowStretch(3, 1)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.headline)
        layout.addLayout(chance_row)
        layout.addWidget(self.cash_note)
        layout.addWidget(self.receivables_note)
        layout.addLayout(top)
        layout.addWidget(self.need_box)
        layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        content.setMinimumHeight(1000)

        self._fill_choices()
        session.changed.connect(self._workspace_changed)

    # -- building ----------------------------------------------------------------

    def _need_panel(self) -> QGroupBox:
        """What to raise, by when: a target month, a view, the positions to protect, one sentence."""
        box = QGroupBox("Fundraising need")
        self.need_through = QComboBox()
        self.need_through.setAccessibleName("Keep funded through")
        self.need_through.setToolTip("The month through which nothing (or no chosen position) may go unfunded")
        self.need_view = QComboBox()
        self.need_view.setAccessibleName("Money counted for the need")
        self.need_view.addItem("counting secured money only", "secured")
        self.need_view.addItem("if every expected stream comes in", "expected")
        self.need_view.setToolTip("Which money the need assumes (under the headline's scenario)")
        self.need_positions = QListWidget()
        self.need_positions.setAccessibleName("Positions to keep funded")
        self.need_positions.setToolTip("Tick positions to keep only them funded; none ticked: everyone")
        self.need_positions.setMaximumHeight(90)
        self.need_text = QLabel()
        self.need_text.setWordWrap(True)
        self.need_text.setAccessibleName("Fundraising need")
        self.need_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.need_text.setToolTip(
            "New unrestricted money charged after every other stream, arriving by each month's close: "
            "exactly enough (a cent less by any month leaves something unfunded)"
        )
        row = QHBoxLayout()
        through_label = QLabel("&Through:")
        through_label.setBuddy(self.need_through)
        row.addWidget(through_label)
        row.addWidget(self.need_through)
        row.addWidget(self.need_view)
        row.addStretch(1)
        layout = QGridLayout(box)
        layout.addLayout(row, 0, 0)
        layout.addWidget(self.need_text, 1, 0)
        layout.addWidget(self.need_positions, 0, 1, 2, 1)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 1)
        self.need_through.currentIndexChanged.connect(self._show_need)
        self.need_view.currentIndexChanged.connect(self._show_need)
        self.need_positions.itemChanged.connect(self._show_need)
        return box

    def chosen_need_positions(self) -> list[str]:
        items = (self.need_positions.item(i) for i in range(self.need_positions.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked]

    def _fill_need_choices(self, figures: DashboardFigures) -> None:
        """Months of the horizon (the headline's fiscal year end by default) and the positions."""
        through = self.need_through.currentData()
        chosen = set(self.chosen_need_positions())
        for widget in (self.need_through, self.need_positions):
            widget.blockSignals(True)
        self.need_through.clear()
        for month in range(figures.start, figures.start + figures.months):
            self.need_through.addItem(month_name(month), month)
        position = self.need_through.findData(through if through is not None else figures.year_end)
        self.need_through.setCurrentIndex(max(position, 0))
        self.need_positions.clear()
        names = cost_line_names(self.session.workspace)
        for line in figures.expected.lines:
            if line.kind == "position":
                item = QListWidgetItem(names.get(line.key, line.title))
                item.setData(Qt.ItemDataRole.UserRole, line.key)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if line.key in chosen else Qt.CheckState.Unchecked)
                self.need_positions.addItem(item)
        for widget in (self.need_through, self.need_positions):
            widget.blockSignals(False)

    def _show_need(self, *_: Any) -> None:
        figures = self.figures
        through = self.need_through.currentData()
        if figures is None or through is None:
            return
        try:
            text, self.need = fundraising_need(
                figures, self.need_view.currentData(), through, self.chosen_need_positions()
            )
        except FundtrackerError as error:
            text, self.need = f"The need could not be computed: {error_text(error)}", None
        self.need_text.setText(text)
        if self.need is not None:
            # The sentence names the first months; the tooltip lists every one.
            self.need_text.setText(need_sentence(self.need, most=NEED_MONTHS_NAMED))
            self.need_text.setToolTip(text)

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
        self.odds = None
        self._show_figures()
        self.start_probability()
        self.refreshed.emit()

    def show_precomputed(self, figures: DashboardFigures) -> None:
        """Show figures computed elsewhere (at start-up, on the loader thread) for the current choices."""
        self.figures = figures
        self.chance = None
        self.odds = None
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

        # Progress shows in the page's own note (with its Cancel button), not in a window of its
        # own: this runs after every edit, and a progress window appearing would take the keyboard
        # from the cell or field being typed in (issue 11).
        # The work may end after the page is gone (a window closed while it ran): then nothing
        # may touch the page's deleted widgets.
        def alive(handler: Any) -> Any:
            return lambda *args: handler(task, *args) if shiboken6.isValid(self) else None

        task = run_in_background(work)
        task.progressed.connect(alive(self._chance_progress))
        task.succeeded.connect(alive(self._chance_arrived))
        task.failed.connect(alive(self._chance_failed))
        task.cancelled.connect(alive(self._chance_cancelled))
        self.chance_task = task

    def cancel_probability(self) -> None:
        if self.chance_task is not None and not self.chance_task.done:
            self.chance_task.cancel()

    def _chance_progress(self, task: Task, percent: int, message: str) -> None:
        if task is self.chance_task and not task.done and percent >= 0:
            self.chance_note.setText(f"{message or 'Computing the chance of staying funded…'} {percent}%")

    def _chance_arrived(self, task: Task, result: Any) -> None:
        if task is not self.chance_task or self.figures is None or result is None:
            return
        self.chance, probability = result
        self.odds = probability
        self.chance_state = "done"
        self.cancel_chance.setVisible(False)
        self.headline.setText(self.figures.headline(self.chance, probability))
        self._show_odds(self.figures, probability)
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
        cash = cash_low_point_text(figures.expected)
        self.cash_note.setText(cash)
        self.cash_note.setVisible(bool(cash))
        from fundtracker.services.drawdown import receivables_text

        owed = receivables_text(self.session.workspace, self.today)
        self.receivables_note.setText(owed)
        self.receivables_note.setVisible(bool(owed))
        self._fill_need_choices(figures)
        self._show_need()
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
                        "" if u.priority is None else str(u.priority),
                        _through_or_beyond(u.secured, figures),
                        _through_or_beyond(u.expected, figures),
                        format_dollars(u.expected_unfunded),
                    ),
                    "position",
                    u.key,
                )
                for u in figures.unfunded_both
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
        # A warning opens where it is fixed: a share or a lapse in the allocation matrix, a
        # position nothing pays in its form.
        self.warning_model.set_rows(
            [
                LinkRow(
                    (warning.message,),
                    "position" if warning.kind == "unpaid_position" else "allocation",
                    warning.cost or "",
                    tooltip=warning.message,
                )
                for warning in figures.warnings
            ]
        )
        self.warning_box.setVisible(bool(figures.warnings))
        self.warning_table.resizeRowsToContents()

    def _show_odds(self, figures: DashboardFigures, odds: Any) -> None:
        """The chance chart (overall, then the positions that go unfunded first) and the odds table."""
        from fundtracker.services.dashboard import chance_through, percent_text
        from fundtracker.ui.charts import chance_chart

        names = cost_line_names(self.session.workspace)  # people, not keys
        curves = [("Everyone funded", odds.curve)]
        first_keys = [u.key for u in figures.unfunded_both][:MAX_POSITION_CURVES]
        curves += [
            (names.get(k, odds.positions[k].title), odds.positions[k].curve) for k in first_keys if k in odds.positions
        ]
        self.chance_view.setChart(chance_chart(figures.start, curves, self.dark))
        rows = []
        for key, position in odds.positions.items():
            through = chance_through(position.curve, figures.year_end)
            below = [month_name(m) if m is not None else "—" for m in position.below.values()]
            rows.append(
                LinkRow(
                    (names.get(key, position.title), "" if through is None else percent_text(through), *below),
                    "position",
                    key,
                    tooltip=(
                        f"Chance of being funded through {month_name(figures.year_end)}; below 80 / 50 / 20 %: "
                        "the first month under that chance ('—': never in the horizon)"
                    ),
                )
            )
        self.odds_model.set_rows(rows)

    def _activated(self, index: QModelIndex) -> None:
        target = index.data(TARGET_ROLE)
        if target:
            self.open_record.emit(*target)


def _through_or_beyond(day: date | None, figures: DashboardFigures) -> str:
    """A view's funded-through month, or "beyond" the horizon's last month when it stays funded."""
    if day is None:
        return f"beyond {month_name(figures.start + figures.months - 1)}"
    return _through(day, figures.start)


def _through(day: date, start: MonthIndex) -> str:
    month = month_index(day)
    return f"not even {month_name(start)}" if month < start else month_name(month)
