"""Helpers for the team-mode and durability tests: a window on a location, answering modal dialogs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from fundtracker.domain.months import month_of
from fundtracker.ui.file_actions import open_location
from fundtracker.ui.main_window import MainWindow

START = month_of(2022, 3)
TODAY = date(2022, 3, 1)


def open_window(qtbot: Any, location: str) -> MainWindow:
    """A main window showing the workspace at ``location`` (its database open)."""
    window = MainWindow(start=START, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=20000):
        open_location(window, location)
    return window


def answer_modal(handle: Callable[[Any], None], seen: list[str]) -> None:
    """When the next modal dialog opens, note its text (or title) in ``seen`` and let ``handle`` answer it."""

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, check)
            return
        seen.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle())
        try:
            handle(dialog)
        except BaseException:
            dialog.reject()  # never leave the test waiting on a dialog nobody answers
            raise

    QTimer.singleShot(0, check)


def click_button(text: str) -> Callable[[Any], None]:
    """An answer for :func:`answer_modal`: click the message box button labelled ``text``."""

    def click(box: Any) -> None:
        for button in box.buttons():
            if button.text().replace("&", "") == text:
                button.click()
                return
        raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")

    return click


def stream_amount_shown(panel: Any, key: str) -> str:
    model = panel.model
    return str(model.data(model.index(model.row_of(key), model.COL_AMOUNT)))
