"""The window fits the screen it opens on: first-start size, small windows, 200 % scaling.

Screens of a given size come from the offscreen platform's configuration file, in a
subprocess (one QApplication per screen set-up).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QPushButton, QWidget

from fundtracker.domain.months import month_of
from fundtracker.ui.file_actions import open_location
from fundtracker.ui.main_window import PAGES, MainWindow, first_start_geometry, place_window

pytestmark = pytest.mark.gui

# Run in a subprocess on a configured screen: open the sample, visit every page, and report
# where the window, its status bar and each page's Save buttons are, in screen coordinates.
PROBE = r"""
import json, sys
from datetime import date
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QApplication, QPushButton
app = QApplication([])
from fundtracker.ui import gc_guard
gc_guard.install(app)
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
from fundtracker.domain.months import month_of
from fundtracker.ui.file_actions import open_location
from fundtracker.ui.main_window import PAGES, MainWindow, place_window
# Imported here, not first on the worker thread that opens the workspace (this probe is about
# the layout; the start-up's own threading has its tests in test_launch.py).
import fundtracker.forecast, fundtracker.services.dashboard_figures, fundtracker.services.workspace
window = MainWindow(start=month_of(2022, 3), today=date(2022, 3, 1))
place_window(window)
window.show()
from PySide6.QtCore import QEventLoop
loop = QEventLoop()
window.workspace_ready.connect(loop.quit)
open_location(window, sys.argv[1])
loop.exec()
def on_screen(widget):
    top_left = widget.mapToGlobal(QPoint(0, 0))
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]
report = {"screen": list(app.primaryScreen().availableGeometry().getRect()),
          "frame": list(window.frameGeometry().getRect()), "status": on_screen(window.statusBar()), "saves": {}}
for row, name in enumerate(PAGES):
    window.navigation.setCurrentRow(row)
    for _ in range(5):
        app.processEvents()
    viewport = window.page_scroll.viewport()
    visible = QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())
    saves = [b for b in window.stack.currentWidget().findChildren(QPushButton) if b.text() == "&Save" and b.isVisible()]
    report["saves"][name] = [[*on_screen(b), visible.contains(QRect(*on_screen(b)))] for b in saves]
window.close_session()
print(json.dumps(report))
"""


def probe(tmp_path: Path, sample_path: Path, width: int, height: int, scale: int = 1) -> dict:  # type: ignore[type-arg]
    config = tmp_path / "screen.json"
    screen = {"name": "s", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}))
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": str(scale),
        "FUNDTRACKER_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(sample_path), str(tmp_path / "settings")],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def inside(outer: list[int], inner: list[int]) -> bool:
    return QRect(*outer).contains(QRect(*inner[:4]))


def test_first_start_takes_at_most_ninety_percent_of_the_screen_centred() -> None:
    laptop = QRect(0, 0, 1366, 738)  # 1366 × 768 less a 30-pixel task bar
    frame = first_start_geometry(laptop)
    assert (frame.width(), frame.height()) == (1229, 664)  # 90 %, rounded down
    assert abs(frame.left() - (laptop.width() - frame.right() - 1)) <= 1  # centred across
    assert abs(frame.top() - (laptop.height() - frame.bottom() - 1)) <= 1  # and down
    wide = QRect(1920, 0, 2560, 1400)  # a second monitor, right of the first
    frame = first_start_geometry(wide)
    assert (frame.width(), frame.height()) == (1280, 820)  # the preferred size when it fits
    assert wide.contains(frame)


def test_a_remembered_size_larger_than_the_screen_is_fitted_to_it(qtbot) -> None:
    big = MainWindow()
    qtbot.addWidget(big)
    big.setGeometry(0, 0, 3000, 2000)
    remembered = bytes(big.saveGeometry().data())
    window = MainWindow()
    qtbot.addWidget(window)
    place_window(window, remembered)
    available = window.screen().availableGeometry()
    assert available.contains(window.geometry())
    assert window.width() <= available.width() and window.height() <= available.height()


def test_on_a_1366_by_768_laptop_the_status_bar_and_every_save_button_are_on_screen(
    tmp_path: Path, sample_path: Path
) -> None:
    report = probe(tmp_path, sample_path, 1366, 768)
    assert inside(report["screen"], report["frame"]), report
    assert inside(report["frame"], report["status"])
    assert report["saves"]["Funding streams"] and report["saves"]["Staff & costs"]  # the panels have them
    for page, saves in report["saves"].items():
        for save in saves:
            assert inside(report["screen"], save) and save[4], f"{page}: Save at {save} is off screen"


def test_at_200_percent_the_window_fits_and_pages_scroll_rather_than_push_it_off_screen(
    tmp_path: Path, sample_path: Path
) -> None:
    report = probe(tmp_path, sample_path, 1920, 1080, scale=2)  # 960 × 540 in the app's own pixels
    assert report["screen"] == [0, 0, 960, 540]
    assert inside(report["screen"], report["frame"]), report
    assert inside(report["frame"], report["status"])
    assert report["saves"]["Funding streams"][0][4]  # the stream form's Save is in view


def test_every_page_works_at_1024_by_700(qtbot, sample_path: Path) -> None:
    window = MainWindow(start=month_of(2022, 3), today=__import__("datetime").date(2022, 3, 1))
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=15000):
        open_location(window, str(sample_path))
    for row, name in enumerate(PAGES):
        window.navigation.setCurrentRow(row)
        qtbot.wait(10)
        assert (window.width(), window.height()) == (1024, 700), f"{name} made the window grow"
        page: QWidget = window.stack.currentWidget()
        # Wider or taller than the window's share would mean a scroll bar: at 1024 × 700 none is needed.
        viewport = window.page_scroll.viewport()
        assert page.width() <= viewport.width() and page.height() <= viewport.height(), name
        for button in page.findChildren(QPushButton):
            if button.isVisible():
                corner = button.mapTo(window, QPoint(button.width(), button.height()))
                assert window.rect().contains(corner), f"{name}: {button.text()} is clipped"
    status = window.statusBar()
    assert window.rect().contains(QRect(status.mapTo(window, QPoint(0, 0)), status.size()))
