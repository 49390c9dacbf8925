"""QApplication set-up and the main loop."""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QMainWindow, QSplitter, QStackedWidget

from fundtracker import __version__

PAGES = (
    "Dashboard",
    "Funding streams",
    "Staff & costs",
    "Allocations",
    "Scenarios",
    "Applications",
    "Deadlines",
    "Audit log",
)


class MainWindow(QMainWindow):
    """The application's main window: navigation on the left, pages on the right."""

    def __init__(self, location: str) -> None:
        super().__init__()
        self.setWindowTitle(f"fundtracker — {location}")
        self.navigation = QListWidget()
        self.navigation.addItems(PAGES)
        self.pages = QStackedWidget()
        for name in PAGES:
            self.pages.addWidget(QLabel(name))
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.pages)
        self.setCentralWidget(splitter)
        self.statusBar().showMessage(location)
        self.resize(1100, 720)


def run_app(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="fundtracker")
    parser.add_argument("workspace", nargs="?")
    parser.add_argument("--database")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("fundtracker")
    app.setOrganizationName("fundtracker")
    app.setApplicationVersion(__version__)
    from fundtracker.services.startup import choose_location

    settings = QSettings()
    last = settings.value("workspace/last")
    location, _fresh = choose_location(args.workspace, args.database, str(last) if last else None)
    window = MainWindow(location)
    window.show()
    settings.setValue("workspace/last", location)
    quit_after = os.environ.get("FUNDTRACKER_QUIT_AFTER_MS")
    if quit_after:
        QTimer.singleShot(int(quit_after), app.quit)
    return app.exec()
