"""QApplication set-up and the main loop.

Start-up order matters for speed: the window is built and shown first; the
workspace is opened, and its first forecast computed, on a worker thread; the
pages are built when that arrives. Nothing here imports the store or numpy.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from fundtracker import __version__
from fundtracker.domain.locations import hide_passwords
from fundtracker.ui import gc_guard, settings


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # The message may quote an argument: a server URL in it is shown without its password.
        super().error(hide_passwords(message))


def run_app(argv: list[str]) -> int:
    """``fundtracker [WORKSPACE] [--database URL]``: show the main window and run until it closes.

    The environment variable FUNDTRACKER_QUIT_AFTER_MS quits after that many milliseconds
    (a smoke test of ``make run``).
    """
    parser = _Parser(prog="fundtracker")
    parser.add_argument("workspace", nargs="?")
    parser.add_argument("--database")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    gc_guard.install(app)  # before any worker thread starts
    app.setApplicationName("fundtracker")
    app.setOrganizationName("fundtracker")
    app.setApplicationVersion(__version__)
    from fundtracker.ui.main_window import MainWindow

    theme = settings.get(settings.THEME)
    window = MainWindow()
    if theme != "system":  # Fusion follows the system's light or dark scheme by itself
        from fundtracker.ui.theme import apply_theme

        window.dark = apply_theme(app, theme)
    geometry = settings.get(settings.GEOMETRY)
    if geometry:
        window.restoreGeometry(geometry)
    window.show()

    # Open the workspace once the window has painted, so the two do not compete for the CPU.
    def start_opening() -> None:
        from fundtracker.ui.file_actions import open_startup

        open_startup(window, args.workspace, args.database)

    window.first_painted.connect(start_opening)
    quit_after = os.environ.get("FUNDTRACKER_QUIT_AFTER_MS")
    if quit_after:
        QTimer.singleShot(int(quit_after), app.quit)
    status = app.exec()
    window.close_session()  # when quit without closing the window
    return status
