"""A minimal proof that Qt loads and paints here (used by ``fundtracker --self-test``)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMainWindow


def show_a_window() -> str:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = QMainWindow()
    window.show()
    app.processEvents()
    image = window.grab()
    window.close()
    if image.isNull():
        raise RuntimeError("Qt could not paint a window")
    return f"Qt {QApplication.platformName()} platform, painted {image.width()}×{image.height()}"
