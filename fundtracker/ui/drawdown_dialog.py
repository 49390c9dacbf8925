"""Dialogs of the Awards page: make a drawdown request, record a payment on one.

Both are thin: the figures come from :mod:`fundtracker.services.drawdown` and the change is its
step, applied as one undo step (audited) through the session.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.money import format_money, parse_money
from fundtracker.services import drawdown
from fundtracker.ui.session import WorkspaceSession

ERROR_STYLE = "color: #c62828; font-weight: 600;"


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setAccessibleName(name)
    return edit


def _day(edit: QDateEdit) -> date:
    value: date = edit.date().toPython()  # type: ignore[assignment]
    return value


class DrawdownDialog(QDialog):
    """Request the money spent through a day: the computation shown live, recorded on OK.

    Args:
        session: the open workspace.
        award: the award's key.
        today: the day of the request (and the default period end).
    """

    def __init__(self, session: WorkspaceSession, award: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Drawdown request")
        self.session, self.award, self.today = session, award, today
        self.figures: drawdown.DrawdownFigures | None = None
        self.through = _date_edit(today, "Request the money spent through")
        self.through.dateChanged.connect(self.recompute)
        self.computation = QLabel()
        self.computation.setAccessibleName("Computation")
        self.computation.setTextFormat(Qt.TextFormat.PlainText)
        self.computation.setStyleSheet("font-family: monospace;")
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Spent &through:", self.through)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Record request")
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.computation)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.recompute()

    def recompute(self, *_: Any) -> None:
        """Show what a request through the chosen day asks for (nothing recorded yet)."""
        self.error.clear()
        try:
            self.figures = drawdown.compute_drawdown(self.session.workspace, self.award, _day(self.through))
        except FundtrackerError as exc:
            self.figures = None
            self.error.setText(str(exc))
            return
        self.computation.setText("\n".join(drawdown.figures_text(self.figures)))

    def record(self) -> None:
        """Record the request (one undo step) and close; a refusal is shown and the dialog stays."""
        try:
            figures, steps = drawdown.request_steps(self.session.workspace, self.award, _day(self.through), self.today)
            self.session.apply(f"Drawdown request {figures.number} of {format_money(figures.amount)}", steps)
        except FundtrackerError as exc:
            self.error.setText(str(exc))
            return
        self.figures = figures
        self.accept()


class PaymentDialog(QDialog):
    """Record money received on a request (the unpaid rest by default; less is a partial payment)."""

    def __init__(
        self, session: WorkspaceSession, award: str, number: int, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Payment on request {number}")
        self.session, self.award, self.number = session, award, number
        found = session.workspace.find("award", award)
        draw = found.draw(number) if found is not None else None
        unpaid = draw.amount - draw.received if draw is not None else 0
        self.date = _date_edit(today, "Day received")
        self.amount = QLineEdit(format_money(unpaid, grouping=True))
        self.amount.setAccessibleName("Amount received")
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Received on:", self.date)
        form.addRow("&Amount:", self.amount)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Record payment")
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def record(self) -> None:
        try:
            amount = parse_money(self.amount.text())
            step = drawdown.payment_step(self.session.workspace, self.award, self.number, _day(self.date), amount)
            self.session.apply(f"Payment of {format_money(amount)} on request {self.number}", [step])
        except FundtrackerError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
