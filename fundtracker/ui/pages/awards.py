"""The Awards page: each award's terms, budget versions and drawdown requests, with where its money stands.

Figures come from :func:`fundtracker.services.award_summary.award_summary` and
:func:`fundtracker.services.drawdown.award_money` as of the chosen day (recomputed after every
change). **Request drawdown…** and **Record payment…** open the dialogs of
:mod:`fundtracker.ui.drawdown_dialog`; each change is one undo step.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.services.award_summary import AwardSummary, award_summary
from fundtracker.services.award_text import money, summary_lines
from fundtracker.ui.models.awards import BudgetVersionsModel, DrawsModel
from fundtracker.ui.session import WorkspaceSession

EMPTY = "No awards yet. Record one on the Applications page (Record award…): it starts with the application's budget."
MESSAGE_STYLE = "color: #c62828; font-weight: 600;"
# The money figures shown, in order: (attribute of AwardMoney, label, tooltip).
FIGURES = (
    ("amount", "Award", "The award: its stream's amount"),
    ("spent", "Spent", "Federal expenditures with indirect, from the award's start through the day"),
    ("requested", "Requested", "Drawdown requests made by the day and not rejected"),
    ("received", "Received", "Payments received by the day: cash in"),
    ("receivable", "Receivable", "Requested and not yet paid"),
    ("unbilled", "Unbilled", "Spent and not yet requested (what a request through the day would ask for)"),
)


def _table(model: Any, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class AwardsPage(QWidget):
    """Awards, their budget versions and drawdown requests; received, receivable and unbilled.

    Args:
        session: the open workspace.
        today: the day figures are "as of" by default, and the day of new requests and payments.

    Signals:
        status(str): a short note for the status bar.
    """

    status = Signal(str)

    def __init__(self, session: WorkspaceSession, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today or date.today()
        self.summary: AwardSummary | None = None

        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Award")
        self.chooser.currentIndexChanged.connect(self.refresh)
        self.as_of = QDateEdit(QDate(self.today.year, self.today.month, self.today.day))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setAccessibleName("Awards as of")
        self.as_of.dateChanged.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel("Award:"))
        top.addWidget(self.chooser, 1)
        top.addWidget(QLabel("As of:"))
        top.addWidget(self.as_of)

        self.terms = QLabel()
        self.terms.setWordWrap(True)
        self.terms.setTextFormat(Qt.TextFormat.PlainText)
        self.terms.setAccessibleName("Terms")
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        for column, (name, label, tip) in enumerate(FIGURES):
            title = QLabel(label)
            title.setToolTip(tip)
            value = QLabel()
            value.setAccessibleName(label)
            value.setToolTip(tip)
            value.setStyleSheet("font-size: 15px; font-weight: 600;")
            grid.addWidget(title, 0, column)
            grid.addWidget(value, 1, column)
            self.figures[name] = value
        money_box = QGroupBox("Money")
        money_box.setLayout(grid)

        self.versions = BudgetVersionsModel(self)
        self.versions_table = _table(self.versions, "Budget versions")
        self.draws = DrawsModel(self)
        self.draws_table = _table(self.draws, "Drawdown requests")
        self.draws_table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.request_button = QPushButton("Request &drawdown…")
        self.request_button.setToolTip("Compute and record a request for the money spent through a day (SF-270)")
        self.request_button.clicked.connect(self.request_drawdown)
        self.payment_button = QPushButton("Record &payment…")
        self.payment_button.setToolTip("Record money received on the selected request (partial payments add up)")
        self.payment_button.clicked.connect(self.record_payment)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.request_button)
        buttons.addWidget(self.payment_button)
        draws_box = QGroupBox("Drawdown requests")
        draws_layout = QVBoxLayout(draws_box)
        draws_layout.addWidget(self.draws_table)
        draws_layout.addLayout(buttons)
        versions_box = QGroupBox("Approved budget, by version (federal share)")
        QVBoxLayout(versions_box).addWidget(self.versions_table)
        self.message = QLabel()
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setWordWrap(True)
        self.empty = QLabel(EMPTY)
        self.empty.setWordWrap(True)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.terms)
        body.addWidget(money_box)
        tables = QHBoxLayout()
        tables.addWidget(versions_box, 1)
        tables.addWidget(draws_box, 1)
        body.addLayout(tables, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.message)

        session.changed.connect(self.reload)
        self.reload()

    def day(self) -> date:
        value: date = self.as_of.date().toPython()  # type: ignore[assignment]
        return value

    def selected_award(self) -> str | None:
        key = self.chooser.currentData()
        return key if isinstance(key, str) else None

    def reload(self, *_: Any) -> None:
        """List the awards again (keeping the one chosen), then refresh."""
        chosen = self.selected_award()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for award in self.session.workspace.awards:
            application = self.session.workspace.find("application", award.key)
            title = application.program_title if application is not None else award.key
            self.chooser.addItem(f"{title} ({award.key})", award.key)
        index = self.chooser.findData(chosen) if chosen is not None else -1
        self.chooser.setCurrentIndex(index if index >= 0 else 0)
        self.chooser.blockSignals(False)
        self.refresh()

    def refresh(self, *_: Any) -> None:
        """Recompute the chosen award's figures as of the chosen day."""
        key = self.selected_award()
        self.empty.setVisible(key is None)
        self.body.setVisible(key is not None)
        self.message.clear()
        self.summary = None
        if key is None:
            self.versions.set_award(None)
            self.draws.set_draws(())
            self._update_buttons()
            return
        try:
            self.summary = award_summary(self.session.workspace, key, self.day())
        except FundtrackerError as error:
            self.message.setText(f"The award could not be shown: {error}")
            self._update_buttons()
            return
        self.terms.setText("\n".join(line.strip() for line in summary_lines(self.summary)[:6]))
        assert self.summary.money is not None
        for name, label in self.figures.items():
            label.setText(money(getattr(self.summary.money, name)))
        self.versions.set_award(self.summary.award)
        self.draws.set_draws(self.summary.award.draws)
        self._update_buttons()

    def select_key(self, key: str) -> None:
        """Show award ``key`` (the audit log's and the dashboard's links)."""
        index = self.chooser.findData(key)
        if index >= 0:
            self.chooser.setCurrentIndex(index)

    def selected_draw(self) -> int | None:
        index = self.draws_table.currentIndex()
        if not index.isValid():
            return None
        return self.draws.draws[index.row()].number

    def _update_buttons(self, *_: Any) -> None:
        writable = not self.session.read_only
        self.request_button.setEnabled(writable and self.summary is not None)
        number = self.selected_draw()
        draw = self.summary.award.draw(number) if self.summary is not None and number is not None else None
        payable = draw is not None and draw.rejected_on is None and draw.received < draw.amount
        self.payment_button.setEnabled(writable and payable)

    def request_drawdown(self) -> None:
        key = self.selected_award()
        if key is None:
            return
        from fundtracker.ui.drawdown_dialog import DrawdownDialog

        dialog = DrawdownDialog(self.session, key, self.today, self)
        if dialog.exec() and dialog.figures is not None:
            self.status.emit(f"Recorded drawdown request {dialog.figures.number} of {money(dialog.figures.amount)}")

    def record_payment(self) -> None:
        key, number = self.selected_award(), self.selected_draw()
        if key is None or number is None:
            return
        from fundtracker.ui.drawdown_dialog import PaymentDialog

        if PaymentDialog(self.session, key, number, self.today, self).exec():
            self.status.emit(f"Recorded a payment on request {number}")
