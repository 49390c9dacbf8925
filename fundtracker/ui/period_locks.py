"""Edit ▸ Lock periods…: finance closes months so their actuals and allocations stay as reported."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.months import MonthIndex, month_index, month_name, month_of, year_month

HELP = (
    "A locked month's actuals and the allocations that charge it cannot be changed, by anyone, until "
    "the month is unlocked. Locking and unlocking are recorded in the audit log."
)


def month_ranges(months: frozenset[MonthIndex] | set[MonthIndex]) -> list[tuple[MonthIndex, MonthIndex]]:
    """Consecutive months grouped into (first, last) ranges, in order."""
    ranges: list[tuple[MonthIndex, MonthIndex]] = []
    for month in sorted(months):
        if ranges and ranges[-1][1] == month - 1:
            ranges[-1] = (ranges[-1][0], month)
        else:
            ranges.append((month, month))
    return ranges


def describe_locked(months: frozenset[MonthIndex] | set[MonthIndex]) -> str:
    """``January 2022 – March 2022; June 2022`` (or "No month is locked.")."""
    if not months:
        return "No month is locked."
    parts = [
        month_name(first) if first == last else f"{month_name(first)} – {month_name(last)}"
        for first, last in month_ranges(months)
    ]
    return "Locked: " + "; ".join(parts)


class PeriodLockDialog(QDialog):
    """Lock or unlock a range of months of the open workspace.

    Args:
        session: the open workspace session.
        today: the range offered first is the month before this day's (default: today).
    """

    def __init__(self, session: Any, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Lock periods")
        start = _month_before(today or date.today())
        self.first = self._month_editor(start, "First month")
        self.last = self._month_editor(start, "Last month")
        self.lock_button = QPushButton("&Lock")
        self.lock_button.setToolTip("Lock every month from the first to the last")
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setToolTip("Unlock every month from the first to the last")
        self.lock_button.clicked.connect(lambda: self._change(lock=True))
        self.unlock_button.clicked.connect(lambda: self._change(lock=False))
        self.locked = QLabel()
        self.locked.setWordWrap(True)
        self.locked.setAccessibleName("Locked months")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem")
        self.message.setStyleSheet("color: #c62828; font-weight: 600;")
        help_label = QLabel(HELP)
        help_label.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.lock_button)
        actions.addWidget(self.unlock_button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(help_label)
        layout.addRow("&From:", self.first)
        layout.addRow("&Through:", self.last)
        layout.addRow(actions)
        layout.addRow(self.locked)
        layout.addRow(self.message)
        layout.addRow(close)
        self.setMinimumWidth(460)
        self.show_locked()

    def _month_editor(self, day: date, name: str) -> QDateEdit:
        editor = QDateEdit(QDate(day.year, day.month, 1))
        editor.setDisplayFormat("MMMM yyyy")
        editor.setCalendarPopup(True)
        editor.setAccessibleName(name)
        editor.setToolTip(name)
        return editor

    def months(self) -> range:
        """The chosen months (first through last, in either order)."""
        first = _month_of(self.first)
        last = _month_of(self.last)
        return range(min(first, last), max(first, last) + 1)

    def show_locked(self) -> None:
        try:
            self.locked.setText(describe_locked(self.session.service.locked_months()))
        except FundtrackerError as error:
            self.message.setText(str(error))

    def _change(self, *, lock: bool) -> None:
        months = self.months()
        self.message.clear()
        try:
            if lock:
                self.session.lock_months(months)
            else:
                self.session.unlock_months(months)
        except FundtrackerError as error:
            self.message.setText(f"Not {'locked' if lock else 'unlocked'}: {error}")
            return
        self.show_locked()


def _month_of(editor: QDateEdit) -> MonthIndex:
    chosen = editor.date()
    return month_of(chosen.year(), chosen.month())


def _month_before(day: date) -> date:
    year, month = year_month(month_index(day) - 1)
    return date(year, month, 1)
